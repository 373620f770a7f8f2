#!/usr/bin/env bash
# The Python API's cost against the C++ library call it wraps, on the demo
# model: bench_lint's BM_File (lint_file, in process) beside
# onnx_lint.lint(path, isolated=True) from the built wheel, each the median of
# many calls; prints both and the ratio (the target is at most 1.2x).
# Usage: tests/bench/python_api.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${ONNX_LINT_BUILD_DIR:-$ROOT/build}"
wheel=$("$ROOT/scripts/build_wheel.sh" | tail -1)
dpkg-query -W -f='${Status}' libbenchmark-dev 2>/dev/null | grep -q "install ok installed" || {
  echo "[bench] installing libbenchmark-dev" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get install -y -qq libbenchmark-dev >&2
  cmake -S "$ROOT" -B "$BUILD" >&2
}
cmake --build "$BUILD" --target bench_lint >&2
venv=$(mktemp -d)/venv
/usr/bin/python3 -m venv "$venv"
"$venv/bin/pip" install -q "$wheel"
demo="$ROOT/models/demo.onnx"
cpp_ns=$("$BUILD/tests/bench/bench_lint" --benchmark_filter='BM_File/' --benchmark_repetitions=5 \
  --benchmark_report_aggregates_only=true --benchmark_format=json "$demo" |
  /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin)
print([b['real_time'] for b in d['benchmarks'] if b['aggregate_name']=='median'][0] *
      {'ns':1,'us':1e3,'ms':1e6}[[b for b in d['benchmarks']][0]['time_unit']])")
py_ns=$("$venv/bin/python" - "$demo" <<'PY'
import statistics, sys, time
import onnx_lint
path = sys.argv[1]
for _ in range(50):
    onnx_lint.lint(path, isolated=True)
runs = []
for _ in range(15):
    start = time.perf_counter_ns()
    for _ in range(100):
        onnx_lint.lint(path, isolated=True)
    runs.append((time.perf_counter_ns() - start) / 100)
print(statistics.median(runs))
PY
)
awk -v c="$cpp_ns" -v p="$py_ns" 'BEGIN{printf "demo.onnx: C++ lint_file %.1f us, onnx_lint.lint %.1f us, ratio %.2fx\n", c / 1000, p / 1000, p / c}'
