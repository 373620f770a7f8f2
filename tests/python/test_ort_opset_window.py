"""The opset window and the newest IR version targets/onnxruntime.toml gives
ONNX Runtime (ort-trt, ort-cuda) are the ones the pinned onnxruntime reads: a
model at the window's top opset and IR loads, one above either is refused."""
import tomllib

import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper

from oracle_corpus import ROOT


def relu_model(opset, ir):
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "g", [x], [y])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                             ir_version=ir)


def loads(opset, ir):
    try:
        ort.InferenceSession(relu_model(opset, ir).SerializeToString(),
                             providers=["CPUExecutionProvider"])
        return True
    except Exception as e:  # ORT raises its own Fail/InvalidGraph types
        assert "opset" in str(e).lower() or "version" in str(e).lower(), str(e)
        return False


@pytest.mark.parametrize("target", ["ort-trt", "ort-cuda"])
def test_the_window_is_what_onnxruntime_reads(target):
    data = tomllib.loads((ROOT / "targets" / "onnxruntime.toml").read_text())
    entry = next(t for t in data["target"] if t["name"] == target)
    low, high = entry["opsets"]
    ir = entry["ir_max"]
    assert loads(high, ir), f"onnxruntime {ort.__version__} refuses opset {high} at IR {ir}"
    assert not loads(high + 1, ir), f"onnxruntime {ort.__version__} loads opset {high + 1}"
    assert not loads(high, ir + 1), f"onnxruntime {ort.__version__} loads IR {ir + 1}"
    # onnx 1.23 writes IR 14 by default: the file a fresh `helper.make_model` saves.
    assert onnx.IR_VERSION == ir + 1
    assert ort.__version__ == "1.31.1", "the data says ONNX Runtime 1.31: re-check it on an upgrade"
