// Words the precision rules (OL701-OL703) share.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace onnx_lint {

/// A value as a short number: -1e+09, 65504, 1e-12, -inf.
inline std::string show_value(double v) {
  if (std::isinf(v)) return v < 0 ? "-inf" : "inf";
  return fmt::format("{:g}", v);
}

/// Where keeping a part of the model in FP32 is set, per runtime.
inline constexpr const char* kKeepInFp32 =
    "keep it in FP32: trtexec --layerPrecisions=NAME:fp32 --precisionConstraints=obey (TensorRT "
    "10), Cast nodes to float32 around it (TensorRT 11, strongly typed), or ONNX Runtime's "
    "trt_layer_norm_fp32_fallback=1 for normalization layers";

}  // namespace onnx_lint
