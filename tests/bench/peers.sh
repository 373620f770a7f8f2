#!/usr/bin/env bash
# onnx-lint beside its peers, in one run, on the same files:
#   polygraphy check lint MODEL              (Polygraphy 0.53.6, the pinned test venv)
#   onnx 1.23.2: load + check_model(full_check=True) + infer_shapes(strict_mode=True, data_prop=True)
# on the real ResNet-50 export (torch 2.14, dynamo), torchvision's Faster R-CNN
# (torch 2.14's TorchScript exporter: dynamo refuses it, see
# models/fixtures/dynamo/FAILURES.md), the dynamo decoder block fixture and the
# synthetic 1M-node chain. Figures: the median wall time and median peak RSS
# of N runs (default 3), file in the page cache; ratios are peer / onnx-lint.
# A peer that runs past ONNX_LINT_PEER_TIMEOUT seconds (default 600) is
# reported as a timeout, not timed.
# Needs the test venv (scripts/test_env.sh) and, to export the two torchvision
# models once, the torch venv of models/README.md (ONNX_LINT_TORCH_PYTHON).
# Usage: tests/bench/peers.sh [SCRATCH_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${ONNX_LINT_BUILD_DIR:-$ROOT/build}"
DIR="${1:-/tmp/onnx-lint-bench-peers}"
RUNS="${ONNX_LINT_PEER_RUNS:-3}"
LIMIT="${ONNX_LINT_PEER_TIMEOUT:-600}"
TORCH_PY="${ONNX_LINT_TORCH_PYTHON:-$ROOT/.venv-torch/bin/python}"
"$ROOT/scripts/setup.sh"
PY="$("$ROOT/scripts/test_env.sh")"
VENV_BIN="$(dirname "$PY")"
cmake --build "$BUILD" -j "$(nproc)" --target onnx-lint make_models measure >&2
LINT="$BUILD/onnx-lint"
MEASURE="$BUILD/tests/bench/measure"
mkdir -p "$DIR"

if [ ! -f "$DIR/resnet50.onnx" ] || [ ! -f "$DIR/fasterrcnn.onnx" ]; then
  [ -x "$TORCH_PY" ] || { echo "[bench] no torch venv at $TORCH_PY (models/README.md)" >&2; exit 2; }
  "$TORCH_PY" - "$DIR" <<'PY' >&2
import os, sys, warnings
import torch, torchvision
warnings.filterwarnings("ignore")
out = sys.argv[1]
torch.manual_seed(0)
path = os.path.join(out, "resnet50.onnx")
if not os.path.exists(path):
    p = torch.onnx.export(torchvision.models.resnet50(weights=None).eval(),
                          (torch.randn(1, 3, 224, 224),), dynamo=True, verbose=False)
    p.save(path, external_data=False)
path = os.path.join(out, "fasterrcnn.onnx")
if not os.path.exists(path):
    m = torchvision.models.detection.fasterrcnn_mobilenet_v3_large_320_fpn(
        weights=None, weights_backbone=None).eval()
    torch.onnx.export(m, ([torch.rand(3, 320, 320)],), path, dynamo=False, opset_version=17)
for f in ("resnet50.onnx", "fasterrcnn.onnx"):
    print(f"{f}: {os.path.getsize(os.path.join(out, f))} bytes")
PY
fi
cp "$ROOT/models/fixtures/dynamo/decoder_block.onnx" "$DIR/decoder_block.onnx"
[ -f "$DIR/synthetic_1m.onnx" ] || "$BUILD/tests/bench/make_models" "$DIR" --chain-1m >&2

# measure's "<ms> <kib> <exit>", or "timeout" / "failed(<exit>)".
run() {
  local max_exit=$1 result code
  shift
  result=$("$MEASURE" --repeat "$RUNS" --median -- timeout "$LIMIT" "$@")
  code=$(echo "$result" | cut -d' ' -f3)
  if [ "$code" -eq 124 ]; then echo "timeout"; return; fi
  if [ "$code" -gt "$max_exit" ]; then echo "failed($code)"; return; fi
  echo "$result"
}
ONNX_CHECK='
import sys, onnx
m = onnx.load(sys.argv[1])
onnx.checker.check_model(m, full_check=True)
onnx.shape_inference.infer_shapes(m, strict_mode=True, data_prop=True)'

cell() {  # "<ms> <kib>" of a peer and onnx-lint's: "ms (x.x×) MiB (x.x×)"
  awk -v p="$1" -v l="$2" 'BEGIN {
    n = split(p, a, " "); split(l, b, " ");
    if (n < 3) { printf "%-26s", p; exit }
    printf "%8.0f ms %6.1fx %5.0f MiB %5.1fx", a[1], a[1] / b[1], a[2] / 1024, a[2] / b[2] }'
}
printf "%-16s %8s | %-20s | %-36s | %-36s\n" model size onnx-lint "polygraphy check lint" \
  "onnx 1.23 load+full check+strict infer"
for m in resnet50 fasterrcnn decoder_block synthetic_1m; do
  f="$DIR/$m.onnx"
  cat "$f" > /dev/null
  lint=$(run 1 "$LINT" --isolated -q "$f")
  # polygraphy exits 1 when its lint finds something; only a crash or a timeout is not a time.
  poly=$(run 1 "$VENV_BIN/polygraphy" check lint "$f")
  onnx=$(run 1 "$PY" -c "$ONNX_CHECK" "$f")
  printf "%-16s %8s | %8.1f ms %5.0f MiB | %s | %s\n" "$m" "$(du -h "$f" | cut -f1)" \
    "$(echo "$lint" | cut -d' ' -f1)" "$(echo "$lint" | awk '{print $2 / 1024}')" \
    "$(cell "$poly" "$lint")" "$(cell "$onnx" "$lint")"
done
