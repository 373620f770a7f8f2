// The precision a model will run in (--precision, `precision =` in
// .onnx-lint.toml): what the precision rules (OL7xx) check float32 tensors as.
#pragma once

#include <optional>
#include <string_view>

namespace onnx_lint {

/// fp32: float32 tensors run as float32 (16-bit tensors in the model are still
/// checked as what they are). fp16 / bf16: TensorRT's --fp16 / --bf16, ONNX
/// Runtime's trt_fp16_enable: float32 tensors run in that format.
enum class Precision { kFp32, kFp16, kBf16 };

inline std::string_view precision_name(Precision p) {
  switch (p) {
    case Precision::kFp16:
      return "fp16";
    case Precision::kBf16:
      return "bf16";
    case Precision::kFp32:
      break;
  }
  return "fp32";
}

inline std::optional<Precision> parse_precision(std::string_view s) {
  for (Precision p : {Precision::kFp32, Precision::kFp16, Precision::kBf16})
    if (s == precision_name(p)) return p;
  return std::nullopt;
}

}  // namespace onnx_lint
