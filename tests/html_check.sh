#!/usr/bin/env bash
# The HTML report of the demo model and of a batch, checked by check_html.py.
# Usage: html_check.sh ONNX_LINT SOURCE_DIR OUT_DIR
set -euo pipefail
lint=$1 src=$2 out=$3
mkdir -p "$out"
cd "$src"
"$lint" --isolated --format html -o "$out/demo.html" models/demo.onnx || [ $? -eq 1 ]
"$lint" --isolated --format html -o "$out/batch.html" models/demo.onnx models/fixtures || [ $? -le 2 ]
models=$(( $(find models/fixtures -name "*.onnx" | wc -l) + 1 ))
/usr/bin/python3 "$src/tests/check_html.py" "$out/demo.html" --expect-models 1
/usr/bin/python3 "$src/tests/check_html.py" "$out/batch.html" --expect-models "$models"
