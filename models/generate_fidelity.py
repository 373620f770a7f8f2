"""Export fidelity fixtures: PyTorch idioms whose TorchScript export only works at
the example's sizes (or data), each beside its faithful form, and the probe
that proves which is which.

Run in the torch 2.x venv (models/README.md says how to make it):
    .venv-torch/bin/python models/generate_fidelity.py [NAME ...]

Every case is exported with torch 2.14's TorchScript exporter
(`torch.onnx.export(..., dynamo=False)`) at opset 12 and 17, with its dynamic
axes declared, into models/fixtures/fidelity/NAME.opset12.onnx and
NAME.opset17.onnx. Then the oracle: each export runs in ONNX Runtime at three
sizes other than the export example's (and, where a mask decides a size, on
twenty seeded inputs) and its outputs are compared with eager PyTorch on the
same inputs. models/fixtures/fidelity/verdicts.json records per export:
  "broken"     ONNX Runtime raised, or a shape or a value differs from eager,
               on an input eager PyTorch accepts;
  "faithful"   every probe matched;
  "module"     eager PyTorch itself refuses every other size (the module's own
               weights fix the size): the export is faithful to a fixed-size module;
with the evidence (the first failing probe's size and ORT's error or the
difference), and what `torch.export.export(..., dynamic_shapes=...)` says of
the same module with the same dynamic dims ("accepted", or "refused: ..."). tests/fidelity_test.cc holds rule OL403 to those verdicts.
NAME.probe.json keeps the probes' inputs and eager outputs of the cases `fix`
can rewrite, so tests/python/test_fidelity_fix.py can run the fixed export
against eager PyTorch with no torch installed.
"""
import contextlib
import json
import os
import re
import sys
import warnings

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
OUT = os.path.join(HERE, "fixtures", "fidelity")
ONLY = set(sys.argv[1:])
warnings.filterwarnings("ignore")


# --- the idioms: each frozen form (F suffix: what users write) and its faithful twin ---

class ViewIntSize(nn.Module):  # x.view(int(x.size(0)), 2, 2)
    def forward(self, x):
        return x.view(int(x.size(0)), 2, 2) * 2


class ViewMinusOne(nn.Module):
    def forward(self, x):
        return x.view(-1, 2, 2) * 2


class ViewSize(nn.Module):  # x.size(0) without int(): traced as a shape
    def forward(self, x):
        return x.view(x.size(0), 2, 2) * 2


class ArangeLen(nn.Module):  # torch.arange(len(x)): len() is a Python int
    def forward(self, x):
        return x.mean(1) + torch.arange(len(x))


class ArangeSize(nn.Module):
    def forward(self, x):
        return x.mean(1) + torch.arange(x.size(0))


class UnrolledLoop(nn.Module):  # a Python loop over the batch
    def forward(self, x):
        return torch.stack([x[i] * (i + 1) for i in range(x.size(0))])


class VectorizedLoop(nn.Module):
    def forward(self, x):
        steps = torch.arange(1, x.size(0) + 1, dtype=x.dtype)
        return x * steps.unsqueeze(1)


class UnrolledSum(nn.Module):  # sum over a loop: constant-index Gathers feeding Adds
    def forward(self, x):
        total = x[0]
        for i in range(1, x.size(0)):
            total = total + x[i]
        return total


class VectorizedSum(nn.Module):
    def forward(self, x):
        return x.sum(0)


class IterRows(nn.Module):  # `for row in x`: unbind into a fixed number of rows
    def forward(self, x):
        return torch.stack([row.relu() * 2 for row in x])


class WholeTensor(nn.Module):
    def forward(self, x):
        return x.relu() * 2


class MaskCountView(nn.Module):  # epsilon-greedy style pick, the count frozen
    def forward(self, x):
        y = x[x[:, 0] > 0]
        return y.view(int(y.shape[0]), 2, 2)


class MaskMinusOneView(nn.Module):
    def forward(self, x):
        y = x[x[:, 0] > 0]
        return y.view(-1, 2, 2)


class MaskWhere(nn.Module):  # keep every row, choose with the mask
    def forward(self, x):
        keep = (x[:, 0] > 0).unsqueeze(1)
        return torch.where(keep, x, torch.zeros_like(x)).view(-1, 2, 2)


class InterpSize(nn.Module):  # F.interpolate(size=(int(h) * 2, int(w) * 2))
    def forward(self, x):
        h, w = x.shape[2:]
        return F.interpolate(x, size=(int(h) * 2, int(w) * 2), mode="nearest")


class InterpScale(nn.Module):
    def forward(self, x):
        return F.interpolate(x, scale_factor=2.0, mode="nearest")


class InterpShapeSize(nn.Module):  # a size read from x.shape, not int()
    def forward(self, x):
        return F.interpolate(x, size=(x.shape[2] * 2, x.shape[3] * 2), mode="nearest")


class ExpandInt(nn.Module):
    def __init__(self):
        super().__init__()
        self.bias = nn.Parameter(torch.randn(1, 4))

    def forward(self, x):
        return x + self.bias.expand(int(x.size(0)), 4)


class ExpandSize(nn.Module):
    def __init__(self):
        super().__init__()
        self.bias = nn.Parameter(torch.randn(1, 4))

    def forward(self, x):
        return x + self.bias.expand(x.size(0), 4)


class ZerosCat(nn.Module):  # a padding column made at the export's batch
    def forward(self, x):
        return torch.cat([x, torch.zeros(int(x.size(0)), 1)], 1)


class NewZerosCat(nn.Module):
    def forward(self, x):
        return torch.cat([x, x.new_zeros(x.size(0), 1)], 1)


class OnesMul(nn.Module):  # torch.ones(len(x), 4) instead of ones_like
    def forward(self, x):
        return x * torch.ones(len(x), 4) * 3


class OnesLikeMul(nn.Module):
    def forward(self, x):
        return x * torch.ones_like(x) * 3


class TemporalDiffInt(nn.Module):  # slicing by int(x.size(1))
    def forward(self, x):
        return x[:, 1:] - x[:, :int(x.size(1)) - 1]


class TemporalDiff(nn.Module):
    def forward(self, x):
        return x[:, 1:] - x[:, :-1]


class RepeatToBatch(nn.Module):  # a learned row repeated to the export's batch
    def __init__(self):
        super().__init__()
        self.row = nn.Parameter(torch.randn(1, 4))

    def forward(self, x):
        return x + self.row.repeat(int(x.size(0)), 1)


class ExpandToBatch(nn.Module):
    def __init__(self):
        super().__init__()
        self.row = nn.Parameter(torch.randn(1, 4))

    def forward(self, x):
        return x + self.row.expand(x.size(0), -1)


class FlattenInt(nn.Module):  # reshape by int() of two dynamic dims
    def forward(self, x):
        return x.reshape(int(x.size(0)), int(x.size(1)) * int(x.size(2))) + 1


class Flatten(nn.Module):
    def forward(self, x):
        return x.flatten(1) + 1


class PositionsInt(nn.Module):  # positions from torch.arange(int(T))
    def __init__(self):
        super().__init__()
        self.pos = nn.Embedding(16, 4)

    def forward(self, x):
        return x + self.pos(torch.arange(int(x.size(1))))


class Positions(nn.Module):
    def __init__(self):
        super().__init__()
        self.pos = nn.Embedding(16, 4)

    def forward(self, x):
        return x + self.pos(torch.arange(x.size(1)))


class CausalMaskInt(nn.Module):  # a causal mask built at the export's length
    def forward(self, x):  # x: [B, T, D]
        t = int(x.size(1))
        scores = x @ x.transpose(1, 2)
        mask = torch.triu(torch.full((t, t), -1e4), 1)
        return torch.softmax(scores + mask, -1) @ x


class CausalMask(nn.Module):
    def forward(self, x):
        pos = torch.arange(x.size(1))
        scores = x @ x.transpose(1, 2)
        mask = (pos[None, :] > pos[:, None]).float() * -1e4
        return torch.softmax(scores + mask, -1) @ x


class GruInitInt(nn.Module):  # the recurrent state made at the export's batch
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 8)

    def forward(self, x):  # x: [T, B, 4]
        h0 = torch.zeros(1, int(x.size(1)), 8)
        return self.gru(x, h0)[0]


class GruInit(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(4, 8)

    def forward(self, x):
        h0 = x.new_zeros(1, x.size(1), 8)
        return self.gru(x, h0)[0]


class AgentsViewInt(nn.Module):  # an RL policy's logits per agent, batch frozen
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(6, 3 * 5)

    def forward(self, obs):  # obs: [B, 6] -> [B, 3 agents, 5 actions]
        return torch.softmax(self.head(obs).view(int(obs.size(0)), 3, 5), -1)


class AgentsView(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(6, 3 * 5)

    def forward(self, obs):
        return torch.softmax(self.head(obs).view(-1, 3, 5), -1)


class ArangeGather(nn.Module):  # x[torch.arange(len(x)), idx]: the rows frozen
    def forward(self, x, idx):
        return x[torch.arange(len(x)), idx]


class ArangeGatherSize(nn.Module):
    def forward(self, x, idx):
        return x[torch.arange(x.size(0)), idx]


class TopKInt(nn.Module):  # k from int(): the graph shows only a literal k
    def forward(self, x):
        return x.topk(int(x.size(1)) // 2, dim=1)[0]


class TopKLiteral(nn.Module):
    def forward(self, x):
        return x.topk(3, dim=1)[0]


class PosTable(nn.Module):  # a learned position table: the module fixes T itself
    def __init__(self):
        super().__init__()
        self.pos_embed = nn.Parameter(torch.randn(1, 6, 4))

    def forward(self, x):
        return x + self.pos_embed


class PosTableSliced(nn.Module):
    def __init__(self):
        super().__init__()
        self.pos_embed = nn.Parameter(torch.randn(1, 16, 4))

    def forward(self, x):
        return x + self.pos_embed[:, :x.size(1)]


class BiasOverBatch(nn.Module):  # a [C] bias over a dynamic batch, CLS pick
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)

    def forward(self, x):  # [B, T, 4]
        return self.fc(x)[:, 0] + 1


class FixedPrefix(nn.Module):  # x[:, :3]: a fixed prefix, as eager slices it
    def forward(self, x):
        return x[:, :3] * 2


class StaticInt(nn.Module):  # int() in a model whose inputs are all static
    def forward(self, x):
        return x.view(int(x.size(0)), 2, 2) + torch.arange(len(x)).view(-1, 1, 1)


# --- the cases ---

def randn(*shape, g):
    return torch.randn(*shape, generator=g)


def batch4(s, g):
    return (randn(s["batch"], 4, g=g),)


def bt4(s, g):
    return (randn(s["batch"], s["seq"], 4, g=g),)


def image(s, g):
    return (randn(1, 3, s["h"], s["w"], g=g),)


def btl(s, g):
    return (randn(s["batch"], 3, s["length"], g=g),)


def tb4(s, g):
    return (randn(s["seq"], s["batch"], 4, g=g),)


def gather_inputs(s, g):
    return (randn(s["batch"], 5, g=g), torch.randint(0, 5, (s["batch"],), generator=g))


BATCH = dict(export={"batch": 2}, probe=[{"batch": 1}, {"batch": 3}, {"batch": 5}])
SEQ = dict(export={"batch": 2, "seq": 6},
           probe=[{"batch": 2, "seq": 4}, {"batch": 3, "seq": 7}, {"batch": 1, "seq": 9}])
IMAGE = dict(export={"h": 8, "w": 8}, probe=[{"h": 6, "w": 10}, {"h": 12, "w": 12},
                                               {"h": 16, "w": 4}])
LENGTH = dict(export={"batch": 2, "length": 4},
              probe=[{"batch": 2, "length": 5}, {"batch": 3, "length": 4},
                     {"batch": 1, "length": 7}])
STATIC = dict(export={"batch": 2}, probe=[])

X_BATCH = {"x": {0: "batch"}}
X_SEQ = {"x": {0: "batch", 1: "seq"}}
X_TB = {"x": {0: "seq", 1: "batch"}}
X_IMAGE = {"x": {2: "h", 3: "w"}}
X_LENGTH = {"x": {0: "batch", 2: "length"}}


def case(name, module, inputs, axes, sizes, out_axes=None, names=("x",), seeds=1, fixable=False):
    return dict(name=name, module=module, inputs=inputs, axes=axes, sizes=sizes,
                out_axes=out_axes if out_axes is not None else {}, names=list(names),
                seeds=seeds, fixable=fixable)


def cases():
    y_batch = {"y": {0: "batch"}}
    y_seq = {"y": {0: "batch", 1: "seq"}}
    return [
        case("view_int_size", ViewIntSize, batch4, X_BATCH, BATCH, y_batch, fixable=True),
        case("faithful_view_minus_one", ViewMinusOne, batch4, X_BATCH, BATCH, y_batch),
        case("faithful_view_size", ViewSize, batch4, X_BATCH, BATCH, y_batch),
        case("arange_len", ArangeLen, batch4, X_BATCH, BATCH, y_batch),
        case("faithful_arange_size", ArangeSize, batch4, X_BATCH, BATCH, y_batch),
        case("unrolled_loop", UnrolledLoop, batch4, X_BATCH, BATCH, y_batch),
        case("faithful_vectorized_loop", VectorizedLoop, batch4, X_BATCH, BATCH, y_batch),
        case("unrolled_sum", UnrolledSum, batch4, X_BATCH, BATCH, {}),
        case("faithful_vectorized_sum", VectorizedSum, batch4, X_BATCH, BATCH, {}),
        case("iter_rows", IterRows, batch4, X_BATCH, BATCH, y_batch),
        case("faithful_whole_tensor", WholeTensor, batch4, X_BATCH, BATCH, y_batch),
        case("mask_count_view", MaskCountView, batch4, {"x": {0: "batch"}},
             dict(export={"batch": 8}, probe=[{"batch": 8}, {"batch": 5}, {"batch": 12}]),
             {"y": {0: "rows"}}, seeds=20, fixable=True),
        case("faithful_mask_minus_one_view", MaskMinusOneView, batch4, {"x": {0: "batch"}},
             dict(export={"batch": 8}, probe=[{"batch": 8}, {"batch": 5}, {"batch": 12}]),
             {"y": {0: "rows"}}, seeds=20),
        case("faithful_mask_where", MaskWhere, batch4, X_BATCH,
             dict(export={"batch": 8}, probe=[{"batch": 8}, {"batch": 5}, {"batch": 12}]),
             y_batch, seeds=20),
        case("interp_int_size", InterpSize, image, X_IMAGE, IMAGE, {"y": {2: "h2", 3: "w2"}}),
        case("faithful_interp_scale", InterpScale, image, X_IMAGE, IMAGE,
             {"y": {2: "h2", 3: "w2"}}),
        case("faithful_interp_shape_size", InterpShapeSize, image, X_IMAGE, IMAGE,
             {"y": {2: "h2", 3: "w2"}}),
        case("expand_int", ExpandInt, batch4, X_BATCH, BATCH, y_batch),
        case("faithful_expand_size", ExpandSize, batch4, X_BATCH, BATCH, y_batch),
        case("zeros_cat", ZerosCat, batch4, X_BATCH, BATCH, y_batch),
        case("faithful_new_zeros_cat", NewZerosCat, batch4, X_BATCH, BATCH, y_batch),
        case("ones_mul", OnesMul, batch4, X_BATCH, BATCH, y_batch),
        case("faithful_ones_like_mul", OnesLikeMul, batch4, X_BATCH, BATCH, y_batch),
        case("temporal_diff_int", TemporalDiffInt, bt4, X_SEQ, SEQ, {}),
        case("faithful_temporal_diff", TemporalDiff, bt4, X_SEQ, SEQ, {}),
        case("repeat_to_batch", RepeatToBatch, batch4, X_BATCH, BATCH, y_batch),
        case("faithful_expand_to_batch", ExpandToBatch, batch4, X_BATCH, BATCH, y_batch),
        case("flatten_int", FlattenInt, btl, X_LENGTH, LENGTH, {"y": {0: "batch"}}),
        case("faithful_flatten", Flatten, btl, X_LENGTH, LENGTH, {"y": {0: "batch"}}),
        case("positions_int", PositionsInt, bt4, X_SEQ, SEQ, y_seq),
        case("faithful_positions", Positions, bt4, X_SEQ, SEQ, y_seq),
        case("causal_mask_int", CausalMaskInt, bt4, X_SEQ, SEQ, y_seq),
        case("faithful_causal_mask", CausalMask, bt4, X_SEQ, SEQ, y_seq),
        case("gru_init_int", GruInitInt, tb4, X_TB, SEQ, {"y": {0: "seq", 1: "batch"}}),
        case("faithful_gru_init", GruInit, tb4, X_TB, SEQ, {"y": {0: "seq", 1: "batch"}}),
        case("agents_view_int", AgentsViewInt, batch4_obs, {"obs": {0: "batch"}}, BATCH,
             {"y": {0: "batch"}}, names=("obs",), fixable=True),
        case("faithful_agents_view", AgentsView, batch4_obs, {"obs": {0: "batch"}}, BATCH,
             {"y": {0: "batch"}}, names=("obs",)),
        case("arange_gather", ArangeGather, gather_inputs, {"x": {0: "batch"}, "idx": {0: "batch"}},
             BATCH, y_batch, names=("x", "idx")),
        case("faithful_arange_gather_size", ArangeGatherSize, gather_inputs,
             {"x": {0: "batch"}, "idx": {0: "batch"}}, BATCH, y_batch, names=("x", "idx")),
        case("topk_int", TopKInt, bt_plain, {"x": {0: "batch", 1: "seq"}}, SEQ, {}),
        case("faithful_topk_literal", TopKLiteral, bt_plain, {"x": {0: "batch", 1: "seq"}}, SEQ,
             {}),
        case("pos_table", PosTable, bt4, X_SEQ, SEQ, y_seq),
        case("faithful_pos_table_sliced", PosTableSliced, bt4, X_SEQ, SEQ, y_seq),
        case("faithful_bias_over_batch", BiasOverBatch, bt4, X_SEQ, SEQ, {}),
        case("faithful_fixed_prefix", FixedPrefix, bt4, X_SEQ, SEQ, {}),
        case("faithful_static_int", StaticInt, batch4, {}, STATIC, {}),
    ]


def batch4_obs(s, g):
    return (randn(s["batch"], 6, g=g),)


def bt_plain(s, g):
    return (randn(s["batch"], s["seq"], g=g),)


# --- export and probe ---

def relative_doc_strings(model):
    """verbose=True records each node's stack trace in its doc_string with
    absolute paths; the fixtures name this repository's files from its root."""
    prefix = REPO + os.sep

    def graph(g):
        for n in g.node:
            if n.doc_string:
                n.doc_string = n.doc_string.replace(prefix, "")
            for a in n.attribute:
                if a.HasField("g"):
                    graph(a.g)
                for sub in a.graphs:
                    graph(sub)

    graph(model.graph)


@contextlib.contextmanager
def quiet():
    """verbose=True prints the graph from C++: silence the file descriptors."""
    sys.stdout.flush()
    saved = os.dup(1), os.dup(2)
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 1)
        os.dup2(null.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def export(c, opset, path, verbose=True):
    import onnx
    torch.manual_seed(0)
    module = c["module"]().eval()
    gen = torch.Generator().manual_seed(0)
    args = c["inputs"](c["sizes"]["export"], gen)
    names = c["names"]
    axes = dict(c["axes"])
    axes.update(c["out_axes"])
    with quiet():
        torch.onnx.export(module, args, path, dynamo=False, opset_version=opset,
                          input_names=names, output_names=["y"], dynamic_axes=axes or None,
                          verbose=verbose)
    model = onnx.load(path)
    relative_doc_strings(model)
    onnx.save_model(model, path)
    return module


def tensor_doc(t):
    return {"type": str(t.dtype).replace("torch.", ""), "dims": list(t.shape),
            "data": t.flatten().tolist()}


def probe(c, module, path, tolerance=1e-4):
    """Runs the export in ONNX Runtime against eager PyTorch at the probe sizes
    (each with `seeds` inputs). Returns (verdict, evidence, probes)."""
    import onnxruntime as ort
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    feed_names = [i.name for i in sess.get_inputs()]
    sizes = c["sizes"]["probe"]
    failures, eager_refused, compared, probes = [], 0, 0, []
    for size in sizes:
        for seed in range(c["seeds"]):
            gen = torch.Generator().manual_seed(100 + seed)
            args = c["inputs"](size, gen)
            label = ", ".join(f"{k} {v}" for k, v in size.items())
            if c["seeds"] > 1:
                label += f", seed {100 + seed}"
            try:
                with torch.no_grad():
                    want = module(*args)
            except Exception:
                eager_refused += 1
                continue
            compared += 1
            feed = {n: a.numpy() for n, a in zip(feed_names, args)}
            if len(probes) < 3 and c["seeds"] == 1 or len(probes) < 6 and c["seeds"] > 1:
                probes.append({"inputs": {n: tensor_doc(a) for n, a in zip(feed_names, args)},
                               "outputs": {"y": tensor_doc(want)}})
            try:
                got = sess.run(None, feed)[0]
            except Exception as e:
                msg = str(e).strip().splitlines()[0]
                msg = re.sub(r"\s+", " ", msg)[:200]
                failures.append(f"{label}: ONNX Runtime raised: {msg}")
                continue
            want = want.numpy()
            if got.shape != want.shape:
                failures.append(f"{label}: shape {list(got.shape)} where eager gives "
                                f"{list(want.shape)}")
            elif not np.allclose(got, want, rtol=tolerance, atol=tolerance):
                failures.append(f"{label}: values differ by up to "
                                f"{float(np.abs(got - want).max()):.3g}")
    if failures:
        return "broken", failures, probes
    if sizes and eager_refused:
        return "module", [f"eager PyTorch itself refuses {eager_refused} of the "
                          f"{len(sizes) * c['seeds']} probed inputs; the other {compared} "
                          f"matched"], probes
    return "faithful", [f"{compared} probes matched eager PyTorch"], probes


def torch_export_check(c, module):
    """What torch.export says of the module with the same dynamic dims: the
    check `torch.onnx.export(..., dynamo=True)` does not make (it specializes a
    frozen dim to the example's size and declares the input static)."""
    dims = {}
    shapes = []
    for name in c["names"]:
        axes = c["axes"].get(name, {})
        shapes.append({a: dims.setdefault(d, torch.export.Dim(d)) for a, d in axes.items()}
                      if axes else None)
    if not any(shapes):
        return "no dynamic dim"
    gen = torch.Generator().manual_seed(0)
    args = c["inputs"](c["sizes"]["export"], gen)
    try:
        with quiet():
            torch.export.export(module, args, dynamic_shapes=tuple(shapes))
        return "accepted"
    except Exception as e:
        first = str(e).strip().splitlines()[0]
        return f"refused: {type(e).__name__}: {first[:160]}"


def load_verdicts(out_dir):
    """The verdicts recorded so far (a run of a few cases keeps the others')."""
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "verdicts.json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return json.load(f)


def save_verdicts(out_dir, verdicts):
    with open(os.path.join(out_dir, "verdicts.json"), "w") as f:
        json.dump(dict(sorted(verdicts.items())), f, indent=1)
        f.write("\n")


def main():
    verdicts = load_verdicts(OUT)
    for c in cases():
        if ONLY and c["name"] not in ONLY:
            continue
        for opset in (12, 17):
            stem = f"{c['name']}.opset{opset}"
            path = os.path.join(OUT, stem + ".onnx")
            try:
                module = export(c, opset, path)
            except Exception as e:
                verdicts[stem] = {"verdict": "not exported",
                                  "evidence": [str(e).strip().splitlines()[0][:200]]}
                print(f"{stem}: not exported: {verdicts[stem]['evidence'][0]}")
                continue
            verdict, evidence, probes = probe(c, module, path)
            verdicts[stem] = {"verdict": verdict, "evidence": evidence[:4],
                              "export_sizes": c["sizes"]["export"],
                              "probe_sizes": c["sizes"]["probe"], "seeds": c["seeds"],
                              "torch_export": torch_export_check(c, module)}
            if c["fixable"]:
                with open(os.path.join(OUT, stem + ".probe.json"), "w") as f:
                    json.dump({"probes": probes}, f)
            print(f"{stem}: {verdict}: {evidence[0]}")
    save_verdicts(OUT, verdicts)


if __name__ == "__main__":
    main()
