#!/bin/sh
# `onnx-lint diff --format json` against docs/diff.schema.json, on real pairs.
# Usage: diff_schema_check.sh BINARY SCHEMA OLD NEW [OLD NEW ...]
set -u
bin=$1 schema=$2
shift 2
out=$(mktemp)
trap 'rm -f "$out"' EXIT
status=0
while [ $# -ge 2 ]; do
  "$bin" diff --isolated --format json --target trt-10 "$1" "$2" > "$out"
  rc=$?
  [ "$rc" -le 1 ] || { echo "onnx-lint diff $1 $2 exited $rc"; status=1; }
  /usr/bin/python3 "$(dirname "$0")/validate_json_schema.py" "$schema" "$out" || status=1
  shift 2
done
exit $status
