#!/usr/bin/env bash
# Runs pytest files of tests/python in the pinned test venv (scripts/test_env.sh).
# Usage: run.sh ONNX_LINT_BIN DUMP_BIN TEST_FILE... [-- pytest args]
# Exit 77 (ctest: skipped) when the venv is missing, unless ONNX_LINT_REQUIRE_ORACLE is set.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY="${ONNX_LINT_TEST_VENV:-$ROOT/.venv-test}/bin/python"
export ONNX_LINT_BINARY="$1" ONNX_LINT_DUMP_TYPES="$2"
shift 2
if [ ! -x "$PY" ]; then
  if [ -n "${ONNX_LINT_REQUIRE_ORACLE:-}" ]; then
    echo "the test venv is missing: run scripts/test_env.sh" >&2
    exit 1
  fi
  echo "skipped: the test venv is missing (scripts/test_env.sh makes it)" >&2
  exit 77
fi
cd "$ROOT/tests/python"
exec "$PY" -m pytest -q -p no:cacheprovider "$@"
