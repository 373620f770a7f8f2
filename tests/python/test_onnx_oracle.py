"""onnx 1.23.2 as the differential oracle of onnx-lint's own checker and type
and shape inference.

The corpus: every model the onnx wheel ships under onnx/backend/test/data/
(simple, pytorch-converted, pytorch-operator, light), every node test model
(the wheel ships their definitions, onnx/backend/test/case/node/*.py, and
this test builds them the way onnx's own generate-data does), and every
committed fixture.

For each model, both sides judge the file as it is: onnx's
checker.check_model(full_check=True) against onnx-lint's checker (OL000's
judge). Then both infer from a copy stripped of the types a file may carry
for intermediates and outputs (value_info, output types), so each works from
the inputs and initializers alone: onnx's
shape_inference.infer_shapes(strict_mode=True, data_prop=True) against
onnx-lint's own inference, compared on every main-graph node output. An
element type both give must be the same, and a static shape both give must be
the same, except for the differences listed below with their reasons; of the
tensors onnx types, onnx-lint must type >= 99 %, and give the same static
shape to >= 95 % of those onnx gives one. The figures are printed.
"""
import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import onnx
import pytest
from onnx import shape_inference

from oracle_corpus import backend_models, fixture_models

# Where onnx 1.23.2 and onnx-lint legitimately differ on a tensor, keyed
# "model tensor", each with its reason.
KNOWN_TYPE_DIFFERENCES: dict[str, str] = {}

# Models the two checkers judge differently, each with the reason.
KNOWN_CHECKER_DIFFERENCES: dict[str, str] = {
    "node/test_mvn": "onnx's own backend model: check_model(full_check=True) expands "
    "MeanVarianceNormalization-13's function body, whose Constant it then finds without a value "
    "(a defect of onnx 1.23.2's function body, not of the model); the plain check_model accepts "
    "it and ONNX Runtime 1.31 loads and runs it, as onnx-lint's checker accepts it",
    "dynamo/external_data_classifier": "full_check's shape inference reads ReduceMean's axes, a "
    "constant kept in the external data file, and onnx cannot parse external tensors there; "
    "the file is next to the model and onnx-lint reads no weights to check the graph",
}
# The torchvision fixtures (dynamo/tv_*, torchscript/*, fidelity/real/*) are the real exports' graphs with their weights left
# out (models/generate_dynamo.py): onnx's checker wants each external data file
# to exist, onnx-lint reports a missing one as OL902, not as an invalid model.
for _name in ("dynamo/tv_resnet18", "dynamo/tv_mobilenet_v3_small",
              "dynamo/tv_deeplabv3_mobilenet_v3_large",
              "torchscript/fasterrcnn_mobilenet_v3_large_320_fpn",
              "torchscript/ssdlite320_mobilenet_v3_large",
              # models/generate_fidelity_real.py: torchvision, transformers, timm
              *(f"fidelity/real/{n}" for n in (
                  "hf_bert", "hf_distilbert", "hf_gpt2", "timm_resnet18", "timm_vit_tiny",
                  "timm_vit_tiny_dynamic_image", "tv_deeplabv3_mobilenet_v3_large",
                  "tv_mobilenet_v3_small", "tv_resnet18"))):
    KNOWN_CHECKER_DIFFERENCES[_name] = (
        "its weights are not committed: onnx's checker rejects a missing external data file, "
        "onnx-lint reports it as OL902 external-data-missing")


@dataclass
class Tally:
    models: int = 0
    checker_agree: int = 0
    compared: int = 0
    onnx_typed: int = 0
    we_typed: int = 0
    type_agree: int = 0
    onnx_static: int = 0
    we_same_static: int = 0
    excused: set = field(default_factory=set)
    mismatches: list = field(default_factory=list)
    not_inferred: int = 0

    def judge(self, same, key, difference):
        """True when both sides agree; else the difference is excused (listed) or recorded."""
        if same:
            return True
        if key in KNOWN_TYPE_DIFFERENCES:
            self.excused.add(key)
        else:
            self.mismatches.append(difference)
        return False

    def line(self, what):
        pct = lambda a, b: f"{100.0 * a / b:.2f} %" if b else "-"
        return (f"[oracle] {what}: checker agrees on {self.checker_agree}/{self.models} models; "
                f"{self.compared} tensors compared; element type {self.we_typed}/{self.onnx_typed} "
                f"typed ({pct(self.we_typed, self.onnx_typed)}), {self.type_agree} agree; static "
                f"shape {self.we_same_static}/{self.onnx_static} "
                f"({pct(self.we_same_static, self.onnx_static)}); {len(self.excused)} listed "
                f"differences; onnx could not infer {self.not_inferred} models")


def strip_types(graph):
    del graph.value_info[:]
    for o in graph.output:
        o.ClearField("type")
    for n in graph.node:
        for a in n.attribute:
            if a.HasField("g"):
                strip_types(a.g)
            for sub in a.graphs:
                strip_types(sub)


def onnx_accepts(path):
    try:
        onnx.checker.check_model(str(path), full_check=True)
        return True, ""
    except Exception as e:  # the checker raises ValidationError, inference its own errors
        return False, str(e).splitlines()[0] if str(e) else type(e).__name__


def onnx_types(proto):
    """{tensor: (elem_type, dims or None)} for the main graph, or None when onnx cannot infer."""
    try:
        inferred = shape_inference.infer_shapes(proto, strict_mode=True, data_prop=True)
    except Exception:
        return None
    out = {}
    for vi in list(inferred.graph.value_info) + list(inferred.graph.output):
        t = vi.type
        if not t.HasField("tensor_type") or t.tensor_type.elem_type == 0:
            continue
        dims = None
        if t.tensor_type.HasField("shape"):
            dims = [d.dim_value if d.HasField("dim_value") else None
                    for d in t.tensor_type.shape.dim]
        out[vi.name] = (t.tensor_type.elem_type, dims)
    return out


def run_dump(dump_binary, paths):
    r = subprocess.run([dump_binary], input="\n".join(str(p) for p in paths) + "\n",
                       capture_output=True, text=True, timeout=1200, check=True)
    return {Path(d["path"]): d for d in map(json.loads, r.stdout.splitlines())}


def compare(models, dump_binary, scratch, tally):
    stripped_paths = {}
    for label, path in models:
        proto = onnx.load(str(path), load_external_data=False)
        strip_types(proto.graph)
        p = scratch / (label.replace("/", "__") + ".stripped.onnx")
        p.write_bytes(proto.SerializeToString())
        stripped_paths[label] = (p, proto)
    ours = run_dump(dump_binary, [p for _, p in models] + [p for p, _ in stripped_paths.values()])
    for label, path in models:
        tally.models += 1
        accepts, why = onnx_accepts(path)
        mine = ours[Path(str(path))]
        we_accept = mine["load_error"] is None and mine["checker_error"] == ""
        if accepts == we_accept:
            tally.checker_agree += 1
        elif label in KNOWN_CHECKER_DIFFERENCES:
            tally.excused.add(label)
        else:
            ours_why = mine["load_error"] or mine["checker_error"]
            tally.mismatches.append(
                f"checker: {label}: onnx {'accepts' if accepts else 'rejects: ' + why}, onnx-lint "
                f"{'accepts' if we_accept else 'rejects: ' + ours_why}")
        stripped, proto = stripped_paths[label]
        theirs = onnx_types(proto)
        if theirs is None:
            tally.not_inferred += 1
            continue
        mine = ours[Path(str(stripped))]
        if mine["load_error"] is not None:
            tally.mismatches.append(f"load: {label}: {mine['load_error']}")
            continue
        outputs = [o for n in proto.graph.node for o in n.output if o]
        for name in outputs:
            if name not in theirs:
                continue
            elem, dims = theirs[name]
            key = f"{label} {name}"
            tally.compared += 1
            tally.onnx_typed += 1
            we = mine["types"].get(name)
            if we is not None:
                tally.we_typed += 1
                if tally.judge(we[0] == elem, key, f"element type: {key}: onnx {elem}, "
                               f"onnx-lint {we[0]}"):
                    tally.type_agree += 1
            if dims is None or any(d is None for d in dims):
                continue
            tally.onnx_static += 1
            if we is None or we[1] is None or any(d is None for d in we[1]):
                continue
            if tally.judge(we[1] == dims, key, f"shape: {key}: onnx {dims}, onnx-lint {we[1]}"):
                tally.we_same_static += 1


def check(tally, what, capsys):
    with capsys.disabled():
        print("\n" + tally.line(what))
    assert not tally.mismatches, "\n".join(tally.mismatches)
    assert tally.we_typed * 100 >= 99 * tally.onnx_typed, "element type coverage below 99 %"
    assert tally.we_same_static * 100 >= 95 * tally.onnx_static, "static shape coverage below 95 %"


@pytest.fixture(scope="module")
def tallies(dump_binary, tmp_path_factory, node_model_dir):
    scratch = tmp_path_factory.mktemp("stripped")
    out = {}
    for what, models in (("backend", backend_models(node_model_dir)),
                         ("fixtures", fixture_models())):
        tally = Tally()
        compare(models, dump_binary, scratch, tally)
        out[what] = (tally, len(models))
    return out


def test_backend_models(tallies, capsys):
    tally, count = tallies["backend"]
    assert count > 1500, f"only {count} backend models found"
    check(tally, f"onnx {onnx.__version__} backend test models ({count})", capsys)


def test_fixtures(tallies, capsys):
    tally, count = tallies["fixtures"]
    check(tally, f"fixtures ({count})", capsys)


def test_listed_differences_still_occur(tallies):
    """A listed difference that no longer happens is a stale excuse: remove it."""
    excused = tallies["backend"][0].excused | tallies["fixtures"][0].excused
    stale = (set(KNOWN_TYPE_DIFFERENCES) | set(KNOWN_CHECKER_DIFFERENCES)) - excused
    assert not stale, f"listed differences that no longer occur: {sorted(stale)}"
