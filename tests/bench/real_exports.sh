#!/usr/bin/env bash
# Performance on real torch exports: exports torchvision's ResNet-50 and
# MobileNetV3-Small (random weights, nothing downloaded) with Debian's
# python3-torch / python3-torchvision into a scratch folder, then times
# onnx-lint against Python's onnx.load + check_model + infer_shapes (Debian's
# python3-onnx 1.12). Figures: best of 5, file in the page cache; peak RSS of
# the largest process (onnx-lint is one process; Python is one too).
# Usage: tests/bench/real_exports.sh [SCRATCH_DIR]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${ONNX_LINT_BUILD_DIR:-$ROOT/build}"
DIR="${1:-/tmp/onnx-lint-bench-real}"
"$ROOT/scripts/setup.sh"
for p in python3-torch python3-torchvision python3-onnx; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
    echo "[bench] installing $p" >&2
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$p" >&2
  }
done
cmake --build "$BUILD" -j "$(nproc)" --target onnx-lint measure >&2
LINT="$BUILD/onnx-lint"
MEASURE="$BUILD/tests/bench/measure"
mkdir -p "$DIR"
/usr/bin/python3 - "$DIR" <<'PY' >&2
import os, sys, warnings
import torch, torchvision
warnings.filterwarnings("ignore")
out = sys.argv[1]
for name, make in [("resnet50", torchvision.models.resnet50),
                   ("mobilenet_v3_small", torchvision.models.mobilenet_v3_small)]:
    path = os.path.join(out, name + ".onnx")
    if not os.path.exists(path):
        torch.manual_seed(0)
        torch.onnx.export(make(weights=None).eval(), torch.randn(1, 3, 224, 224), path,
                          opset_version=13)
    print(f"{name}.onnx: {os.path.getsize(path)} bytes")
PY

source "$ROOT/tests/bench/timed.sh"
printf "%-20s %8s | %9s %9s | %10s %10s | %8s %8s\n" model size lint_ms lint_MiB python_ms \
  python_MiB py/lint mem
for m in resnet50 mobilenet_v3_small; do
  f="$DIR/$m.onnx"
  cat "$f" > /dev/null
  lint=$(timed 1 --repeat 5 -- "$LINT" --isolated -q "$f")
  py=$(timed 0 --repeat 3 -- /usr/bin/python3 -c "
import onnx, sys
m = onnx.load(sys.argv[1]); onnx.checker.check_model(m); onnx.shape_inference.infer_shapes(m)" "$f")
  awk -v m="$m" -v s="$(du -h "$f" | cut -f1)" -v l="$lint" -v p="$py" 'BEGIN {
    split(l, a, " "); split(p, b, " ");
    printf "%-20s %8s | %9.1f %9.0f | %10.1f %10.0f | %7.1fx %7.1fx\n", m, s, a[1], a[2] / 1024,
      b[1], b[2] / 1024, b[1] / a[1], b[2] / a[2] }'
done
