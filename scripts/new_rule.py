#!/usr/bin/env python3
"""Scaffold a new onnx-lint rule: the rule, its doc page, its test, its golden
and its registry line (plus its row in the README's rules table).

    scripts/new_rule.py OL601 hardmax-op --op Hardmax [--severity warning]

The new rule flags every ai.onnx node of --op; edit its words and logic in
rules/<name>.cc, its page in docs/rules/<CODE>.md, then refresh the golden
with ONNX_LINT_UPDATE_GOLDEN=1 and review the diff. Unless --no-build is
given, the script builds the project and writes the golden of the positive
case by running the new test once, so the tree builds and passes right away.
"""
import argparse
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(message):
    sys.exit(f"new_rule.py: {message}")


def camel(name):
    return "".join(part.capitalize() for part in name.split("-"))


def snake(name):
    return name.replace("-", "_")


def write_new(relative, text):
    path = os.path.join(ROOT, relative)
    if os.path.exists(path):
        fail(f"{relative} exists already")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    print(f"wrote {relative}")


def insert_sorted(relative, pattern, new_line, code):
    """Inserts new_line before the first line matching `pattern` whose code
    sorts after `code` (or after the last matching line)."""
    path = os.path.join(ROOT, relative)
    with open(path) as f:
        lines = f.read().split("\n")
    matches = [(i, m.group(1)) for i, l in enumerate(lines) if (m := re.search(pattern, l))]
    if not matches:
        fail(f"{relative}: no line matches {pattern!r}")
    if any(c == code for _, c in matches):
        fail(f"{relative} already lists {code}")
    after = [i for i, c in matches if c > code]
    where = after[0] if after else matches[-1][0] + 1
    lines.insert(where, new_line)
    with open(path, "w") as f:
        f.write("\n".join(lines))
    print(f"edited {relative}")


def add_registry_line(code, name):
    """One new line in the ONNX_LINT_RULES list, in code order, aligned like the others."""
    path = os.path.join(ROOT, "rules/registry.cc")
    with open(path) as f:
        lines = f.read().split("\n")
    entries = [(i, m.group(1)) for i, l in enumerate(lines)
               if (m := re.match(r"  X\(\w+\)\s*/\* (OL\d+) \*/", l))]
    if not entries:
        fail("rules/registry.cc: cannot find the ONNX_LINT_RULES list")
    if any(c == code for _, c in entries):
        fail(f"rules/registry.cc already lists {code}")
    comment_at = lines[entries[0][0]].index("/*")
    backslash_at = lines[entries[0][0]].rindex("\\")
    entry = f"  X({camel(name)})"
    entry += " " * max(1, comment_at - len(entry)) + f"/* {code} */"
    after = [i for i, c in entries if c > code]
    if after:
        lines.insert(after[0], entry + " " * max(1, backslash_at - len(entry)) + "\\")
    else:  # the new last entry: the old last one gets the continuation
        last = entries[-1][0]
        lines[last] += " " * max(1, backslash_at - len(lines[last])) + "\\"
        lines.insert(last + 1, entry)
    with open(path, "w") as f:
        f.write("\n".join(lines))
    print("edited rules/registry.cc")


def add_to_default_target(code):
    """The default target (targets/cheatsheet.toml) runs rules by code or
    prefix; a new rule whose prefix it does not list joins its list by code."""
    path = os.path.join(ROOT, "targets/cheatsheet.toml")
    with open(path) as f:
        text = f.read()
    m = re.search(r'^rules = \[(.*)\]$', text, re.M)
    if not m:
        fail("targets/cheatsheet.toml: cannot find its rules list")
    listed = re.findall(r'"(OL\d*)"', m.group(1))
    if any(code.startswith(p) for p in listed):
        return
    entries = sorted(listed + [code])
    line = "rules = [" + ", ".join(f'"{e}"' for e in entries) + "]"
    with open(path, "w") as f:
        f.write(text[:m.start()] + line + text[m.end():])
    print("edited targets/cheatsheet.toml")


RULE = """\
// {code} {name}: {summary}
#include <fmt/format.h>

#include "onnx_lint/rule.h"

namespace onnx_lint {{
namespace {{

constexpr RuleMeta kMeta{{"{code}", "{name}", Severity::k{level},
                         "{summary}",
                         ""}};

class {cls}Rule final : public Rule {{
 public:
  const RuleMeta& meta() const override {{ return kMeta; }}

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {{
    for_each_node(ctx.model, [&](const Graph& g, const Node& n) {{
      if (n.op_type != "{op}" || !n.in_onnx_domain()) return;
      sink.report(g, n, "{op} in the graph: say here what breaks in TensorRT or ONNX Runtime")
          .fix = "say here what to write in PyTorch instead";
    }});
  }}
}};

}}  // namespace

std::unique_ptr<Rule> Make{cls}Rule() {{ return std::make_unique<{cls}Rule>(); }}

}}  // namespace onnx_lint
"""

DOC = """\
# {code} {name}

Default severity: **{severity}** · Cheatsheet: none

Opsets: {op} in every opset that has it.

Fix: none (`onnx-lint fix` leaves it: change the PyTorch code as *Use instead* shows).

## What it does
Reports every `{op}` node of the default ONNX domain.

## Why it matters
Say what TensorRT or ONNX Runtime does with it: the error, the crash, the stall.

## Example
```python
# the PyTorch code that exports to {op}
```

## Use instead
```python
# the rewrite, and why it exports without {op}
```

## When to ignore
Say when the finding is safe to waive.
"""

TEST = """\
// {code} {name}: the op is flagged with its exact words; other ops and the same
// op in another domain are not.
#include <gtest/gtest.h>

#include "test_util.h"

namespace onnx_lint::test {{
namespace {{

onnx::ModelProto with_node(const std::string& op, const std::string& domain) {{
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12, "custom.domain" : 1]>
    g (float[1, 3] x) => (float[1, 3] y) {{ y = Identity (x) }}
  )");
  p.mutable_graph()->mutable_node(0)->set_op_type(op);
  p.mutable_graph()->mutable_node(0)->set_domain(domain);
  return p;
}}

TEST({cls}Rule, FlagsTheOp) {{
  write_model("{code_lower}_positive", with_node("{op}", ""));
  expect_rule_golden("{code_lower}_positive", "{code_lower}_positive.onnx", temp_dir(),
                     {{"--select", "{code}"}});
}}

TEST({cls}Rule, OtherOpsAndOtherDomainsAreClean) {{
  EXPECT_TRUE(only(lint(load_proto(with_node("Relu", ""))), "{code}").empty());
  EXPECT_TRUE(only(lint(load_proto(with_node("{op}", "custom.domain"))), "{code}").empty());
}}

}}  // namespace
}}  // namespace onnx_lint::test
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("code", help="stable rule code, OL followed by three digits")
    ap.add_argument("name", help="stable kebab-case name, e.g. hardmax-op")
    ap.add_argument("--op", required=True, help="the ONNX op type the new rule flags")
    ap.add_argument("--severity", default="warning", choices=["error", "warning", "info"])
    ap.add_argument("--summary", help="one line for --list-rules (default: from the op)")
    ap.add_argument("--no-build", action="store_true", help="only write the files")
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build"))
    args = ap.parse_args()
    if not re.fullmatch(r"OL\d{3}", args.code):
        fail(f"code '{args.code}' must be OL followed by three digits")
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", args.name):
        fail(f"name '{args.name}' must be kebab-case")
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", args.op):
        fail(f"op '{args.op}' is not an ONNX op type")
    summary = args.summary or f"A {args.op} node"
    fields = dict(code=args.code, name=args.name, cls=camel(args.name), op=args.op,
                  severity=args.severity, level=args.severity.capitalize(), summary=summary,
                  code_lower=args.code.lower())
    write_new(f"rules/{snake(args.name)}.cc", RULE.format(**fields))
    write_new(f"docs/rules/{args.code}.md", DOC.format(**fields))
    write_new(f"tests/{args.code.lower()}_{snake(args.name)}_test.cc", TEST.format(**fields))
    add_registry_line(args.code, args.name)
    add_to_default_target(args.code)
    insert_sorted("README.md", r"^\| \[(OL\d+)\]\(docs/rules/",
                  f"| [{args.code}](docs/rules/{args.code}.md) | {args.name} | {args.severity} | "
                  f"{summary[0].lower() + summary[1:]} |", args.code)
    if args.no_build:
        print("next: build, then ONNX_LINT_UPDATE_GOLDEN=1 to write the golden of the positive case")
        return
    build = args.build_dir
    if not os.path.exists(os.path.join(build, "CMakeCache.txt")):
        subprocess.run(["cmake", "-S", ROOT, "-B", build], check=True)
    subprocess.run(["cmake", "--build", build, "-j", str(os.cpu_count() or 2)], check=True)
    env = dict(os.environ, ONNX_LINT_UPDATE_GOLDEN="1")
    subprocess.run([os.path.join(build, "tests", "onnx_lint_tests"),
                    f"--gtest_filter={fields['cls']}Rule.*"], check=True, env=env)
    print(f"wrote tests/golden/rules/{fields['code_lower']}_positive.txt; review it, then edit "
          f"the rule's words and refresh the golden the same way")


if __name__ == "__main__":
    main()
