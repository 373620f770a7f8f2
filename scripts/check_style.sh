#!/usr/bin/env bash
# The code's shape, checked: every C++ file formatted by .clang-format (Debian
# clang-format), no source file in src/ or rules/ over 450 lines, no function
# over 80 (scripts/check_code_size.py). Called by scripts/test.sh.
# `scripts/check_style.sh --fix` formats the files in place instead.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
log() { printf '[style] %s\n' "$*" >&2; }

if ! command -v clang-format >/dev/null; then
  log "installing clang-format"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends clang-format >&2
fi
mapfile -t files < <(git ls-files -- 'src/*.cc' 'src/*.h' 'rules/*.cc' 'rules/*.h' 'include/*.h' \
                                    'tests/*.cc' 'tests/*.h')
if [ "${1:-}" = "--fix" ]; then
  clang-format -i "${files[@]}"
  exit 0
fi
if ! clang-format --dry-run --Werror "${files[@]}" 2>/tmp/onnx-lint-format.$$; then
  head -20 /tmp/onnx-lint-format.$$ >&2
  rm -f /tmp/onnx-lint-format.$$
  log "files are not formatted: scripts/check_style.sh --fix"
  exit 1
fi
rm -f /tmp/onnx-lint-format.$$
log "${#files[@]} files formatted"
python3 scripts/check_code_size.py
log "sizes within limits"
