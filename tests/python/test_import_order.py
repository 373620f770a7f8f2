"""The team cheatsheet's "Common issues" (never import the TensorRT utilities
module during training) is about Python imports, which no exported graph
shows. docs/ci.md gives users import-linter's `forbidden` contract for it;
this runs that contract (import-linter, pinned in tests/python/requirements.txt)
on a two-module fixture package, as it is and with the forbidden import added."""
import shutil
import subprocess
import sys
from pathlib import Path

from oracle_corpus import ROOT

FIXTURE = ROOT / "tests" / "data" / "import_order"


def lint_imports(tree):
    lint = Path(sys.executable).with_name("lint-imports")
    return subprocess.run([str(lint), "--config", str(tree / "importlinter.ini")], cwd=tree,
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"})


def test_the_contract_passes_when_training_does_not_import_tensorrt_utils(tmp_path):
    tree = tmp_path / "clean"
    shutil.copytree(FIXTURE, tree)
    r = lint_imports(tree)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Training never imports the TensorRT utilities KEPT" in r.stdout


def test_the_contract_fails_on_the_import_the_cheatsheet_forbids(tmp_path):
    tree = tmp_path / "broken"
    shutil.copytree(FIXTURE, tree)
    train = tree / "policy_pkg" / "train.py"
    train.write_text("from policy_pkg import tensorrt_utils  # the forbidden import\n"
                     + train.read_text())
    r = lint_imports(tree)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "Training never imports the TensorRT utilities BROKEN" in r.stdout
    assert "policy_pkg.train -> policy_pkg.tensorrt_utils" in r.stdout
