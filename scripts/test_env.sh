#!/usr/bin/env bash
# Makes the pinned Python test environment, .venv-test/ (ignored by git), from
# tests/python/requirements.txt when it is missing or the file changed: the
# onnx 1.23.2 and ONNX Runtime 1.31.1 oracles, Polygraphy, pytest. Prints the
# venv's python on stdout. Idempotent: a second run only compares a hash.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${ONNX_LINT_TEST_VENV:-$ROOT/.venv-test}"
REQ="$ROOT/tests/python/requirements.txt"
log() { printf '[test-env] %s\n' "$*" >&2; }

want="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" = "$want" ]; then
  echo "$VENV/bin/python"
  exit 0
fi
# Debian's python3 needs python3-venv (ensurepip) to make a venv.
if ! /usr/bin/python3 -c 'import ensurepip, venv' 2>/dev/null; then
  log "installing python3-venv"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  # A fresh machine may have no package lists yet: update once if the install cannot find it.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-venv >&2 ||
    { $SUDO apt-get update -qq >&2 &&
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-venv >&2; }
fi
log "making $VENV from tests/python/requirements.txt (the first time downloads about 60 MB)"
rm -rf "$VENV"
/usr/bin/python3 -m venv "$VENV" >&2
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-input -r "$REQ" >&2
echo "$want" > "$VENV/.requirements.sha256"
echo "$VENV/bin/python"
