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
# The HTML report's browser test renders pages in headless Chromium.
if ! dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q "install ok installed"; then
  echo "[test] installing chromium for the HTML report's browser test" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >&2
fi
# ONNX Runtime (npm onnxruntime-node, CPU) is the oracle that fixed exports
# compute what the originals do. --ignore-scripts: the package's install
# script only downloads GPU providers; the CPU runtime ships in the package.
# By command, not by package: a node from elsewhere (nodesource) bundles its
# own npm, and Debian's npm package conflicts with it.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "[test] installing nodejs and npm for the ONNX Runtime oracle" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >&2
fi
if [ ! -f "$ROOT/tests/ort/node_modules/onnxruntime-node/package.json" ]; then
  echo "[test] installing onnxruntime-node 1.30.0 into tests/ort" >&2
  npm ci --ignore-scripts --no-audit --no-fund --prefix "$ROOT/tests/ort" >&2
fi
# libonnx 1.12 is the differential oracle of onnx-lint's own inference and
# checker, on the ONNX backend test models Debian packages separately.
if ! dpkg-query -W -f='${Status}' libonnx-testdata 2>/dev/null | grep -q "install ok installed"; then
  echo "[test] installing libonnx-testdata (the inference oracle's models)" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends libonnx-testdata >&2
fi
export ONNX_LINT_REQUIRE_ORT=1 ONNX_LINT_REQUIRE_ORACLE=1
"$ROOT/scripts/check_style.sh"
ctest --test-dir "${ONNX_LINT_BUILD_DIR:-$ROOT/build}" --no-tests=error --output-on-failure \
  -j "$(nproc)" "$@"
"$ROOT/scripts/sanitize.sh"
