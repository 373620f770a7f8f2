#!/bin/sh
# Runs onnx-lint in a format and validates its output against a JSON Schema.
# Usage: schema_check.sh BINARY FORMAT SCHEMA [onnx-lint args...]
set -u
bin=$1 format=$2 schema=$3
shift 3
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$bin" --isolated --format "$format" "$@" > "$out"
rc=$?
# 0, 1 and 2 are all reports; anything else is a crash.
[ "$rc" -le 2 ] || { echo "onnx-lint exited $rc"; exit 1; }
/usr/bin/python3 "$(dirname "$0")/validate_json_schema.py" "$schema" "$out"
