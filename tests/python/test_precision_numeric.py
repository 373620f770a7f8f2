"""OL701-OL703's findings are real, and their fixes work.

Each flagged precision idiom is run in 16 bits on a real input: the float32
exports as converted to float16 (what `trtexec --fp16` or `model.half()`
does to their tensors), the half exports as they are, by onnx 1.23's
reference evaluator, which computes in numpy's float16 where the tensors are
float16 (ONNX Runtime's CPU kernels run the fixed models where it has float16
ones). A node onnx-lint reports at --precision fp16 gives inf or NaN there;
the fixed export of the same module (same seed, same input) gives a finite
output within 1e-2 relative of its float32 output in ONNX Runtime 1.31.
"""
import json
import subprocess

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, numpy_helper
from onnx.reference import ReferenceEvaluator

from oracle_corpus import ROOT

FIX = ROOT / "models" / "fixtures"
rng = np.random.default_rng(0)


def to_fp16(model):
    """The model with every float32 tensor as float16: initializers, Constant
    and ConstantOfShape values, graph inputs and outputs, Casts to float."""
    m = onnx.ModelProto()
    m.CopyFrom(model)

    def half(t):
        if t.data_type == TensorProto.FLOAT:
            with np.errstate(over="ignore"):  # -1e9 becoming -inf is the point
                t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(t).astype(np.float16),
                                                   t.name))

    for t in m.graph.initializer:
        half(t)
    for n in m.graph.node:
        for a in n.attribute:
            if a.type == onnx.AttributeProto.TENSOR:
                half(a.t)
            elif n.op_type == "Constant" and a.name == "value_float":
                n.attribute.remove(a)
                n.attribute.append(onnx.helper.make_attribute(
                    "value", numpy_helper.from_array(np.array(a.f, np.float16))))
            elif n.op_type == "Cast" and a.name == "to" and a.i == TensorProto.FLOAT:
                a.i = TensorProto.FLOAT16
    for v in list(m.graph.input) + list(m.graph.output):
        if v.type.tensor_type.elem_type == TensorProto.FLOAT:
            v.type.tensor_type.elem_type = TensorProto.FLOAT16
    del m.graph.value_info[:]
    return m


def run16(model, feeds):
    """Every tensor of a 16-bit run: inputs as the model declares them."""
    ref = ReferenceEvaluator(model)
    typed = {}
    for v in model.graph.input:
        want = onnx.helper.tensor_dtype_to_np_dtype(v.type.tensor_type.elem_type)
        typed[v.name] = feeds[v.name].astype(want)
    with np.errstate(all="ignore"):
        return ref.run(None, typed, intermediate=True)


def output16(model, feeds):
    """The first output of a 16-bit run: ONNX Runtime's CPU kernels where it
    has float16 ones (they honour stash_type=float32 in the norms, as
    TensorRT's normalization layers do), the reference evaluator otherwise."""
    try:
        s = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        typed = {i.name: feeds[i.name].astype(np.float16 if i.type == "tensor(float16)"
                                              else feeds[i.name].dtype)
                 for i in s.get_inputs()}
        return s.run(None, typed)[0]
    except Exception:  # noqa: BLE001  (no float16 kernel for one of its ops)
        return run16(model, feeds)[model.graph.output[0].name]


def run32(path, feeds):
    s = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return s.run(None, {k: v for k, v in feeds.items() if k in {i.name for i in s.get_inputs()}})


def findings(path, precision="fp16"):
    out = subprocess.run([str(ROOT / "build" / "onnx-lint"), "--isolated", "--format", "json",
                          "--no-group", "--select", "OL7", "--precision", precision, str(path)],
                         capture_output=True, text=True, check=False).stdout
    return json.loads(out)["files"][0]["diagnostics"]


def bert_feeds(model):
    # The second sample is all padding: every row of it is fully masked.
    return {"x": rng.standard_normal((2, 5, 16)).astype(np.float32),
            "mask": np.array([[1, 1, 1, 0, 0], [0, 0, 0, 0, 0]], np.float32)}


def causal_feeds(model):
    # The second sample's first two keys are padding: its first two query
    # rows see no key at all.
    return {"x": rng.standard_normal((2, 6, 16)).astype(np.float32),
            "v": rng.standard_normal((2, 6, 16)).astype(np.float32),
            "pad": np.array([[True] * 6, [False, False, True, True, True, True]])}


def scaled_input(scale):
    """x of the model's declared shape, scaled: activations past 256 after
    the first Linear, logits past 11.09, or inputs in tiny units."""
    def feeds(model):
        dims = [d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
        return {"x": (rng.standard_normal(dims) * scale).astype(np.float32)}
    return feeds


large_activations, large_logits, tiny_inputs = scaled_input(400), scaled_input(60), \
    scaled_input(1e-4)


# (flagged export, its fixed export, a real input that shows it)
CASES = [
    ("precision_bert_attention_opset17", "precision_fixed_bert_attention_opset17", bert_feeds),
    ("dynamo/precision_bert_attention", "dynamo/precision_fixed_bert_attention_opset17",
     bert_feeds),
    ("dynamo/precision_bert_attention_half", "dynamo/precision_fixed_bert_attention_half",
     bert_feeds),
    ("precision_causal_inf_mask", "precision_fixed_causal_bool_mask", causal_feeds),
    ("dynamo/precision_causal_inf_mask", "dynamo/precision_fixed_causal_bool_mask", causal_feeds),
    ("dynamo/precision_causal_inf_mask_half", "dynamo/precision_fixed_causal_bool_mask_half",
     causal_feeds),
    ("precision_hand_rmsnorm", "precision_fixed_rmsnorm_prescaled", large_activations),
    ("dynamo/precision_hand_rmsnorm", "dynamo/precision_fixed_rmsnorm_prescaled",
     large_activations),
    ("dynamo/precision_rmsnorm_module", "dynamo/precision_fixed_rmsnorm_module_opset23",
     large_activations),
    ("precision_hand_softmax", "precision_fixed_torch_softmax", large_logits),
    ("dynamo/precision_hand_softmax_half", "dynamo/precision_fixed_torch_softmax_half",
     large_logits),
    ("precision_large_weights", "precision_fixed_weights_in_range", tiny_inputs),
    ("dynamo/precision_large_weights", "dynamo/precision_fixed_weights_in_range", tiny_inputs),
]


def as_run16(model):
    half = any(v.type.tensor_type.elem_type == TensorProto.FLOAT16 for v in model.graph.input)
    return model if half else to_fp16(model)


@pytest.mark.parametrize("flagged,fixed,feeds", CASES, ids=[c[0] for c in CASES])
def test_flagged_node_is_inf_or_nan_in_16_bits_and_the_fix_is_finite(flagged, fixed, feeds):
    path = FIX / f"{flagged}.onnx"
    model = onnx.load(str(path))
    inputs = feeds(model)
    # OL702 is shown apart (a constant row); OL701 and OL703 on this input.
    reported = [d for d in findings(path) if d["rule"] in ("OL701", "OL703")]
    assert reported, f"{flagged}: no OL701/OL703 finding at fp16"
    results = run16(as_run16(model), inputs)
    by_name = {n.name: n for n in model.graph.node}
    broken = []
    for d in reported:
        node = by_name[d["node"]]
        out = results[node.output[0]]
        if not np.all(np.isfinite(out.astype(np.float32))):
            broken.append(d["node"])
    assert broken, f"{flagged}: no reported node is inf or NaN in 16 bits: {reported}"

    fixed_path = FIX / f"{fixed}.onnx"
    assert findings(fixed_path) == []
    fixed_model = onnx.load(str(fixed_path))
    out16 = output16(as_run16(fixed_model), inputs).astype(np.float32)
    assert np.all(np.isfinite(out16)), f"{fixed}: not finite in 16 bits"
    if fixed_model.graph.input[0].type.tensor_type.elem_type == TensorProto.FLOAT:
        ref = run32(fixed_path, inputs)[0]
        if feeds is bert_feeds:
            # The all-padding sample's output means nothing: its scores are
            # -1e4 + s, and FP16's spacing at 1e4 is 8, so s is rounded away.
            out16, ref = out16[:1], ref[:1]
        err = np.max(np.abs(out16 - ref)) / max(np.max(np.abs(ref)), 1e-6)
        assert err <= 1e-2, f"{fixed}: fp16 differs from fp32 by {err:.3g} (relative)"


def epsilon_of(model, node_name):
    node = next(n for n in model.graph.node if n.name == node_name)
    if node.op_type == "Add":  # the constant added before the Sqrt
        inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
        consts = {n.output[0]: numpy_helper.to_array(n.attribute[0].t)
                  for n in model.graph.node if n.op_type == "Constant"}
        values = [inits.get(i, consts.get(i)) for i in node.input]
        return float(next(v for v in values if v is not None and v.size == 1))
    return next(a.f for a in node.attribute if a.name == "epsilon")


@pytest.mark.parametrize("fixture", ["precision_bert_attention", "precision_bert_attention_opset17",
                                     "dynamo/precision_bert_attention"])
def test_reported_epsilon_is_zero_in_fp16_and_a_constant_row_is_nan(fixture):
    model = onnx.load(str(FIX / f"{fixture}.onnx"))
    reported = [d for d in findings(FIX / f"{fixture}.onnx") if d["rule"] == "OL702"]
    assert len(reported) == 1
    eps = epsilon_of(model, reported[0]["node"])
    assert eps == pytest.approx(1e-12, rel=1e-6)
    assert np.float16(eps) == 0
    # The normalization of a constant row (a padding token) in float16.
    row = np.full((1, 16), 0.5, np.float16)
    centred = row - row.mean(-1, keepdims=True)
    with np.errstate(all="ignore"):
        flagged = centred / np.sqrt((centred * centred).mean(-1, keepdims=True) + np.float16(eps))
        fixed = centred / np.sqrt((centred * centred).mean(-1, keepdims=True) + np.float16(1e-5))
    assert np.all(np.isnan(flagged))
    assert np.all(np.isfinite(fixed))
