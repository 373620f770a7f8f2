#!/usr/bin/env bash
# Set up (install, build) and lint the given models, or the bundled demo model.
# Usage: scripts/run.sh [onnx-lint options] [MODEL.onnx ...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh" --quiet onnx-lint
BIN="${ONNX_LINT_BUILD_DIR:-$ROOT/build}/onnx-lint"

if [ $# -gt 0 ]; then
  exec "$BIN" "$@"
fi
echo "No model given: linting the bundled demo model (models/demo.onnx)." >&2
rc=0
"$BIN" "$ROOT/models/demo.onnx" || rc=$?
# The demo is meant to have findings (exit 1); only a tool failure is a failure here.
[ "$rc" -le 1 ] || exit "$rc"
