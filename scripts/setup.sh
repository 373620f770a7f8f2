#!/usr/bin/env bash
# Installs the Debian packages onnx-lint needs (only those missing), then
# configures and builds Release into build/. Idempotent and incremental.
# Called by run.sh and test.sh; safe to run on its own.
#   setup.sh                    build everything (the tests too), showing the build
#   setup.sh --quiet TARGET...  build only those targets; the apt and build output
#                               goes to build/setup.log and is shown only on failure
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${ONNX_LINT_BUILD_DIR:-$ROOT/build}"
PACKAGES=(
  cmake g++ make
  libonnx-dev libprotobuf-dev protobuf-compiler
  libcli11-dev libfmt-dev nlohmann-json3-dev libgtest-dev
  libtomlplusplus-dev libssl-dev libabsl-dev libgraphviz-dev libcmark-dev pkg-config
  python3-jsonschema
)
QUIET=0
if [ "${1:-}" = "--quiet" ]; then QUIET=1; shift; fi
TARGETS=("$@")
LOG="$BUILD/setup.log"

log() { printf '[setup] %s\n' "$*" >&2; }
# Runs a step; quiet, its output goes to the log and is shown only if it fails.
step() {
  if [ "$QUIET" -eq 0 ]; then "$@" >&2; return; fi
  "$@" >>"$LOG" 2>&1 || { tail -n 60 "$LOG" >&2; log "failed: $* (whole log: $LOG)"; exit 2; }
}
mkdir -p "$BUILD"
[ "$QUIET" -eq 0 ] || : >"$LOG"

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing missing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { log "need root or sudo to install: ${missing[*]}"; exit 2; }
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  step $SUDO apt-get update -qq
  step $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  [ "$QUIET" -eq 1 ] && log "configuring $BUILD (Release; log: $LOG)" || log "configuring $BUILD (Release)"
  step cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release
fi
target_args=()
for t in "${TARGETS[@]}"; do target_args+=(--target "$t"); done
if [ "$QUIET" -eq 1 ]; then
  # Say so only when there is something to build: the first run, or a source
  # newer than the binary.
  bin="$BUILD/${TARGETS[0]:-onnx-lint}"
  if [ ! -x "$bin" ] || [ -n "$(find "$ROOT/src" "$ROOT/rules" "$ROOT/include" "$ROOT/operators" \
      "$ROOT/targets" "$ROOT/docs/rules" "$ROOT/cmake" "$ROOT/CMakeLists.txt" -newer "$bin" \
      -print -quit 2>/dev/null)" ]; then
    log "building ${TARGETS[*]:-everything} (log: $LOG)"
  fi
else
  log "building"
fi
step cmake --build "$BUILD" -j "$(nproc)" "${target_args[@]}"
