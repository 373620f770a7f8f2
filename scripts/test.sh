#!/usr/bin/env bash
# Set up (install, build) and run every test: the style checks (formatting,
# file and function sizes), the test suite through ctest, then the same suite
# under AddressSanitizer + UndefinedBehaviorSanitizer and
# a short libFuzzer run per target (scripts/sanitize.sh; ONNX_LINT_FUZZ_SECONDS
# sets the fuzz time, 60 s in CI and 10 s otherwise). ctest arguments pass
# through to the first suite.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/check_style.sh"
ctest --test-dir "${ONNX_LINT_BUILD_DIR:-$ROOT/build}" --no-tests=error --output-on-failure \
  -j "$(nproc)" "$@"
"$ROOT/scripts/sanitize.sh"
