#!/usr/bin/env bash
# HTML report benchmark: page size, onnx-lint time to write it, and headless
# Chromium's time to open it and take a screenshot (browser start included;
# an empty page is measured too, to subtract), for the demo model, the tiny
# Faster R-CNN export and a 5,000-finding batch (25 generated models with 200
# Tile findings each). Usage: tests/bench/html.sh [SCRATCH_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${ONNX_LINT_BUILD_DIR:-$ROOT/build}"
DIR="${1:-/tmp/onnx-lint-bench-html}"
"$ROOT/scripts/setup.sh"
cmake --build "$BUILD" -j "$(nproc)" --target onnx-lint make_models measure >&2
LINT="$BUILD/onnx-lint"
MEASURE="$BUILD/tests/bench/measure"
mkdir -p "$DIR"
[ -d "$DIR/findings_5k" ] || "$BUILD/tests/bench/make_models" "$DIR" --skip-large >&2

source "$ROOT/tests/bench/timed.sh"
browser() {
  timed 0 --repeat 3 -- timeout 300 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$DIR/profile" --window-size=1280,2000 --screenshot="$DIR/shot.png" "file://$1"
}

echo "<!DOCTYPE html><title>empty</title>" > "$DIR/empty.html"
empty=$(browser "$DIR/empty.html" | cut -d' ' -f1)
printf "%-28s %10s %12s %14s %14s\n" page size write_ms browser_ms minus_empty
for case in demo:"$ROOT/models/demo.onnx" rcnn:"$ROOT/models/fixtures/dynamic_faster_rcnn_tiny.onnx" \
            findings_5k:"$DIR/findings_5k"; do
  name=${case%%:*} input=${case#*:}
  page="$DIR/$name.html"
  write=$(timed 2 --repeat 3 -- "$LINT" --isolated --format html -o "$page" "$input" | cut -d' ' -f1)
  open_ms=$(browser "$page" | cut -d' ' -f1)
  printf "%-28s %10s %12s %14s %14s\n" "$name" "$(du -h "$page" | cut -f1)" "$write" "$open_ms" \
    "$(awk -v a="$open_ms" -v b="$empty" 'BEGIN{printf "%.0f", a - b}')"
done
