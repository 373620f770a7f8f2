#!/usr/bin/env bash
# scripts/new_rule.py's promise: right after it runs, the tree builds and its
# tests pass. Runs it on a scratch copy of the source (the files git knows,
# with the work tree's edits), builds that copy and runs the new rule's tests
# and every test that reads the rule list (docs, registry, README, goldens of
# --list-rules and --explain).
set -euo pipefail
SRC="$1"; SCRATCH="$2"
rm -rf "$SCRATCH"; mkdir -p "$SCRATCH/src"
git -C "$SRC" ls-files -z --cached --others --exclude-standard |
  (cd "$SRC" && xargs -0 cp --parents -t "$SCRATCH/src" 2>/dev/null || true)
cd "$SCRATCH/src"
cmake -S . -B "$SCRATCH/build" -DCMAKE_BUILD_TYPE=Release >"$SCRATCH/cmake.log" 2>&1 ||
  { cat "$SCRATCH/cmake.log"; exit 1; }
if ! python3 scripts/new_rule.py OL899 example-check --op Celu \
     --build-dir "$SCRATCH/build" >"$SCRATCH/new_rule.log" 2>&1; then
  tail -40 "$SCRATCH/new_rule.log"; echo "scaffold_check: new_rule.py failed" >&2; exit 1
fi
for f in rules/example_check.cc docs/rules/OL899.md tests/ol899_example_check_test.cc \
         tests/golden/rules/ol899_positive.txt; do
  [ -s "$f" ] || { echo "scaffold_check: new_rule.py did not write $f" >&2; exit 1; }
done
grep -q "OL899" rules/registry.cc README.md
# The whole unit suite of the copy: the new rule's tests and every test that
# lists the rules (docs pages, README table, --list-rules) must pass with it.
# Its ONNX Runtime tests use the tree's own pinned venv (the copy has none).
export ONNX_LINT_TEST_VENV="${ONNX_LINT_TEST_VENV:-$SRC/.venv-test}"
"$SCRATCH/build/tests/onnx_lint_tests" --gtest_brief=1 >"$SCRATCH/tests.log" 2>&1 ||
  { grep -E "FAILED|Failure|error" "$SCRATCH/tests.log" | head -40; exit 1; }
grep -q "ExampleCheckRule" <("$SCRATCH/build/tests/onnx_lint_tests" --gtest_list_tests)
echo "scaffold_check: OL899 example-check scaffolded, built and passed"
