#!/usr/bin/env python3
"""What Polygraphy's lint reports on each fixture beside what onnx-lint
reports: writes the Markdown table of docs/comparison.md to stdout.

    .venv-test/bin/python tests/bench/peers_table.py build/onnx-lint > table.md

For each committed fixture (torch 1.13's and torch 2.14's dynamo exports; of
the opset-18/28 copies, those onnx-lint finds invalid), runs `polygraphy check lint MODEL -o report.json`
(Polygraphy 0.53.6 in the pinned test venv: onnx.checker, then ONNX Runtime
node by node) and `onnx-lint --format json MODEL` (the cheatsheet target and
--target trt-10), and tables the codes and counts each found."""
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "models" / "fixtures"
POLYGRAPHY = Path(sys.executable).with_name("polygraphy")


def polygraphy(model, scratch):
    out = Path(scratch) / "report.json"
    out.unlink(missing_ok=True)
    r = subprocess.run([str(POLYGRAPHY), "check", "lint", str(model), "-o", str(out)],
                       capture_output=True, text=True, timeout=600)
    if not out.exists():
        return f"no report (exit {r.returncode})"
    report = json.loads(out.read_text())
    entries = report.get("lint_entries", report.get("linting_entries", []))
    if not entries:
        return "clean"
    kinds = Counter(f"{e.get('level', '?')} ({e.get('source', '?')})" for e in entries)
    first = entries[0].get("message", "").strip().splitlines()[0][:90].replace("|", "\\|")
    return ", ".join(f"{k} ×{n}" for k, n in sorted(kinds.items())) + f": {first}"


def onnx_lint(binary, model, target):
    r = subprocess.run([binary, "--isolated", "--format", "json", "--target", target, str(model)],
                       capture_output=True, text=True, timeout=600)
    f = json.loads(r.stdout)["files"][0]
    if f["status"] != "ok":
        return f["error"]
    counts = f["counts"]
    return ", ".join(f"{k} ×{v}" if v > 1 else k for k, v in sorted(counts.items())) or "clean"


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "onnx-lint")
    models = sorted(FIXTURES.rglob("*.onnx"))
    print("| fixture | Polygraphy `check lint` | onnx-lint (cheatsheet) | onnx-lint `--target trt-10` |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as scratch:
        for m in models:
            name = str(m.relative_to(FIXTURES).with_suffix(""))
            ours = onnx_lint(binary, m, "cheatsheet")
            if ".opset" in m.name and "OL000" not in ours:
                continue  # an opset copy: listed only where it is invalid
            print(f"| `{name}` | {polygraphy(m, scratch)} | {ours} "
                  f"| {onnx_lint(binary, m, 'trt-10')} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
