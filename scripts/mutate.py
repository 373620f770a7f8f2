#!/usr/bin/env python3
"""Plants small bugs one at a time in a scratch copy of the committed tree,
runs the test suite against each, and prints which ones the tests catch.

    scripts/mutate.py [--only NAME] [--jobs N] [--keep DIR]

The way to check that a new test bites: add the bug it should catch to
MUTANTS below and see it reported as caught. The scratch copy is a git
worktree of HEAD under /tmp with its own build folder (the first build takes a
few minutes; each mutant then rebuilds one file). Not run in CI.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name, file, text to replace (must occur exactly once), replacement.
MUTANTS = [
    ("random-ops-forget-multinomial", "src/analysis/random_ops.h",
     '"Multinomial",   "Bernoulli"', '"Bernoulli"'),
    ("fail-on-is-strict", "src/diagnostics/report.cc",
     "d.severity >= *options.fail_on", "d.severity > *options.fail_on"),
    ("max-warnings-off-by-one", "src/diagnostics/report.cc",
     "report.summary().warnings > static_cast<size_t>(*options.max_warnings)",
     "report.summary().warnings > static_cast<size_t>(*options.max_warnings) + 1"),
    ("exit-zero-ignored", "src/diagnostics/report.cc",
     "return failing && !options.exit_zero ? 1 : 0;", "return failing ? 1 : 0;"),
    ("backslash-not-absolute", "src/load/external_data.cc",
     "location[0] == '/' || location[0] == '\\\\' ||", "location[0] == '/' ||"),
    ("dotdot-only-with-slash", "src/load/external_data.cc",
     'location.find_first_of("/\\\\", start)', 'location.find_first_of("/", start)'),
    ("tile-any-domain", "rules/repeat_tile.cc",
     'if (n.op_type != "Tile" || !n.in_onnx_domain()) return;',
     'if (n.op_type != "Tile") return;'),
    ("scatternd-any-domain", "rules/index_assignment.cc",
     'if (n.op_type != "ScatterND" || !n.in_onnx_domain()) return;',
     'if (n.op_type != "ScatterND") return;'),
    ("sarif-drops-rule-index", "src/report/sarif.cc",
     'if (result["ruleIndex"] == -1) result.erase("ruleIndex");', 'result.erase("ruleIndex");'),
    ("junit-case-without-rule-name", "src/report/junit.cc",
     'fmt::format("{} {}", code, rule ? rule->name : "")', 'fmt::format("{}", code)'),
    ("text-drops-fix-line", "src/report/text.cc",
     'if (!d.fix.empty()) out << "  " << paint("32", "fix")',
     'if (d.fix.empty()) out << "  " << paint("32", "fix")'),
    ("github-does-not-escape-percent", "src/report/github.cc",
     "if (c == '%')\n      out += \"%25\";", "if (c == '\\a')\n      out += \"%25\";"),
    ("json-drops-sha256", "src/report/json.cc",
     'j["sha256"] = f.sha256.empty() ? json(nullptr) : json(f.sha256);', 'j["sha256"] = nullptr;'),
    ("waiver-without-nodes-hides-nothing", "src/engine/waivers.cc",
     "if (s.nodes.empty()) return true;", "if (s.nodes.empty()) return false;"),
    ("config-ignore-does-not-add-up", "src/engine/settings.cc",
     "s.ignore.insert(s.ignore.end(), layer.ignore.begin(), layer.ignore.end());", ""),
    ("one-letter-prefix-selects", "src/engine/selection.cc",
     "if (sel.size() >= 2 && sel.size() < code.size()", "if (sel.size() >= 1 && sel.size() < code.size()"),
    ("fingerprint-ignores-graph", "src/engine/baseline.cc",
     'fmt::format("{}\\n{}\\n{}\\n{}", d.rule, baseline_model, d.graph, d.anchor)',
     'fmt::format("{}\\n{}\\n{}", d.rule, baseline_model, d.anchor)'),
    ("opset-rule-only-below-target", "rules/opset_version.cc",
     "if (*opset == target) return;", "if (*opset >= target) return;"),
    ("resize-default-mode-linear", "src/analysis/resize_info.cc",
     'node.attr_string("mode", "nearest")', 'node.attr_string("mode", "linear")'),
    ("compress-not-data-dependent", "src/analysis/shape_flow.cc",
     '|| n.op_type == "NonMaxSuppression" ||\n         n.op_type == "Compress";',
     '|| n.op_type == "NonMaxSuppression";'),
    ("cast-type-from-declared-only", "src/analysis/dtype_origins.cc",
     'if (op == "Cast") return', 'if (op == "CastNever") return'),
    ("fifo-not-refused", "src/load/mapped_file.cc",
     "if (!S_ISREG(st.st_mode)) {", "if (false) {"),
    ("packed-varint-wrong-width", "src/load/packed_field.cc",
     "append_low(out, v, size);", "append_low(out, v, 8);"),
    ("conv-shape-ignores-dilation", "src/analysis/shapes_nn.cc",
     "dim_mul(w.dilation, w.kernel - 1)", "dim_mul(1, w.kernel - 1)"),
    ("quantize-default-int8", "src/analysis/elem_types.cc",
     'attr_dtype(n, "output_dtype", dtype::kUint8) : dtype::kUint8', 'attr_dtype(n, "output_dtype", dtype::kInt8) : dtype::kInt8'),
    ("broadcast-one-does-not-give-way", "src/analysis/shapes_common.cc",
     "if (d.value == 1) continue;", "if (d.value == 1 && big < 0) continue;"),
    ("checker-accepts-unknown-attributes", "src/analysis/model_checker.cc",
     "    if (!spec)\n      return fail(", "    if (false)\n      return fail("),
    ("html-does-not-escape-lt", "src/report/markup.cc",
     'out += "&lt;";', 'out += "<";'),
    ("excerpt-one-hop-only", "src/engine/excerpts.cc",
     "for (int hop = 0; hop < limits_.hops", "for (int hop = 0; hop < 1"),
    ("index-assignment-no-passthrough", "src/analysis/scatter_idiom.cc",
     '{"Unsqueeze", "Squeeze", "Reshape",', '{"UnsqueezeX", "Squeeze", "Reshape",'),
    ("accumulate-needs-no-add", "src/analysis/scatter_idiom.cc",
     'return g.nodes[i].op_type == "Add";', 'return true;'),
    ("masked-fill-read-as-compact", "src/analysis/scatter_idiom.cc",
     "facts.idiom = ScatterIdiom::kMaskedFill;", "facts.idiom = ScatterIdiom::kMaskedCompact;"),
    ("groups-ignore-the-rule", "src/diagnostics/finding_groups.cc",
     'return fmt::format("{}\\x1f{}", d.rule, *d.source);', 'return *d.source;'),
    ("groups-ignore-the-op", "src/diagnostics/finding_groups.cc",
     ', *d.module, d.op_type.value_or(""));', ', *d.module, "");'),
    ("partition-counts-every-node", "rules/trt_partition.cc",
     "p.subgraphs += !in_run;", "p.subgraphs += 1;"),
    ("topk-limit-inclusive", "rules/restricted_usage.cc",
     "*k < u.r.limit", "*k <= u.r.limit"),
    ("target-rules-ignored", "src/engine/selection.cc",
     "on = on && target_runs(o, m.code);", ""),
    ("dtype-prescan-forgets-casts", "src/analysis/dtype_origins.cc",
     "if (attribute_type(m, n) == elem_type) return true;",
     "if (attribute_type(m, n) == elem_type && n.op_type != \"Cast\") return true;"),
    ("op-table-keeps-first-version", "src/analysis/op_signatures.cc",
     "if (out.empty() || out.back()->domain != domain || out.back()->name != name) {",
     "{"),
    ("checker-allows-reassignment", "src/analysis/model_checker.cc",
     "if (!out.empty() && (scope.has(out, id) || !scope.insert(out, id)))",
     "if (!out.empty() && !scope.insert(out, id) && false)"),
    ("checker-sees-no-outer-scope", "src/analysis/model_checker.cc",
     "for (const Lexical* s = outer; s; s = s->outer)",
     "for (const Lexical* s = outer; s && false; s = s->outer)"),
    ("skeleton-keeps-the-unstripped-node", "src/load/skeleton.cc",
     "if (rewritten_ == rewritten) {", "if (true) {"),
    ("skeleton-keeps-an-overlong-header", "src/load/skeleton.cc",
     "CodedOutputStream::VarintSize32(tag) + CodedOutputStream::VarintSize32(length))",
     "CodedOutputStream::VarintSize32(tag) + CodedOutputStream::VarintSize32(length) && false)"),
    ("skeleton-keeps-a-trailing-zero-tag", "src/load/skeleton.cc",
     "if (in.CurrentPosition() != start) ++rewritten_;", "if (false) ++rewritten_;"),
    ("plain-node-keeps-the-first-name", "src/load/plain_node.cc",
     "out.name = value;", "if (out.name.empty()) out.name = value;"),
    ("plain-node-ignores-the-domain", "src/load/plain_node.cc",
     "out.domain = value;", ";"),
    ("recent-outputs-match-any-name", "src/load/model_builder.cc",
     "if (id >= 0 && tensors.name(id) == name) return id;", "if (id >= 0) return id;"),
    ("elementwise-shares-a-different-shape", "src/analysis/shapes_elementwise.cc",
     "return t->dims.vec() == *dims;", "return true;"),
    ("flow-loses-the-shape-root", "src/analysis/shape_flow.cc",
     "static_cast<int>(rest >> 3) - 1", "-1"),
]


def run(cmd, cwd, log, timeout=None):
    with open(log, "a") as out:
        return subprocess.run(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                              timeout=timeout).returncode


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", help="run the mutants whose name contains this")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--keep", help="reuse (and keep) this scratch folder")
    args = ap.parse_args()
    scratch = args.keep or tempfile.mkdtemp(prefix="onnx-lint-mutate-")
    tree = os.path.join(scratch, "tree")
    build = os.path.join(scratch, "build")
    log = os.path.join(scratch, "mutate.log")
    if not os.path.exists(tree):
        subprocess.run(["git", "-C", ROOT, "worktree", "add", "--detach", tree, "HEAD"], check=True,
                       stdout=subprocess.DEVNULL)
    print(f"scratch tree {tree}, log {log}", flush=True)
    if run(["cmake", "-S", tree, "-B", build, "-DCMAKE_BUILD_TYPE=Release"], tree, log) or \
       run(["cmake", "--build", build, "-j", str(args.jobs)], tree, log):
        sys.exit(f"the unmutated tree does not build; see {log}")
    ctest = ["ctest", "--test-dir", build, "--no-tests=error", "-j", str(args.jobs),
             "--timeout", "120"]
    if run(ctest, tree, log):
        sys.exit(f"the unmutated tree fails its tests; see {log}")
    results = []
    for name, path, old, new in MUTANTS:
        if args.only and args.only not in name:
            continue
        file = os.path.join(tree, path)
        original = open(file).read()
        if original.count(old) != 1:
            results.append((name, "NOT APPLIED (text not found once)", 0))
            continue
        start = time.time()
        open(file, "w").write(original.replace(old, new))
        try:
            if run(["cmake", "--build", build, "-j", str(args.jobs)], tree, log):
                verdict = "caught (does not build)"
            elif run(ctest, tree, log, timeout=900):
                verdict = "caught"
            else:
                verdict = "SURVIVED"
        except subprocess.TimeoutExpired:
            verdict = "caught (tests timed out)"
        finally:
            open(file, "w").write(original)
        results.append((name, verdict, time.time() - start))
        print(f"{verdict:28} {name} ({time.time() - start:.0f} s)", flush=True)
    run(["cmake", "--build", build, "-j", str(args.jobs)], tree, log)  # back to unmutated
    caught = sum(1 for _, v, _ in results if v.startswith("caught"))
    print(f"\n{caught} of {len(results)} mutants caught "
          f"({100 * caught / max(len(results), 1):.0f} %)")
    for name, verdict, _ in results:
        if not verdict.startswith("caught"):
            print(f"  {verdict}: {name}")
    if not args.keep:
        subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", tree],
                       stdout=subprocess.DEVNULL)
        shutil.rmtree(scratch, ignore_errors=True)
    sys.exit(0 if caught == len(results) else 1)


if __name__ == "__main__":
    main()
