#include "analysis/float_formats.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace onnx_lint {

double FloatFormat::max() const { return std::ldexp(2.0 - std::ldexp(1.0, 1 - bits), emax); }

double FloatFormat::min_positive() const { return std::ldexp(1.0, emin - (bits - 1)); }

double FloatFormat::overflow_threshold() const {
  return std::ldexp(2.0 - std::ldexp(1.0, -bits), emax);
}

namespace {

template <typename T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// A float16 or bfloat16 element is out of range only when it is inf: all
// exponent bits set, no mantissa bit.
template <uint16_t kExponent>
void scan_sixteen_bit(std::string_view bytes, OutOfRange& o) {
  o.total = static_cast<int64_t>(bytes.size() / 2);
  for (size_t i = 0; i + 2 <= bytes.size(); i += 2) {
    const uint16_t h = load<uint16_t>(bytes.data() + i);
    if ((h & 0x7fff) != kExponent) continue;
    if (o.count++ == 0) o.first = (h & 0x8000) ? -INFINITY : INFINITY;
    o.largest = INFINITY;
  }
}

template <typename T>
void scan_wide(std::string_view bytes, double threshold, OutOfRange& o) {
  o.total = static_cast<int64_t>(bytes.size() / sizeof(T));
  for (size_t i = 0; i + sizeof(T) <= bytes.size(); i += sizeof(T)) {
    const double v = load<T>(bytes.data() + i);
    if (!(std::fabs(v) >= threshold)) continue;  // NaN compares false: not counted
    if (o.count++ == 0) o.first = v;
    o.largest = std::max(o.largest, std::fabs(v));
  }
}

}  // namespace

OutOfRange out_of_range(int32_t elem_type, std::string_view bytes, const FloatFormat& format) {
  OutOfRange o;
  switch (elem_type) {
    case dtype::kFloat16:
      scan_sixteen_bit<0x7c00>(bytes, o);
      break;
    case dtype::kBfloat16:
      scan_sixteen_bit<0x7f80>(bytes, o);
      break;
    case dtype::kFloat:
      scan_wide<float>(bytes, format.overflow_threshold(), o);
      break;
    case dtype::kDouble:
      scan_wide<double>(bytes, format.overflow_threshold(), o);
      break;
    default:
      break;
  }
  return o;
}

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

const FloatFormat* tensor_format(const Graph& graph, TensorId tensor, Precision precision,
                                 bool strongly_typed) {
  const TensorType* t = graph.type_of(tensor);
  return t ? format_of(t->elem_type, precision, strongly_typed) : nullptr;
}

}  // namespace onnx_lint
