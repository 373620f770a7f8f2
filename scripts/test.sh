#!/usr/bin/env bash
# Set up (install, build, the pinned Python test venv) and run every test: the
# style checks (formatting, file and function sizes), the test suite through
# ctest (the C++ tests and the Python oracles' pytest files), then the same suite
# under AddressSanitizer + UndefinedBehaviorSanitizer and
# a short libFuzzer run per target (scripts/sanitize.sh; ONNX_LINT_FUZZ_SECONDS
# sets the fuzz time, 60 s in CI and 10 s otherwise). ctest arguments pass
# through to the first suite.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
# The HTML report's browser test renders pages in headless Chromium.
if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
  echo "[test] installing chromium for the HTML report's browser test" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >&2
fi
# The Python oracles (onnx 1.23.2's checker and inference, ONNX Runtime
# 1.31.1, Polygraphy) live in a pinned venv, .venv-test/, made when missing.
"$ROOT/scripts/test_env.sh" >/dev/null
export ONNX_LINT_REQUIRE_ORT=1 ONNX_LINT_REQUIRE_ORACLE=1
"$ROOT/scripts/check_style.sh"
ctest --test-dir "${ONNX_LINT_BUILD_DIR:-$ROOT/build}" --no-tests=error --output-on-failure \
  -j "$(nproc)" "$@"
"$ROOT/scripts/sanitize.sh"
