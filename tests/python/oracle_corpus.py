"""The models the oracles are run on: the onnx wheel's backend test models and
the committed fixtures."""
import os
from pathlib import Path

import onnx

ROOT = Path(__file__).resolve().parents[2]
BACKEND_DATA = Path(onnx.__file__).parent / "backend" / "test" / "data"


def write_node_models(out_dir):
    """Builds the node test models from the definitions the wheel ships
    (onnx/backend/test/case/node), as onnx's own generate-data would."""
    import warnings

    import onnx.backend.test.case.node as node_cases

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the reference outputs divide by zero on purpose
        cases = node_cases.collect_testcases()
    for case in cases:
        d = Path(out_dir) / case.kind / case.name
        d.mkdir(parents=True, exist_ok=True)
        (d / "model.onnx").write_bytes(case.model.SerializeToString())
    return len(cases)


def backend_models(node_dir):
    models = []
    for root in (BACKEND_DATA, Path(node_dir)):
        for p in sorted(root.glob("*/*/model.onnx")):
            models.append((f"{p.parent.parent.name}/{p.parent.name}", p))
    return models


def fixture_models():
    root = ROOT / "models" / "fixtures"
    return [(str(p.relative_to(root).with_suffix("")), p) for p in sorted(root.rglob("*.onnx"))]
