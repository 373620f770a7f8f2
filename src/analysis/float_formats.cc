#include "analysis/float_formats.h"

#include <cmath>

namespace onnx_lint {

double FloatFormat::max() const { return std::ldexp(2.0 - std::ldexp(1.0, 1 - bits), emax); }

double FloatFormat::min_positive() const { return std::ldexp(1.0, emin - (bits - 1)); }

double round_to(const FloatFormat& format, double v) {
  if (v == 0 || !std::isfinite(v)) return v;
  int exp = 0;
  std::frexp(v, &exp);  // |v| = m * 2^exp, m in [0.5, 1): v's leading bit is 2^(exp-1)
  // The spacing of the format's values around v: fixed below the normal range.
  const int lead = std::max(exp - 1, format.emin);
  const double quantum = std::ldexp(1.0, lead - (format.bits - 1));
  // Dividing by a power of two is exact; nearbyint rounds ties to even.
  const double r = std::nearbyint(v / quantum) * quantum;
  if (std::fabs(r) > format.max()) return std::copysign(INFINITY, v);
  return r;
}

const FloatFormat* format_of(int32_t elem_type, Precision precision, bool strongly_typed) {
  if (elem_type == dtype::kFloat16) return &kFp16;
  if (elem_type == dtype::kBfloat16) return &kBf16;
  if (elem_type != dtype::kFloat && elem_type != dtype::kDouble) return nullptr;
  if (strongly_typed) return nullptr;
  switch (precision) {
    case Precision::kFp16:
      return &kFp16;
    case Precision::kBf16:
      return &kBf16;
    case Precision::kFp32:
      break;
  }
  return nullptr;
}

const FloatFormat* tensor_format(const Graph& graph, std::string_view tensor, Precision precision,
                                 bool strongly_typed) {
  const TensorType* t = graph.type_of(tensor);
  return t ? format_of(t->elem_type, precision, strongly_typed) : nullptr;
}

}  // namespace onnx_lint
