"""targets/tensorrt_matrix.toml is what scripts/gen_trt_targets.py writes from
onnx-tensorrt's docs/operators.md at each release's commit, and the script
reads a matrix the way the data says.

The regeneration needs the matrices: a clone of onnx/onnx-tensorrt
(ONNX_LINT_TRT_REPO) or copies under ~/.cache/onnx-lint/onnx-tensorrt/COMMIT/
docs/operators.md (ONNX_LINT_TRT_SOURCES); without them it is skipped, and the
parsing tests below still run on a matrix written here."""
import importlib.util
import os
import pathlib
import tomllib

import pytest

from oracle_corpus import ROOT

spec = importlib.util.spec_from_file_location("gen_trt_targets", ROOT / "scripts" / "gen_trt_targets.py")
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

COMMITTED = ROOT / "targets" / "tensorrt_matrix.toml"


def sources():
    repos = [os.environ["ONNX_LINT_TRT_REPO"]] if os.environ.get("ONNX_LINT_TRT_REPO") else []
    folders = [os.environ.get("ONNX_LINT_TRT_SOURCES", str(gen.DEFAULT_SOURCES))]
    return repos, folders


def test_the_committed_matrix_is_the_generated_one():
    repos, folders = sources()
    try:
        text = gen.generate(repos, folders)
    except SystemExit as e:
        pytest.skip(f"the matrices are not here: {e}")
    if text != COMMITTED.read_text():
        new, old = text.splitlines(), COMMITTED.read_text().splitlines()
        first = next((i for i, (a, b) in enumerate(zip(new, old)) if a != b), min(len(new), len(old)))
        raise AssertionError(
            f"targets/tensorrt_matrix.toml differs from the generated data at line {first + 1}: "
            f"run scripts/gen_trt_targets.py > targets/tensorrt_matrix.toml and review the diff")


def test_every_release_is_a_cited_diff_of_the_one_before():
    data = tomllib.loads(COMMITTED.read_text())
    releases = data["release"]
    assert [r["name"] for r in releases] == [name for name, _, _ in gen.RELEASES]
    for before, r in zip([None] + releases, releases):
        assert r.get("base") == (before["name"] if before else None), r["name"]
        assert len(r["commit"]) == 40 and int(r["commit"], 16) >= 0, r["name"]
        assert r["source"].startswith("onnx-tensorrt docs/operators.md @ "), r["name"]
    notes = tomllib.loads((ROOT / "targets" / "tensorrt_release_notes.toml").read_text())["release"]
    assert notes[0]["base"] == releases[-1]["name"]


MATRIX = """# Supported ONNX Operators

TensorRT 42.0 supports operators in the inclusive range of opset 9 to opset 23.

TensorRT supports the following ONNX data types: FLOAT32, FLOAT16, BFLOAT16, FP8, INT32, INT64, INT8, and BOOL

> Note: INT8 and FP8 are treated as `Quantized Types` in TensorRT, where support is available only through quantization.

> Note: UINT8 is only supported as network input or output tensor types.

## Operator Support Matrix

| Operator | Supported | Supported Types | Restrictions |
|----------|-----------|-----------------|--------------|
| Abs      | Y         | FP32, FP16, BF16 |
| ConstantOfShape | Y  | FP32, INF64 BOOL |
| Det      | N         |
| TopK     | Y         | FP32, FP16 | `sorted` must be 1. `K` input must be less than 4096.
| GRU      | Y         | FP32 | For bidirectional GRUs, activation functions must be the same
"""


def test_a_matrix_reads_into_facts():
    rel = gen.facts(gen.parse(MATRIX, "42.0"), {"Abs": 1, "Det": 11, "Attention": 23, "Swish": 24})
    assert rel["opsets"] == [9, 23]
    # N rows, and ops the window has that the matrix does not list, are unsupported.
    assert rel["unsupported"] == ["Attention", "Det"]
    # The matrix's typo INF64 and a missing comma still read as int64 and bool.
    assert rel["types"]["ConstantOfShape"] == ["float32", "int64", "bool"]
    assert rel["quantized_types"] == ["int8", "float8e4m3fn"]
    assert rel["io_only_types"] == ["uint8"]
    assert rel["checks"]["topk-k-limit"] == {"ops": ["TopK"], "fact": "TopK's K must be below 4096",
                                             "limit": 4096}
    assert rel["checks"]["topk-sorted"]["ops"] == ["TopK"]
    # A sentence no check tests is listed, not guessed.
    assert rel["unchecked"] == ["GRU"]


def test_a_release_is_written_as_its_changes(capsys):
    older = gen.facts(gen.parse(MATRIX, "42.0"), {"Abs": 1, "Det": 11})
    older["name"] = "trt-42.0"
    newer = gen.facts(gen.parse(MATRIX.replace("| Det      | N         |", "| Det      | Y         | FP32 |")
                                .replace("less than 4096", "less than 8192"), "42.1"),
                      {"Abs": 1, "Det": 11})
    out = []
    gen.write_release(out, "trt-42.1", "42.1-GA", "0" * 40, newer, older)
    text = "\n".join(out)
    assert 'base = "trt-42.0"' in text
    assert 'unsupported_remove = ["Det"]' in text
    assert 'Det = ["float32"]' in text
    assert "limit = 8192" in text
    assert "Abs" not in text  # unchanged facts are not repeated
