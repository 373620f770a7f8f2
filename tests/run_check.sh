#!/usr/bin/env bash
# scripts/run.sh on a built tree prints only the lint output: no build lines,
# no "building" line when nothing changed (a newcomer's second run).
# Usage: run_check.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1 build=$2
err=$(mktemp) out=$(mktemp)
trap 'rm -f "$err" "$out"' EXIT
rc=0
ONNX_LINT_BUILD_DIR="$build" "$src/scripts/run.sh" >"$out" 2>"$err" || rc=$?
[ "$rc" -le 1 ] || { echo "run.sh exited $rc"; cat "$err"; exit 1; }
want="No model given: linting the bundled demo model (models/demo.onnx)."
if [ "$(cat "$err")" != "$want" ]; then
  echo "run.sh printed more than the lint output on stderr:"; cat "$err"; exit 1
fi
grep -q "OL101 resize-linear" "$out" || { echo "no findings on stdout"; cat "$out"; exit 1; }
echo "run.sh: only the lint output"
