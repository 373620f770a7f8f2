"""ONNX Runtime 1.31 as the runtime oracle: every check of pairs.txt agrees
(fixed exports, torch 1.13's and torch 2.14's, compute what their originals
do; a recorded PyTorch output is reproduced, or not where the export is
known wrong), and every fixed export is named in it."""
import re
from pathlib import Path

import pytest

from ort_oracle import pair_lines, run_check
from oracle_corpus import ROOT

FIXTURES = ROOT / "models" / "fixtures"
PAIRS = Path(__file__).with_name("pairs.txt")


@pytest.mark.parametrize("line", list(pair_lines(PAIRS)))
def test_pair(line):
    ran, difference, _ = run_check(FIXTURES, line)
    assert difference == "", difference


def test_every_fixed_export_is_paired():
    named = set()
    for line in pair_lines(PAIRS):
        named.update(w for w in line.split()[1:3])
    fixed = sorted(str(p.relative_to(FIXTURES).with_suffix("")) for p in FIXTURES.rglob("*.onnx")
                   if re.match(r"\w+_fixed_", p.name) and ".opset" not in p.name)
    missing = [f for f in fixed if f not in named]
    assert not missing, f"fixed exports with no check in pairs.txt: {missing}"
