"""`onnx-lint fix` on a frozen Reshape (OL403) held against eager PyTorch: each
models/fixtures/fidelity/*.probe.json keeps the inputs and eager outputs of
three sizes other than the export's (models/generate_fidelity.py). The export
as it is fails or differs on at least one of them; the fixed export computes
every one of them as eager PyTorch does."""
import json
import subprocess

import numpy as np
import onnxruntime as ort
import pytest

from oracle_corpus import ROOT

FIDELITY = ROOT / "models" / "fixtures" / "fidelity"
PROBED = sorted(p.name[: -len(".probe.json")] for p in FIDELITY.glob("*.probe.json"))


def arrays(doc):
    return {name: np.array(t["data"], dtype=t["type"]).reshape(t["dims"])
            for name, t in doc.items()}


def run(path, feeds):
    sess = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return sess.run(None, feeds)[0]


def agrees(path, probe):
    """None when the model computes the eager output, else what differs."""
    want = arrays(probe["outputs"])["y"]
    try:
        got = run(path, arrays(probe["inputs"]))
    except Exception as e:  # ORT raises on a frozen size: that is the finding
        return f"ONNX Runtime raised: {str(e).splitlines()[0][:120]}"
    if got.shape != want.shape:
        return f"shape {list(got.shape)} where eager gives {list(want.shape)}"
    if not np.allclose(got, want, rtol=1e-4, atol=1e-4):
        return f"values differ by {float(np.abs(got - want).max()):.3g}"
    return None


def test_every_fixable_case_is_probed():
    assert len(PROBED) >= 4, PROBED


@pytest.mark.parametrize("stem", PROBED)
def test_fixed_reshape_computes_what_eager_pytorch_does(stem, onnx_lint_binary, tmp_path):
    probes = json.loads((FIDELITY / f"{stem}.probe.json").read_text())["probes"]
    assert len(probes) >= 3, f"{stem}: fewer than three probed sizes"
    original = FIDELITY / f"{stem}.onnx"
    broken = [d for d in (agrees(original, p) for p in probes) if d]
    assert broken, f"{stem}: the export already computes every probe; nothing to hold the fix to"

    fixed = tmp_path / "fixed.onnx"
    done = subprocess.run([onnx_lint_binary, "fix", str(original), "-o", str(fixed)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "fixed   OL403" in done.stdout, done.stdout
    for i, probe in enumerate(probes):
        assert agrees(fixed, probe) is None, f"{stem} probe {i}: {agrees(fixed, probe)}"
    # And the fixed export is no longer flagged.
    again = subprocess.run([onnx_lint_binary, "-q", "--select", "OL403", str(fixed)],
                           capture_output=True, text=True)
    assert again.returncode == 0 and "OL403" not in again.stdout, again.stdout
