#!/usr/bin/env bash
# Installs the Debian packages onnx-lint needs (only those missing), then
# configures and builds Release into build/. Idempotent and incremental.
# Sourced by run.sh and test.sh; safe to run on its own.
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

log() { printf '[setup] %s\n' "$*" >&2; }

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
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
  log "configuring $BUILD (Release)"
  cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >&2
fi
log "building"
cmake --build "$BUILD" -j "$(nproc)" >&2
