"""Hand-built models, one per rule of the checker: onnx 1.23.2's checker and
onnx-lint's (OL000's judge) must both reject each invalid one and accept each
valid one, and what OL000 says of ONNX Runtime (refuses it too, or loads it
anyway) is what onnxruntime 1.31.1 does with the file. Cases the text syntax
cannot write are built with onnx.helper."""
import importlib.util
import json
import subprocess

import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper, parser

from oracle_corpus import ROOT

CASES = [
    ("valid", '<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = Relu (x) }', True),
    ("undefined input", '<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = Relu (ghost) }', False),
    ("out of order", '<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = Relu (t) t = Relu (x) }', False),
    ("assigned twice", '<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = Relu (x) y = Relu (x) }', False),
    ("unknown op", '<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = NoSuchOp (x) }', False),
    ("op newer than the opset", '<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = HardSwish (x) }', False),
    ("CumProd at opset 25, before its since-version 26", '<ir_version: 13, opset_import: ["" : 25]> g (float[4] x, int64 a) => (float[4] y) { y = CumProd (x, a) }', False),
    ("CumProd at opset 26", '<ir_version: 13, opset_import: ["" : 26]> g (float[4] x, int64 a) => (float[4] y) { y = CumProd (x, a) }', True),
    ("BitCast at opset 26", '<ir_version: 13, opset_import: ["" : 26]> g (float[4] x) => (int32[4] y) { y = BitCast <to = 6> (x) }', True),
    ("Swish at opset 24", '<ir_version: 11, opset_import: ["" : 24]> g (float[4] x) => (float[4] y) { y = Swish (x) }', True),
    ("Swish at opset 23", '<ir_version: 11, opset_import: ["" : 23]> g (float[4] x) => (float[4] y) { y = Swish (x) }', False),
    ("RMSNormalization at opset 23", '<ir_version: 11, opset_import: ["" : 23]> g (float[2, 4] x, float[4] s) => (float[2, 4] y) { y = RMSNormalization (x, s) }', True),
    ("too many inputs", '<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = Relu (x, x) }', False),
    ("too few inputs", '<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = Add (x) }', False),
    ("unknown attribute", '<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = Relu <alpha = 1.0> (x) }', False),
    ("missing required attribute", '<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (int64[2] y) { y = Cast (x) }', False),
    ("attribute of the wrong type", '<ir_version: 8, opset_import: ["" : 13]> g (float[2, 2] x) => (float[2, 2] y) { y = Softmax <axis = 1.5> (x) }', False),
    ("no opset for the domain", '<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = ai.onnx.ml.Binarizer (x) }', False),
    ("deprecated op", '<ir_version: 8, opset_import: ["" : 10]> g (float[1, 1, 2, 2] x) => (float[1, 1, 4, 4] y) { s = Constant <value = float[4] {1.0, 1.0, 2.0, 2.0}> () y = Upsample (x, s) }', False),
    ("optional input left empty", '<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = Clip (x, , ) }', True),
    ("custom domain", '<ir_version: 8, opset_import: ["" : 13, "com.example" : 1]> g (float[2] x) => (float[2] y) { y = com.example.Anything (x) }', True),
]


def built_cases():
    """Invalid for reasons the text syntax cannot write."""
    base = parser.parse_model(CASES[0][1])
    out = []
    m = onnx.ModelProto(); m.CopyFrom(base); m.graph.ClearField("name")
    out.append(("a graph without a name", m, False))
    m = parser.parse_model('<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = Add (x, x) }')
    m.graph.node[0].input[0] = ""
    out.append(("a required input left empty", m, False))
    m = parser.parse_model('<ir_version: 8, opset_import: ["" : 13]> g (float[2] x) => (float[2] y) { y = Add (x, w) }')
    m.graph.initializer.append(helper.make_tensor("w", TensorProto.FLOAT, [2], [1.0, 2.0]))
    out.append(("an initializer", m, True))
    m2 = onnx.ModelProto(); m2.CopyFrom(m); m2.graph.initializer[0].int64_data.append(1)
    out.append(("an initializer with two data fields", m2, False))
    m3 = onnx.ModelProto(); m3.CopyFrom(m); m3.ir_version = 3
    out.append(("an IR-3 initializer that is no graph input", m3, False))
    m = parser.parse_model(CASES[0][1])
    m.metadata_props.add(key="k", value="1"); m.metadata_props.add(key="k", value="2")
    out.append(("a metadata key twice", m, False))
    # ONNX Runtime's own default-domain op, as its transformer optimizer writes it.
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [2, 4])
    scale = helper.make_tensor("s", TensorProto.FLOAT, [4], [1.0] * 4)
    g = helper.make_graph([helper.make_node("SimplifiedLayerNormalization", ["x", "s"], ["y"],
                                            axis=-1, epsilon=1e-5)], "g", [x], [y], [scale])
    out.append(("ONNX Runtime's SimplifiedLayerNormalization in the default domain",
                helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), False))
    for op, attr, kind, field, value, out_type in [
            ("Constant", "value_float", onnx.AttributeProto.INT, "i", 3, TensorProto.FLOAT),
            ("LeakyRelu", "alpha", onnx.AttributeProto.INT, "i", 1, TensorProto.FLOAT)]:
        n = helper.make_node(op, [] if op == "Constant" else ["x"], ["y"])
        a = n.attribute.add(); a.name = attr; a.type = kind; setattr(a, field, value)
        ins = [] if op == "Constant" else [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])]
        g = helper.make_graph([n], "g", ins, [helper.make_tensor_value_info("y", out_type, None)])
        out.append((f"{op}'s {attr} typed INT", helper.make_model(
            g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), False))
    n = helper.make_node("Foo", ["x"], ["y"], domain="com.example")
    g = helper.make_graph([n], "g", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])])
    out.append(("a custom domain without its opset import",
                helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), False))
    return out


def all_cases():
    return [(what, parser.parse_model(text), valid) for what, text, valid in CASES] + built_cases()


def onnx_accepts(model):
    try:
        onnx.checker.check_model(model, full_check=True)
        return True
    except Exception:
        return False


@pytest.mark.parametrize("what,model,valid", all_cases(), ids=[c[0] for c in all_cases()])
def test_both_checkers_agree(what, model, valid, dump_binary, tmp_path):
    path = tmp_path / "m.onnx"
    path.write_bytes(model.SerializeToString())
    assert onnx_accepts(model) == valid, "the case is not what it says"
    out = subprocess.run([dump_binary], input=f"{path}\n", capture_output=True, text=True,
                         check=True).stdout
    mine = json.loads(out)
    we_accept = mine["load_error"] is None and mine["checker_error"] == ""
    assert we_accept == valid, mine["load_error"] or mine["checker_error"]
    assert mine.get("checker_note", "") == "", "opsets up to 28 and IR up to 14 are all checked"


def ort_loads(model):
    try:
        ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
        return True
    except Exception:  # ONNX Runtime raises its own Fail/InvalidGraph/InvalidArgument
        return False


INVALID = [c for c in all_cases() if not c[2]]


@pytest.mark.parametrize("what,model,valid", INVALID, ids=[c[0] for c in INVALID])
def test_ol000_says_what_onnx_runtime_does(what, model, valid, onnx_lint_binary, tmp_path):
    path = tmp_path / "m.onnx"
    path.write_bytes(model.SerializeToString())
    r = subprocess.run([onnx_lint_binary, "--isolated", "--select", "OL000", "--format",
                        "json", str(path)], capture_output=True, text=True)
    findings = json.loads(r.stdout)["files"][0]["diagnostics"]
    assert len(findings) == 1, r.stdout + r.stderr
    message = findings[0]["message"]
    assert "the onnx checker rejects it" in message, message
    if ort_loads(model):
        assert "ONNX Runtime 1.31 loads it anyway" in message, message
    else:
        assert "ONNX Runtime 1.31 refuses to load it too" in message, message


def test_the_ort_default_domain_list_is_the_generated_one():
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_ort_default_ops.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert gen.text() == (ROOT / "rules" / "ort_default_domain_ops.inc").read_text(), (
        "rerun scripts/gen_ort_default_ops.py > rules/ort_default_domain_ops.inc")
    assert "SimplifiedLayerNormalization" in gen.names()
