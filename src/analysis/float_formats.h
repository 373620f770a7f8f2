// The 16-bit float formats a model's float tensors may run in, and what a
// value becomes in one: the facts the precision rules (OL701-OL703) share.
#pragma once

#include <cstdint>
#include <string_view>

#include "onnx_lint/model.h"
#include "onnx_lint/precision.h"

namespace onnx_lint {

/// An IEEE-style binary format: `bits` significand bits (with the hidden
/// one), normal exponents emin..emax, subnormals below.
struct FloatFormat {
  std::string_view name;  // "fp16", as messages name it
  int bits, emin, emax;
  /// The largest finite value (65504 for fp16).
  double max() const;
  /// The smallest positive value (the least subnormal: 2^-24 for fp16).
  double min_positive() const;
  /// The smallest magnitude that rounds to inf: the largest value plus half
  /// its spacing (65520 for fp16; the tie rounds to even, 2^16, which is inf).
  double overflow_threshold() const;
};

inline constexpr FloatFormat kFp16{"fp16", 11, -14, 15};
inline constexpr FloatFormat kBf16{"bf16", 8, -126, 127};

/// v rounded to the nearest value of the format, ties to even, as a cast
/// from float32 does: beyond the largest value it is ±inf, below half the
/// smallest it is 0. inf and NaN stay what they are.
double round_to(const FloatFormat& format, double v);

/// The elements of a float tensor that are ±inf in a format: inf already, or
/// at least its overflow threshold. NaN is not counted.
struct OutOfRange {
  int64_t count = 0, total = 0;
  double first = 0;    // the first such element, as the tensor holds it
  double largest = 0;  // the largest |v| among them (inf when one is inf)
};
/// Scans `bytes`, the tensor's elements in raw_data layout (float16,
/// bfloat16, float32 or float64), without decoding them into a copy.
OutOfRange out_of_range(int32_t elem_type, std::string_view bytes, const FloatFormat& format);

/// The 16-bit format a tensor of this element type computes in: its own for
/// float16/bfloat16; for float32/float64, the precision's under --precision
/// fp16/bf16 unless the target is strongly typed (its types are the model's);
/// nullptr when it stays 32-bit or is no float.
const FloatFormat* format_of(int32_t elem_type, Precision precision, bool strongly_typed);

/// The same for a tensor of a graph, from its declared or inferred type.
const FloatFormat* tensor_format(const Graph& graph, TensorId tensor, Precision precision,
                                 bool strongly_typed);

}  // namespace onnx_lint
