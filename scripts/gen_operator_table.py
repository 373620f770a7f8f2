#!/usr/bin/env python3
"""Writes operators/signatures.txt: every operator version's signature, read
from the ONNX operator changelogs (onnx/onnx docs/Changelog.md and
docs/Changelog-ml.md), in onnx-lint's own line format (see the file's header).

Run by hand when a new opset comes out (dev time only; the build reads the
committed file):
    scripts/gen_operator_table.py CHANGELOG.md CHANGELOG-ML.md "onnx/onnx@<commit>"
The table's opsets <= 17 are checked against libonnx 1.12's schema registry by
tests/op_signatures_test.cc, so a misread changelog fails the tests.
"""
import html
import re
import sys

MAX_OPSET = {"": 24, "ai.onnx.ml": 5, "ai.onnx.preview.training": 1}  # the newest opsets onnx-lint claims to know

SECTION = re.compile(r"^## Version (\d+) of (?:the default ONNX|the '([\w.]+)') operator set")
OP = re.compile(r'^### <a name="([\w.]+)-(\d+)"></a>')
ITEM = re.compile(r"^<dt><tt>([^<]+)</tt>(?: \(([^)]*)\))? : (.*)</dt>")
DEPRECATED = re.compile(r"deprecated since version (\d+)")
HEAD = re.compile(r"^#### (Attributes|Inputs|Outputs|Type Constraints)(?: \((\d+) - ([^)]+)\))?")

ATTR_TYPES = {
    "int": "int", "float": "float", "string": "string", "tensor": "tensor", "graph": "graph",
    "sparse_tensor": "sparse_tensor", "type_proto": "type_proto",
    "list of ints": "ints", "list of floats": "floats", "list of strings": "strings",
    "list of tensors": "tensors", "list of graphs": "graphs",
    "list of sparse_tensors": "sparse_tensors", "list of type_protos": "type_protos",
}


def type_word(t):
    """tensor(float) -> float; seq(tensor(int64)) -> seq:int64; map(int64, tensor(float)) kept."""
    t = t.strip()
    m = re.fullmatch(r"tensor\((\w+)\)", t)
    if m:
        return m.group(1)
    m = re.fullmatch(r"(seq|optional|sparse_tensor)\((.*)\)", t)
    if m:
        return m.group(1) + ":" + type_word(m.group(2))
    return t.replace(" ", "")


def split_types(text):
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            out.append(cur)
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    if cur.strip():
        out.append(cur)
    return [type_word(t) for t in out]


def parse(path, default_domain):
    ops, domain, cur, part = [], default_domain, None, None
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        m = SECTION.match(line)
        if m:
            domain = m.group(2) or ""
            cur = None
            continue
        m = OP.match(line)
        if m:
            name = m.group(1)
            if domain and name.startswith(domain + "."):
                name = name[len(domain) + 1:]
            cur = {"domain": domain, "name": name, "since": int(m.group(2)), "deprecated": 0,
                   "attrs": [], "inputs": [], "outputs": [], "types": [], "arity": {}}
            ops.append(cur)
            part = None
            continue
        if cur is None:
            continue
        m = DEPRECATED.search(line)
        if m and part is None:
            cur["deprecated"] = int(m.group(1))
        m = HEAD.match(line)
        if m:
            part = m.group(1)
            if m.group(2):
                hi = m.group(3)
                cur["arity"][part] = (int(m.group(2)), -1 if "8734" in hi else int(hi))
            continue
        if line.startswith("### ") or line.startswith("#### "):
            part = None
            continue
        m = ITEM.match(line)
        if not m or part is None:
            continue
        name, flags, rest = html.unescape(m.group(1)), (m.group(2) or ""), html.unescape(m.group(3))
        if part == "Attributes":
            am = re.match(r"([a-z_ ]+?)\s*(?:\((required|default is (.*))\))?$", rest)
            kind = ATTR_TYPES.get(am.group(1).strip()) if am else None
            if kind is None:
                raise SystemExit(f"{path}: {cur['name']}-{cur['since']}: attribute type {rest!r}")
            cur["attrs"].append((name, kind, "required" if am.group(2) == "required"
                                 else ("default" if am.group(3) is not None else "optional")))
        elif part in ("Inputs", "Outputs"):
            opt = "optional" if "optional" in flags else ("variadic" if "variadic" in flags else "single")
            hetero = "heterogeneous" in flags
            cur["inputs" if part == "Inputs" else "outputs"].append((name, type_word(rest), opt, hetero))
        else:
            cur["types"].append((name, split_types(rest)))
    return ops


def formal_line(kind, f, arity):
    name, t, opt, hetero = f
    word = {"single": "", "optional": " ?", "variadic": " *"}[opt]
    if opt == "variadic":
        word += f"{arity[0]}" if arity else "1"
        if hetero:
            word += " mixed"
    return f"{kind} {name} {t}{word}"


def main():
    changelog, changelog_ml, source = sys.argv[1], sys.argv[2], sys.argv[3]
    ops = parse(changelog, "") + parse(changelog_ml, "ai.onnx.ml")
    ops = [o for o in ops if o["domain"] in MAX_OPSET and o["since"] <= MAX_OPSET[o["domain"]]]
    ops.sort(key=lambda o: (o["domain"], o["name"], o["since"]))
    out = [
        "# Operator signatures for onnx-lint's type inference and checker.",
        f"# Generated by scripts/gen_operator_table.py from {source}",
        "# (docs/Changelog.md, docs/Changelog-ml.md). Do not edit by hand.",
        "# op DOMAIN NAME SINCE [deprecated N]   (DOMAIN '-' is the default ai.onnx domain)",
        "#   a NAME TYPE required|default|optional     an attribute",
        "#   i/o NAME TYPE [?|*MIN [mixed]]            an input/output: ? optional, * variadic",
        "#   t VAR TYPE...                             a type constraint's allowed types",
        "#   ri/ro MIN MAX                             how many inputs/outputs (MAX -1: no limit)",
        f"# opsets: ai.onnx up to {MAX_OPSET['']}, ai.onnx.ml up to {MAX_OPSET['ai.onnx.ml']}",
    ]
    for o in ops:
        head = f"op {o['domain'] or '-'} {o['name']} {o['since']}"
        if o["deprecated"]:
            head += f" deprecated {o['deprecated']}"
        out.append(head)
        for a in o["attrs"]:
            out.append(f"  a {a[0]} {a[1]} {a[2]}")
        for kind, key in (("i", "inputs"), ("o", "outputs")):
            arity = o["arity"].get("Inputs" if kind == "i" else "Outputs")
            formals = o[key]
            for idx, f in enumerate(formals):
                # a variadic formal's minimum: what the count range leaves for it
                need = None
                if f[2] == "variadic" and arity:
                    others = sum(1 for g in formals if g[2] != "variadic")
                    need = (max(arity[0] - others, 0),)
                out.append("  " + formal_line(kind, f, need))
        for var, types in o["types"]:
            out.append(f"  t {var} {' '.join(types)}")
        for kind, part, key in (("ri", "Inputs", "inputs"), ("ro", "Outputs", "outputs")):
            lo, hi = o["arity"].get(part, (len(o[key]), len(o[key])))
            out.append(f"  {kind} {lo} {hi}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
