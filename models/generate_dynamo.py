"""Export the fixtures again with torch 2.x's exporter, torch.onnx.export(..., dynamo=True).

Run in the torch 2.x venv (models/README.md says how to make it):
    .venv-torch/bin/python models/generate_dynamo.py [NAME ...]

Every idiom models/generate.py exports (the same modules, inputs and seeds:
this script runs generate.py's main() with its export() replaced) is written
to models/fixtures/dynamo/ three times:
    NAME.onnx           at the exporter's default opset
    NAME.opset18.onnx   at opset 18, the exporter's lowest
    NAME.opsetN.onnx    at the newest opset the exporter converts to
and the real torchvision models and the decoder block below once each;
torchvision's two detectors, which the dynamo exporter refuses, go through
torch 2.14's TorchScript exporter (dynamo=False) into models/fixtures/torchscript/, with the
fixable idioms exported with a dynamic batch (dynbatch_*.onnx). PyTorch's
own outputs, where generate.py records them (NAME.torch.json), are recorded
again with this torch.
Exports the exporter refuses are listed, with its error, in
models/fixtures/dynamo/FAILURES.md. The exporter records each node's module
path and stack trace in its metadata (pkg.torch.onnx.*) whatever `verbose` says.
"""
import os
import re
import sys
import traceback
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
# ONNX_LINT_DYNAMO_OUT writes elsewhere (to compare another torch's exports).
OUT = os.environ.get("ONNX_LINT_DYNAMO_OUT", os.path.join(HERE, "fixtures", "dynamo"))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
warnings.filterwarnings("ignore")

ONLY = set(sys.argv[1:])
sys.argv[1:] = []  # generate.py reads its own selection from argv
import generate  # noqa: E402  (the idioms)

FAILURES = []


def newest_opset():
    """The newest default-domain opset the exporter converts a model to."""
    from onnx.defs import onnx_opset_version
    for opset in range(onnx_opset_version(), 18, -1):
        try:
            torch.onnx.export(nn.ReLU(), (torch.randn(2),), dynamo=True, opset_version=opset,
                              verbose=False)
            return opset
        except Exception:
            continue
    return 18


def save(program, path):
    import onnx
    program.save(path, external_data=False)
    model = onnx.load(path)
    relative_stack_traces(model)
    onnx.save_model(model, path)
    return os.path.getsize(path)


def relative_stack_traces(model):
    """The exporter records absolute paths in each node's stack trace; the
    fixtures name the repository's files relative to its root, and installed
    packages' files from site-packages/, so they do not carry the path of the
    machine that made them."""
    prefix = REPO + os.sep
    installed = re.compile(r'"[^"]*/((?:site|dist)-packages)/')  # torchvision's own files

    def graph(g):
        for n in g.node:
            for entry in n.metadata_props:
                if entry.key == "pkg.torch.onnx.stack_trace":
                    entry.value = installed.sub(r'"\1/', entry.value.replace(prefix, ""))
            for a in n.attribute:
                if a.HasField("g"):
                    graph(a.g)
                for sub in a.graphs:
                    graph(sub)

    graph(model.graph)
    for f in model.functions:
        graph(f)


def export_one(module, args, path, opset, dynamic_axes=None, input_names=None,
               output_names=None, dynamic_shapes=None):
    torch.manual_seed(0)
    kw = {}
    if dynamic_axes is not None:
        kw["dynamic_axes"] = dynamic_axes
    if dynamic_shapes is not None:
        kw["dynamic_shapes"] = dynamic_shapes
    if input_names:
        kw["input_names"] = input_names
    if output_names:
        kw["output_names"] = output_names
    args = args if isinstance(args, tuple) else (args,)
    program = torch.onnx.export(module, args, dynamo=True, opset_version=opset, verbose=False,
                                **kw)
    return save(program, path)


def variants(name):
    yield name, None
    yield f"{name}.opset18", 18
    yield f"{name}.opset{NEWEST}", NEWEST


def dynamo_export(module, args, name, opset=12, train=False, **kw):
    """generate.export's stand-in: the same module and inputs, through dynamo."""
    name = os.path.basename(name)  # "../demo" -> "demo"
    path = os.path.join(OUT, name + ".onnx")
    if ONLY and name not in ONLY:
        return path
    module.train(train)
    for file_name, file_opset in variants(name):
        target = os.path.join(OUT, file_name + ".onnx")
        try:
            size = export_one(module, args, target, file_opset, kw.get("dynamic_axes"),
                              kw.get("input_names"), kw.get("output_names"))
            print(f"dynamo/{file_name}.onnx: {size} bytes")
        except Exception as e:  # the exporter's own refusal is the finding
            if os.path.exists(target):
                os.remove(target)
            FAILURES.append((file_name, cause_name(e), first_line(e)))
            print(f"dynamo/{file_name}.onnx: FAILED: {cause_name(e)}: {first_line(e)}")
    return path


def first_line(e):
    """The cause's first line: torch.onnx wraps torch.export's error in its own."""
    while e.__cause__ is not None:
        e = e.__cause__
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(e))  # the exporter colours its messages
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""


def cause_name(e):
    names = [type(e).__name__]
    while e.__cause__ is not None:
        e = e.__cause__
        names.append(type(e).__name__)
    return " <- ".join(names)


# --- real torchvision models ------------------------------------------------
def torchvision_models():
    import torchvision.models as tvm
    import torchvision.models.detection as det
    torch.manual_seed(0)
    img = lambda s: torch.rand(1, 3, s, s)
    return [
        ("tv_resnet18", lambda: tvm.resnet18(weights=None), img(224)),
        ("tv_mobilenet_v3_small", lambda: tvm.mobilenet_v3_small(weights=None), img(224)),
        ("tv_deeplabv3_mobilenet_v3_large",
         lambda: tvm.segmentation.deeplabv3_mobilenet_v3_large(weights=None, weights_backbone=None),
         img(224)),
        ("tv_fasterrcnn_mobilenet_v3_large_320_fpn",
         lambda: det.fasterrcnn_mobilenet_v3_large_320_fpn(weights=None, weights_backbone=None),
         ([torch.rand(3, 320, 320)],)),
        ("tv_ssdlite320_mobilenet_v3_large",
         lambda: det.ssdlite320_mobilenet_v3_large(weights=None, weights_backbone=None),
         ([torch.rand(3, 320, 320)],)),
    ]


def export_torchvision(large_dir):
    for name, make, args in torchvision_models():
        if ONLY and name not in ONLY:
            continue
        torch.manual_seed(0)
        module = make().eval()
        path = os.path.join(large_dir, name + ".onnx")
        try:
            size = export_one(module, args if isinstance(args, tuple) else (args,), path, None)
            print(f"{os.path.relpath(path, HERE)}: {size} bytes")
            graph_only_twin(path, os.path.join(OUT, name + ".onnx"))
        except Exception as e:
            FAILURES.append((name, cause_name(e), first_line(e)))
            print(f"{name}: FAILED: {cause_name(e)}: {first_line(e)}")
            traceback.print_exc(limit=2)


def graph_only_twin(full_path, twin_path):
    """The committed fixture of a torchvision model: the real export's graph,
    nodes and metadata byte for byte, with every tensor over 1 KiB (initializers
    and Constant values) pointing at external data (NAME.onnx.data) that is not committed: the
    weights are tens of MB (the full model stays in models/large/ for the
    benchmarks), and onnx-lint never reads them. Linting the twin reports the
    missing file (OL902), as it would for any model shipped without its data."""
    import onnx
    from onnx.external_data_helper import convert_model_to_external_data
    m = onnx.load(full_path)
    location = os.path.basename(twin_path) + ".data"
    convert_model_to_external_data(m, all_tensors_to_one_file=True, location=location,
                                   size_threshold=1024, convert_attribute=True)
    onnx.save_model(m, twin_path)  # writes the data file too ...
    os.remove(os.path.join(os.path.dirname(twin_path), location))  # ... which stays out
    print(f"{os.path.relpath(twin_path, HERE)}: {os.path.getsize(twin_path)} bytes (graph only)")


def export_detectors_torchscript(large):
    """torchvision's two detectors, which the dynamo exporter refuses, through
    torch 2.14's TorchScript exporter (dynamo=False) at opset 17: the real
    post-processing (NonZero per stage, NMS inside If branches). Committed as
    graph-only twins in models/fixtures/torchscript/, full models in large/."""
    import torchvision.models.detection as det
    out_dir = os.path.join(os.path.dirname(OUT), "torchscript")
    os.makedirs(out_dir, exist_ok=True)
    for name, make in (
            ("fasterrcnn_mobilenet_v3_large_320_fpn", det.fasterrcnn_mobilenet_v3_large_320_fpn),
            ("ssdlite320_mobilenet_v3_large", det.ssdlite320_mobilenet_v3_large)):
        if ONLY and name not in ONLY:
            continue
        torch.manual_seed(0)
        module = make(weights=None, weights_backbone=None).eval()
        path = os.path.join(large, name + ".onnx")
        torch.onnx.export(module, ([torch.rand(3, 320, 320)],), path, dynamo=False,
                          opset_version=17)
        print(f"large/{name}.onnx: {os.path.getsize(path)} bytes")
        graph_only_twin(path, os.path.join(out_dir, name + ".onnx"))


def export_dynamic_batch_torchscript():
    """The fixable idioms as users export them for deployment: the TorchScript
    exporter (dynamo=False) at opset 17 with `dynamic_axes={"x": {0: "batch"}}`,
    into models/fixtures/torchscript/dynbatch_*.onnx. `onnx-lint fix` rewrites
    them whatever the batch; tests/python/pairs.txt runs each against its fix at
    batch 1 and 3."""
    import generate
    out_dir = os.path.join(os.path.dirname(OUT), "torchscript")
    os.makedirs(out_dir, exist_ok=True)
    cases = [
        ("dynbatch_interp_nearest", generate.Interp(scale_factor=2, mode="nearest")),
        ("dynbatch_interp_bilinear", generate.Interp(scale_factor=2, mode="bilinear",
                                                     align_corners=False)),
        ("dynbatch_repeat_channels", generate.Repeat((1, 2, 1, 1))),
        ("dynbatch_assign_slice", generate.AssignSlice()),
    ]
    for name, module in cases:
        if ONLY and name not in ONLY:
            continue
        torch.manual_seed(0)
        module = module.eval()
        path = os.path.join(out_dir, name + ".onnx")
        torch.onnx.export(module, (generate.img(b=2),), path, dynamo=False, opset_version=17,
                          input_names=["x"], output_names=["y"],
                          dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
        print(f"torchscript/{name}.onnx: {os.path.getsize(path)} bytes")


# --- a small decoder block ---------------------------------------------------
class RMSNorm(nn.Module):
    def __init__(self, d, eps=1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(d))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotary(x, base=10000.0):
    """Rotary position embedding on [B, H, T, D] (rotate-half form)."""
    t, d = x.shape[-2], x.shape[-1]
    inv = 1.0 / (base ** (torch.arange(0, d, 2, dtype=torch.float32) / d))
    freqs = torch.outer(torch.arange(t, dtype=torch.float32), inv)
    cos, sin = freqs.cos().repeat_interleave(2, -1), freqs.sin().repeat_interleave(2, -1)
    x1, x2 = x[..., ::2], x[..., 1::2]
    rotated = torch.stack((-x2, x1), dim=-1).flatten(-2)
    return x * cos.to(x.dtype) + rotated * sin.to(x.dtype)


class DecoderBlock(nn.Module):
    """Pre-norm decoder layer: RMSNorm, rotary attention through
    F.scaled_dot_product_attention with a causal mask and a padding mask, a
    masked_fill(-1e9) score path, and a SwiGLU MLP."""

    def __init__(self, d=32, heads=4):
        super().__init__()
        self.heads = heads
        self.norm1, self.norm2 = RMSNorm(d), RMSNorm(d)
        self.qkv = nn.Linear(d, 3 * d, bias=False)
        self.proj = nn.Linear(d, d, bias=False)
        self.gate, self.up = nn.Linear(d, 2 * d, bias=False), nn.Linear(d, 2 * d, bias=False)
        self.down = nn.Linear(2 * d, d, bias=False)

    def forward(self, x, pad):  # x: [B, T, D], pad: [B, T] bool, True = a real token
        b, t, d = x.shape
        q, k, v = self.qkv(self.norm1(x)).view(b, t, 3, self.heads, d // self.heads).unbind(2)
        q, k, v = (rotary(z.transpose(1, 2)) if i < 2 else z.transpose(1, 2)
                   for i, z in enumerate((q, k, v)))
        causal = torch.ones(t, t, dtype=torch.bool, device=x.device).tril()
        keep = causal[None, None] & pad[:, None, None, :]
        attn = F.scaled_dot_product_attention(q, k, v, attn_mask=keep)
        # The hand-written path the cheatsheet's precision rules look at.
        scores = (q @ k.transpose(-1, -2)) / (d // self.heads) ** 0.5
        scores = scores.masked_fill(~keep, -1e9)
        attn = attn + torch.softmax(scores, -1) @ v
        x = x + self.proj(attn.transpose(1, 2).reshape(b, t, d))
        h = self.norm2(x)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


def export_decoder_blocks():
    torch.manual_seed(0)
    block = DecoderBlock().eval()
    x = torch.randn(2, 8, 32)
    pad = torch.ones(2, 8, dtype=torch.bool)
    pad[1, 6:] = False
    for name, module, args in (("decoder_block", block, (x, pad)),
                               ("decoder_block_half", DecoderBlock().eval(), (x.half(), pad))):
        if ONLY and name not in ONLY:
            continue
        if name.endswith("_half"):
            module.load_state_dict(block.state_dict())
            module = module.half()
        for file_name, file_opset in variants(name):
            path = os.path.join(OUT, file_name + ".onnx")
            try:
                size = export_one(module, args, path, file_opset, input_names=["x", "pad"])
                print(f"dynamo/{file_name}.onnx: {size} bytes")
            except Exception as e:
                FAILURES.append((file_name, cause_name(e), first_line(e)))
                print(f"dynamo/{file_name}.onnx: FAILED: {cause_name(e)}: {first_line(e)}")


def export_precision_half():
    """The precision idioms after `model.half()`, as FP16 deployments export
    them: their constants are FP16 tensors, so -1e9 is already -inf in the
    file (precision_*_half.onnx, at the exporter's default opset); and
    nn.RMSNorm, below and at opset 23."""
    torch.manual_seed(0)
    tokens, v = torch.randn(2, 5, 16), torch.randn(2, 6, 16)
    pad = torch.tensor([[1.0, 1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]])
    keys = torch.tensor([[True] * 6, [False, False, True, True, True, True]])
    cases = [
        ("precision_bert_attention_half", generate.BertAttention, (tokens, pad), ["x", "mask"]),
        ("precision_fixed_bert_attention_half",
         lambda: generate.BertAttention(eps=1e-5, mask_value=-1e4), (tokens, pad), ["x", "mask"]),
        ("precision_causal_inf_mask_half", generate.CausalScores, (v, v, keys), ["x", "v", "pad"]),
        ("precision_fixed_causal_bool_mask_half", lambda: generate.CausalScores(fixed=True),
         (v, v, keys), ["x", "v", "pad"]),
        ("precision_hand_rmsnorm_half", generate.HandRMSNorm, (tokens[0],), ["x"]),
        ("precision_hand_softmax_half", generate.HandSoftmax, (tokens[0],), ["x"]),
        ("precision_fixed_torch_softmax_half", lambda: generate.HandSoftmax(fixed=True),
         (tokens[0],), ["x"]),
    ]
    # nn.RMSNorm is one RMSNormalization from opset 23 (below it, the exporter
    # writes the square-mean-rsqrt chain OL703 reports).
    rms = lambda: nn.Sequential(nn.Linear(16, 16), nn.RMSNorm(16, eps=1e-6))
    cases += [("precision_rmsnorm_module", rms, (tokens[0].float(),), ["x"], 20),
              ("precision_fixed_rmsnorm_module_opset23", rms, (tokens[0].float(),), ["x"], 23)]
    cases = [c if len(c) == 5 else c + (None,) for c in cases]
    for name, make, args, input_names, opset in cases:
        if ONLY and name not in ONLY:
            continue
        module = generate.seeded(make).eval()
        if name.endswith("_half"):
            module = module.half()
            args = tuple(a.half() if a.is_floating_point() else a for a in args)
        path = os.path.join(OUT, name + ".onnx")
        try:
            size = export_one(module, args, path, opset, input_names=input_names,
                              output_names=["y"])
            print(f"dynamo/{name}.onnx: {size} bytes")
        except Exception as e:
            FAILURES.append((name, cause_name(e), first_line(e)))
            print(f"dynamo/{name}.onnx: FAILED: {cause_name(e)}: {first_line(e)}")


def write_failures():
    """FAILURES.md: every refusal of this run, and, for a run of some NAMEs, the
    other entries as they were."""
    path = os.path.join(OUT, "FAILURES.md")
    entries = {}
    if ONLY and os.path.exists(path):
        for line in open(path):
            if line.startswith("- `"):
                name = line[3:line.index("`", 3)]
                if name.split(".")[0] not in ONLY:
                    entries[name] = line.rstrip("\n")
    for name, kind, why in FAILURES:
        entries[name] = f"- `{name}`: {kind}: {why}"
    lines = [f"# Exports torch {torch.__version__}'s dynamo exporter refused", "",
             "Written by models/generate_dynamo.py; each is the exporter's own error, its",
             "innermost cause first.", ""]
    lines += [entries[k] for k in sorted(entries)] or ["None."]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    global NEWEST
    os.makedirs(OUT, exist_ok=True)
    large = os.path.join(os.path.dirname(OUT), "large") if "ONNX_LINT_DYNAMO_OUT" in os.environ \
        else os.path.join(HERE, "large")
    os.makedirs(large, exist_ok=True)
    NEWEST = newest_opset()
    print(f"torch {torch.__version__}: default opset, 18 and {NEWEST}")
    generate.export = dynamo_export
    generate.OUT = OUT
    generate.ONLY = ONLY
    generate.main()
    export_decoder_blocks()
    export_precision_half()
    export_torchvision(large)
    export_detectors_torchscript(large)
    export_dynamic_batch_torchscript()
    write_failures()
    return 0


NEWEST = 18
if __name__ == "__main__":
    sys.exit(main())
