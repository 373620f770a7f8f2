# Sourced by the benchmark scripts: `timed MAX_EXIT MEASURE_ARGS...` prints
# measure's "<ms> <kib> <exit>" and fails when the timed command exited above
# MAX_EXIT (onnx-lint exits 1 on findings), so a crash never reads as a fast
# time. Needs $MEASURE.
timed() {
  local max_exit=$1 result code
  shift
  result=$("$MEASURE" "$@")
  code=$(echo "$result" | cut -d' ' -f3)
  if [ "$code" -gt "$max_exit" ]; then
    echo "[bench] exit $code from: ${*}" >&2
    return 1
  fi
  echo "$result"
}
