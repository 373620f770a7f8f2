#!/usr/bin/env bash
# Set up (install, build) and run the whole test suite through ctest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
ctest --test-dir "${ONNX_LINT_BUILD_DIR:-$ROOT/build}" --output-on-failure -j "$(nproc)" "$@"
