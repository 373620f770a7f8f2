#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium renders the report of
# the demo model and of a batch (every fixture), and each render must show
# something (not a blank page) and log nothing to the console: no script
# error, no blocked resource, no Content-Security-Policy violation.
# Usage: browser_check.sh ONNX_LINT SOURCE_DIR OUT_DIR
# Exit 77 (skipped) when Chromium is not installed; scripts/test.sh installs it.
# With ONNX_LINT_UPDATE_SCREENSHOT=1 the demo's screenshot replaces
# docs/html-report.png (the one the README shows).
set -euo pipefail
lint=$1 src=$2 out=$3
chromium=$(command -v chromium || true)
if [ -z "$chromium" ]; then
  echo "SKIPPED: no chromium (apt-get install chromium)"
  exit 77
fi
mkdir -p "$out"
cd "$src"
"$lint" --isolated --format html -o "$out/demo.html" models/demo.onnx || [ $? -eq 1 ]
"$lint" --isolated --format html -o "$out/batch.html" models/demo.onnx models/fixtures || [ $? -le 2 ]

status=0
for page in demo batch; do
  profile=$(mktemp -d)
  # The flags keep a headless Chromium off the network (this machine has none).
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --window-size=1280,2200 --enable-logging=stderr --log-level=0 \
    --screenshot="$out/$page.png" "file://$out/$page.html" >"$out/$page.log" 2>&1 || {
    echo "$page: chromium failed"; cat "$out/$page.log"; status=1; }
  rm -rf "$profile"
  if grep -E ":CONSOLE[(:]|Refused to" "$out/$page.log"; then
    echo "$page: the page logged the lines above"
    status=1
  fi
  /usr/bin/python3 "$src/tests/png_not_blank.py" "$out/$page.png" || { echo "$page: blank"; status=1; }
done
if [ "${ONNX_LINT_UPDATE_SCREENSHOT:-}" = 1 ] && [ $status -eq 0 ]; then
  cp "$out/demo.png" "$src/docs/html-report.png"
  echo "updated docs/html-report.png"
fi
[ $status -eq 0 ] && echo "Html.RendersInChromium passed: 2 pages rendered, nothing logged"
exit $status
