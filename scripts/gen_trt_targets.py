#!/usr/bin/env python3
"""Writes targets/tensorrt_matrix.toml: what each TensorRT release's ONNX parser
supports, read from onnx-tensorrt's docs/operators.md at the commit of that
release, in onnx-lint's own format (facts, not the matrix's prose).

Each release is written as a diff against the one before it (`base`), so a new
release is one script run and a short, reviewable data change:
    python3 scripts/gen_trt_targets.py --repo PATH/TO/onnx-tensorrt > targets/tensorrt_matrix.toml
    python3 scripts/gen_trt_targets.py --sources DIR > targets/tensorrt_matrix.toml
--repo reads `git show COMMIT:docs/operators.md` from a clone that has the
commits; --sources reads DIR/COMMIT/docs/operators.md (copies saved from
github.com/onnx/onnx-tensorrt/blob/COMMIT/docs/operators.md; by default
~/.cache/onnx-lint/onnx-tensorrt). Both may be given; a commit is taken from the
first that has it. tests/python/test_trt_matrix.py runs the script when the
sources are there and fails on any difference from the committed file. A restriction sentence the
PHRASES table does not know is listed on stderr and its op written to the
release's `unchecked` list, for a reviewer to map to a check or leave.

Releases without a matrix of their own (11.5: the 11.0 matrix and the release
notes of 11.2 and 11.5) are in targets/tensorrt_release_notes.toml, in the same
format, each change cited; this script does not write them.
"""
import argparse
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = pathlib.Path.home() / ".cache" / "onnx-lint" / "onnx-tensorrt"

# name, the onnx-tensorrt release it is, the commit whose docs/operators.md is read.
# 8.6/10.0/10.1: the heads of the release branches 8.6-GA, 10.0-GA, 10.1-GA.
RELEASES = [
    ("trt-8.6", "8.6-GA", "ee0b139bc68567a89618c1d84dcd461cc144aad4"),
    ("trt-10.0", "10.0-GA", "73f629e04a68765647010b98dd94257282d05d11"),
    ("trt-10.1", "10.1-GA", "96e781103cfc4adf4a6bb557e94bac8e693f6f4c"),
    ("trt-10.6", "10.6-GA", "0137504e2b25fe5253bd85d26b073378fb67805b"),
    ("trt-10.8", "10.8-GA", "554c9f1b7fc048e39e3afe0c2af757902eb7b23e"),
    ("trt-10.12", "10.12-GA", "4df1996807d844029e7aabefd54619af99f288f8"),
    ("trt-10.13", "10.13-GA", "23957b7699f7a203f82d01f1942223c9bbed06ca"),
    ("trt-10.15", "10.15-GA", "fa5aa9f61e7781d2ca8f5351d42c1f19525a6124"),
    ("trt-11.0", "11.0-GA", "2f3fa349247d9ff52d7662cb995c82278df31a86"),
]

# The matrix's type words, in onnx-lint's dtype names. INF64 is a typo the
# matrices carry for ConstantOfShape from 10.6 to 10.13.
TYPE_WORDS = {
    "FP32": "float32", "FLOAT32": "float32", "FLOAT": "float32", "FP16": "float16",
    "FLOAT16": "float16", "BF16": "bfloat16", "BFLOAT16": "bfloat16", "DOUBLE": "float64",
    "FP8": "float8e4m3fn",
    "FP4": "float4e2m1", "INT4": "int4", "INT8": "int8", "UINT8": "uint8", "INT32": "int32",
    "INT64": "int64", "INF64": "int64", "BOOL": "bool",
}

# A restriction sentence -> the check that tests it (rules/restricted_usage.cc),
# its limit when the sentence holds a number, and the fact in onnx-lint's words.
AXES = "`axes` (CumSum: `axis`)"
PHRASES = [
    (r"2D or 3D [Pp]ooling only", "pool-rank", "pooling must be 2-D or 3-D (a 4-D or 5-D input)"),
    (r"`Indices` output tensor unsupported", "maxpool-indices",
     "MaxPool's second output (Indices) is not supported"),
    (r"`dilations` must be empty or all ones", "pool-dilations",
     "pooling `dilations` must be absent or all 1"),
    (r"Ellipsis and diagonal operations are not supported", "einsum-ellipsis",
     "Einsum equations with an ellipsis (`...`) are not supported"),
    (r"zero_point` must be (0|zero)", "zero-point", "the zero point must be 0"),
    (r"`ax[ie]s` must be (an initializer|a constant tensor)", "axes-initializer",
     AXES + " must be a constant, not computed in the graph"),
    (r"`ax[ie]s` must be (resolvable to a constant|a build-time constant)", "axes-constant",
     AXES + " must fold to a constant when the engine is built"),
    (r"Supported resize modes: `nearest`, `linear`", "resize-mode",
     "Resize supports the modes nearest and linear only"),
    (r"Antialiasing is not supported", "resize-antialias",
     "Resize with antialias=1 is not supported"),
    (r"Supported aspect ratio policy: `stretch`", "resize-aspect-policy",
     "Resize supports keep_aspect_ratio_policy=stretch only"),
    (r"`sorted` must be 1", "topk-sorted", "TopK needs sorted=1"),
    (r"`K` input must be less than (\d+)", "topk-k-limit", "TopK's K must be below {limit}"),
    (r"`reduction` (other than `none` )?is not supported", "scatternd-reduction",
     "ScatterND's `reduction` is not supported"),
    (r"`layout` attribute must be 0", "lstm-layout", "LSTM needs layout=0 (sequence first)"),
    (r"`input_forget` attribute must be 0", "lstm-input-forget", "LSTM needs input_forget=0"),
    (r"`is_trai?ning` must be an initializer and evaluate to False", "dropout-training",
     "Dropout's training_mode must be a constant false"),
    (r"`depth` must be a build-time constant", "onehot-depth", "OneHot's depth must be a constant"),
    (r"Scan output length cannot be dynamic", "loop-scan-length",
     "a Loop's scan outputs cannot have a dynamic length"),
    (r"branches must have the same rank", "if-branch-ranks",
     "both branches of an If must return outputs of the same rank"),
    (r"`seed` value is ignored", "random-seed", "the `seed` attribute is ignored"),
    (r"`Q`, `K`, `V` and `attn_mask ?` must be 4D", "attention-4d",
     "Attention's Q, K, V and attn_mask must be 4-D ([batch, heads, sequence, head size])"),
    (r"`past_key`, `past_value` and `nonpad_kv_seqlen` inputs are unsupported", "attention-cache",
     "Attention's KV-cache inputs and outputs (past_key, past_value, nonpad_kv_seqlen, "
     "present_key, present_value, qk_matmul_output) are not supported"),
    (r"`qk_matmul_output_mode` and `softcap` attributes are unsupported", "attention-softcap",
     "Attention's softcap and qk_matmul_output_mode attributes are not supported"),
    (r"Input must be (\d)D input", "gridsample-rank", "GridSample's input must be {limit}-D"),
    (r"`past_cache` and `update` must be 4D", "tensorscatter-layout",
     "TensorScatter's past_cache and update must be 4-D, with axis=-2"),
    (r"`position_ids` must be INT64", "rotary-position-ids",
     "RotaryEmbedding's position_ids must be INT64"),
    (r"`frame_step` and `window` must be an initializer", "stft-initializers",
     "STFT's frame_step and window must be constants"),
]
# Sentences of a restriction cell that PHRASES covers as part of another one,
# or that say what a check already tests.
COVERED = [r"`present_key`, `present_value` and `qk_matmul_output` outputs are unsupported",
           r"`q_num_heads` and `kv_num_heads` attributes are supported",
           r"^`axis` must be -2\.?$"]  # TensorScatter: tensorscatter-layout tests it too
# Restrictions the parser's importer code enforces but the matrix does not say,
# for every release here (the one after them, 11.5, lifts it in its notes):
# a Squeeze without `axes` over a dynamic shape fails with "Cannot infer squeeze
# dimensions from a dynamic shape" (onnx-tensorrt onnxOpImporters.cpp @ 10.1-GA
# 96e78110, Squeeze importer; "Added support for Squeeze when axis input is
# omitted": onnx-tensorrt release/11.5-GA notes).
IMPORTER_FACTS = {
    "squeeze-dynamic-no-axes": (["Squeeze"], "a Squeeze without `axes` needs a static input shape"),
}
# A restriction the parser accepts but does not honour: the node still builds.
WARNINGS = {"random-seed", "int64-clamped"}


def read_matrix(commit, repos, sources):
    for repo in repos:
        r = subprocess.run(["git", "-C", repo, "show", f"{commit}:docs/operators.md"],
                           capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout
    for d in sources:
        p = pathlib.Path(d) / commit / "docs" / "operators.md"
        if p.is_file():
            return p.read_text()
    raise SystemExit(f"gen_trt_targets: no docs/operators.md at {commit} in --repo or --sources")


def type_list(cell):
    out = []
    for w in (x.strip().upper() for x in re.split(r"[,\s]+", cell)):
        if not w:
            continue
        if w not in TYPE_WORDS:
            sys.exit(f"gen_trt_targets: unknown type word {w!r}")
        if TYPE_WORDS[w] not in out:
            out.append(TYPE_WORDS[w])
    return out


def sentences(text):
    text = re.sub(r"<br\s*/?>", ". ", text)
    return [s.strip() for s in re.split(r"(?<=[.])\s+", text) if s.strip(" .")]


def parse(text, label):
    """One matrix: opset window, header type facts, and per op Y/N, types, checks."""
    m = re.search(r"opset (\d+) to opset (\d+)", text) or re.search(r"up to Opset (\d+)", text)
    if not m:
        sys.exit(f"gen_trt_targets: {label}: no opset window in the header")
    opsets = [int(m.group(1)), int(m.group(2))] if m.lastindex == 2 else [1, int(m.group(1))]
    rel = {"opsets": opsets, "ops": {}, "unchecked": []}
    header = text.split("## Operator Support Matrix")[0]
    m = re.search(r"following ONNX data types: ([^\n]*)", header)
    rel["data_types"] = type_list(m.group(1).replace(" and ", ", ")) if m else []
    m = re.search(r"Note: ([A-Z0-9, and]+?) (?:are|is) treated as `Quantized Types`", header)
    rel["quantized_types"] = type_list(m.group(1).replace(" and ", ", ")) if m else []
    rel["io_only_types"] = type_list(",".join(
        re.findall(r"(\w+) is only supported as network input or output", header)))
    rel["cast_down"] = type_list(",".join(
        re.findall(r"cast (?:down )?(INT64|DOUBLE)(?: down)? to", header)))
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[1] not in ("Y", "N") or not re.fullmatch(r"[A-Za-z]+", cells[0]):
            continue
        op = cells[0]
        entry = {"supported": cells[1] == "Y", "types": [], "checks": {}}
        if entry["supported"] and len(cells) > 2:
            entry["types"] = type_list(cells[2])
        restriction = cells[3] if len(cells) > 3 else ""
        for s in sentences(restriction) if entry["supported"] else []:
            hit = next(((p, c, f) for p, c, f in PHRASES if re.search(p, s)), None)
            if hit:
                mm = re.search(hit[0], s)
                limit = int(mm.group(1)) if hit[1] in ("topk-k-limit", "gridsample-rank") else 0
                entry["checks"][hit[1]] = (hit[2].format(limit=limit), limit)
            elif not any(re.search(p, s) for p in COVERED):
                print(f"{label}: {op}: not checked: {s.rstrip('.')}", file=sys.stderr)
                if op not in rel["unchecked"]:
                    rel["unchecked"].append(op)
        rel["ops"][op] = entry
    return rel


def default_domain_ops():
    """Every ai.onnx op and the opset it first appears in (operators/signatures.txt)."""
    first = {}
    for line in (ROOT / "operators" / "signatures.txt").read_text().splitlines():
        p = line.split()
        if len(p) >= 4 and p[0] == "op" and p[1] == "-":
            first[p[2]] = min(first.get(p[2], 999), int(p[3]))
    return first


def facts(rel, first):
    """What the engine reads: unsupported ops, restrictions by check, types by op."""
    ops = rel["ops"]
    # An op the matrix marks N, or does not list although the parser's opsets have it.
    unsupported = {op for op, e in ops.items() if not e["supported"]}
    unsupported |= {op for op, since in first.items()
                    if op not in ops and since <= rel["opsets"][1]}
    checks = {}
    for op in sorted(ops):
        for check, (fact, limit) in ops[op]["checks"].items():
            c = checks.setdefault(check, {"ops": [], "fact": fact, "limit": limit})
            c["ops"].append(op)
    if "int64" in rel["cast_down"]:
        # INT64 is cast down to INT32 (8.x): any op taking an integer constant clamps it.
        # Not Slice: torch writes INT64_MAX for "to the end", and clamped it still is.
        checks["int64-clamped"] = {
            "ops": sorted(op for op, e in ops.items() if "int32" in e["types"] and op != "Slice"),
            "fact": "INT64 constants are cast down to INT32, clamping values to +-INT_MAX",
            "limit": 0}
    for check, (check_ops, fact) in IMPORTER_FACTS.items():
        checks[check] = {"ops": check_ops, "fact": fact, "limit": 0}
    types = {op: e["types"] for op, e in ops.items() if e["supported"] and e["types"]}
    return {"opsets": rel["opsets"], "unsupported": sorted(unsupported), "checks": checks,
            "types": types, "unchecked": sorted(rel["unchecked"]),
            "data_types": rel["data_types"], "quantized_types": rel["quantized_types"],
            "io_only_types": rel["io_only_types"], "cast_down": rel["cast_down"]}


def toml_list(xs, indent=2, width=100):
    items = [f'"{x}"' if isinstance(x, str) else str(x) for x in xs]
    one = "[" + ", ".join(items) + "]"
    if len(one) <= width - 20:
        return one
    lines, cur = [], " " * indent
    for it in items:
        if len(cur) + len(it) + 2 > width:
            lines.append(cur.rstrip())
            cur = " " * indent
        cur += it + ", "
    lines.append(cur.rstrip())
    return "[\n" + "\n".join(lines) + "\n]"


def write_release(out, name, label, commit, new, old):
    out.append("[[release]]")
    out.append(f'name = "{name}"')
    if old:
        out.append(f'base = "{old["name"]}"')
    out.append(f'source = "onnx-tensorrt docs/operators.md @ {label}"')
    out.append(f'commit = "{commit}"')
    keys = ["opsets", "data_types", "quantized_types", "io_only_types", "cast_down"]
    for k in keys:
        if not old or new[k] != old[k]:
            out.append(f"{k} = {toml_list(new[k])}")
    if not old:
        out.append(f"unsupported = {toml_list(new['unsupported'])}")
    else:
        added = sorted(set(new["unsupported"]) - set(old["unsupported"]))
        gone = sorted(set(old["unsupported"]) - set(new["unsupported"]))
        if added:
            out.append(f"unsupported_add = {toml_list(added)}")
        if gone:
            out.append(f"unsupported_remove = {toml_list(gone)}")
    if not old or new["unchecked"] != old["unchecked"]:
        out.append(f"unchecked = {toml_list(new['unchecked'])}")
    gone_checks = sorted(set(old["checks"]) - set(new["checks"])) if old else []
    if gone_checks:
        out.append(f"restriction_remove = {toml_list(gone_checks)}")
    gone_types = sorted(set(old["types"]) - set(new["types"])) if old else []
    if gone_types:
        out.append(f"types_remove = {toml_list(gone_types)}")
    changed = {op: t for op, t in new["types"].items() if not old or old["types"].get(op) != t}
    if changed:
        out.append("")
        out.append("[release.types]")
        for op in sorted(changed):
            out.append(f"{op} = {toml_list(changed[op])}")
    for check in sorted(new["checks"]):
        c = new["checks"][check]
        if old and old["checks"].get(check) == c:
            continue
        out.append("")
        out.append("[[release.restriction]]")
        out.append(f'check = "{check}"')
        out.append(f"ops = {toml_list(c['ops'])}")
        out.append(f'fact = "{c["fact"]}"')
        if c["limit"]:
            out.append(f"limit = {c['limit']}")
        if check in WARNINGS:
            out.append('severity = "warning"')
    out.append("")


def generate(repos, sources):
    """The text of targets/tensorrt_matrix.toml, from the matrices at RELEASES' commits."""
    first = default_domain_ops()
    out = [
        "# Generated by scripts/gen_trt_targets.py from onnx/onnx-tensorrt docs/operators.md",
        "# at the commit of each release. Do not edit: change the script or its sources and",
        "# run it again (docs/targets.md). Each [[release]] after the first is a diff",
        "# against its `base`: *_add / *_remove lists, and the types and restrictions that",
        "# changed (a restriction is replaced whole, by its check).", ""]
    old = None
    for name, label, commit in RELEASES:
        new = facts(parse(read_matrix(commit, repos, sources), label), first)
        new["name"] = name
        write_release(out, name, label, commit, new, old)
        old = new
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", action="append", default=[], help="a clone of onnx/onnx-tensorrt")
    ap.add_argument("--sources", action="append", default=[],
                    help="a folder of COMMIT/docs/operators.md copies")
    args = ap.parse_args()
    if not args.sources:
        args.sources = [str(DEFAULT_SOURCES)]
    sys.stdout.write(generate(args.repo, args.sources))


if __name__ == "__main__":
    main()
