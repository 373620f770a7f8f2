#!/usr/bin/env bash
# Performance benchmark: builds the benchmark tools, generates the models in a
# scratch directory (about 1.8 GB, nothing committed), and prints side by side:
# onnx-lint wall time and peak RSS, `cat FILE > /dev/null`, and the Python
# onnx.load + check_model + infer_shapes baseline (when Debian's python3-onnx
# is installed), then the -j speed-up and the in-process phase timings.
#
# Usage: tests/bench/run.sh [SCRATCH_DIR]     (default: /tmp/onnx-lint-bench)
# Figures are the best of 3 runs, with the file already in the page cache.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${ONNX_LINT_BUILD_DIR:-$ROOT/build}"
DIR="${1:-/tmp/onnx-lint-bench}"

"$ROOT/scripts/setup.sh"
dpkg-query -W -f='${Status}' libbenchmark-dev 2>/dev/null | grep -q "install ok installed" || {
  echo "[bench] installing libbenchmark-dev" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get install -y -qq libbenchmark-dev >&2
  cmake -S "$ROOT" -B "$BUILD" >&2
}
cmake --build "$BUILD" -j "$(nproc)" --target onnx-lint make_models measure bench_lint >&2

LINT="$BUILD/onnx-lint"
MEASURE="$BUILD/tests/bench/measure"
[ -f "$DIR/synthetic_1m_dynamic.onnx" ] || "$BUILD/tests/bench/make_models" "$DIR"

have_python_onnx=0
/usr/bin/python3 -c "import onnx" 2>/dev/null && have_python_onnx=1

source "$ROOT/tests/bench/timed.sh"
ms() { echo "$1" | cut -d' ' -f1; }
mib() { echo "$1" | awk '{printf "%.0f", $2 / 1024}'; }

echo
echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -r)"
echo "onnx-lint $("$LINT" --version | cut -d' ' -f2), flags: -q (text, no JSON checksum)"
echo
printf "%-22s %10s | %10s %9s | %9s | %11s %9s | %8s %8s\n" model size lint_ms lint_MiB cat_ms \
  python_ms python_MiB vs_cat vs_py
for m in weights_1gb resnet50 transformer synthetic_10k synthetic_100k synthetic_1m; do
  f="$DIR/$m.onnx"
  size=$(du -h "$f" | cut -f1)
  cat "$f" > /dev/null  # warm the page cache for everyone
  lint=$(timed 1 --repeat 3 -- "$LINT" -q "$f")
  cat_r=$(timed 0 --repeat 3 -- sh -c "cat '$f' > /dev/null")
  py_ms="-"; py_mib="-"; vs_py="-"
  if [ $have_python_onnx = 1 ] && [ "$m" != synthetic_1m ] && [ "$m" != weights_1gb ]; then
    py=$(timed 0 --repeat 1 -- /usr/bin/python3 -c "
import onnx, sys
m = onnx.load(sys.argv[1]); onnx.checker.check_model(m); onnx.shape_inference.infer_shapes(m)" "$f")
    py_ms=$(ms "$py"); py_mib=$(mib "$py")
    vs_py=$(awk -v a="$py_ms" -v b="$(ms "$lint")" 'BEGIN{printf "%.1fx", a / b}')
  fi
  vs_cat=$(awk -v a="$(ms "$lint")" -v b="$(ms "$cat_r")" 'BEGIN{printf "%.2fx", a / b}')
  printf "%-22s %10s | %10s %9s | %9s | %11s %9s | %8s %8s\n" "$m" "$size" "$(ms "$lint")" \
    "$(mib "$lint")" "$(ms "$cat_r")" "$py_ms" "$py_mib" "$vs_cat" "$vs_py"
done

echo
echo "Scaling (wall ms, best of 3), type inference auto (= always) and never:"
for mode in auto never; do
  t10_r=$(timed 1 --repeat 3 -- "$LINT" -q --infer-types $mode "$DIR/synthetic_10k.onnx")
  t10=$(ms "$t10_r")
  t100_r=$(timed 1 --repeat 3 -- "$LINT" -q --infer-types $mode "$DIR/synthetic_100k.onnx")
  t100=$(ms "$t100_r")
  t1m_r=$(timed 1 --repeat 3 -- "$LINT" -q --infer-types $mode "$DIR/synthetic_1m.onnx")
  t1m=$(ms "$t1m_r")
  awk -v m=$mode -v a="$t10" -v b="$t100" -v c="$t1m" \
    'BEGIN{printf "  %-6s 10k %8.1f  100k %8.1f  1M %8.1f   1M/100k %.1fx\n", m, a, b, c, c / b}'
done

echo
echo "Precision: OL701 reads every weight only when it runs in 16 bits (1 GiB of float32 weights):"
p32_r=$(timed 1 --repeat 3 -- "$LINT" -q "$DIR/weights_1gb.onnx")
p16_r=$(timed 1 --repeat 3 -- "$LINT" -q --precision fp16 "$DIR/weights_1gb.onnx")
awk -v a="$(ms "$p32_r")" -v am="$(mib "$p32_r")" -v b="$(ms "$p16_r")" -v bm="$(mib "$p16_r")" \
  'BEGIN{printf "  fp32 %8.1f ms %6.0f MiB   fp16 %8.1f ms %6.0f MiB\n", a, am, b, bm}'

echo
echo "Export fidelity (OL403): its size analysis runs only where a size is free; the 1M-node"
echo "chain with a dynamic batch, linted with and without it:"
with_r=$(timed 1 --repeat 3 -- "$LINT" -q "$DIR/synthetic_1m_dynamic.onnx")
without_r=$(timed 1 --repeat 3 -- "$LINT" -q --ignore OL403 "$DIR/synthetic_1m_dynamic.onnx")
awk -v a="$(ms "$with_r")" -v am="$(mib "$with_r")" -v b="$(ms "$without_r")" -v bm="$(mib "$without_r")" \
  'BEGIN{printf "  with %8.1f ms %6.0f MiB   without %8.1f ms %6.0f MiB   %.2fx time, %.2fx memory\n", a, am, b, bm, a / b, am / bm}'

echo
echo "onnx-lint diff of two copies of the 1M-node chain, against one lint of it:"
cp "$DIR/synthetic_1m.onnx" "$DIR/synthetic_1m_copy.onnx"
one_r=$(timed 1 --repeat 3 -- "$LINT" -q "$DIR/synthetic_1m.onnx")
diff_r=$(timed 1 --repeat 3 -- "$LINT" diff "$DIR/synthetic_1m.onnx" "$DIR/synthetic_1m_copy.onnx")
awk -v a="$(ms "$one_r")" -v am="$(mib "$one_r")" -v b="$(ms "$diff_r")" -v bm="$(mib "$diff_r")" \
  'BEGIN{printf "  lint %8.1f ms %6.0f MiB   diff %8.1f ms %6.0f MiB   %.2fx time, %.2fx memory\n", a, am, b, bm, b / a, bm / am}'

echo
echo "Batch of 400 small models (about 200 nodes each):"
j1_r=$(timed 1 --repeat 3 -- "$LINT" -q -j 1 "$DIR/small")
j1=$(ms "$j1_r")
j2_r=$(timed 1 --repeat 3 -- "$LINT" -q -j 2 "$DIR/small")
j2=$(ms "$j2_r")
awk -v a="$j1" -v b="$j2" 'BEGIN{printf "  -j 1 %8.1f ms   -j 2 %8.1f ms   speed-up %.2fx\n", a, b, a / b}'

echo
echo "In-process phases (Google Benchmark):"
"$BUILD/tests/bench/bench_lint" --benchmark_min_time=0.2 "$DIR/resnet50.onnx" \
  "$DIR/transformer.onnx" "$DIR/synthetic_100k.onnx" 2>&1 | grep -E "^(BM_|Benchmark|-)"
