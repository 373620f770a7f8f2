// Where a constant's values go, for the precision rules: every float
// constant of a graph (initializers, Constant and ConstantOfShape values), and
// whether one reaches arithmetic or an attention Softmax as an additive mask.
#pragma once

#include <functional>
#include <string_view>

#include "onnx_lint/model.h"

namespace onnx_lint {

/// A float constant's elements as stored (raw_data layout), undecoded.
struct FloatConstant {
  std::string_view tensor;  // its name: the initializer's, or the node's output
  int32_t elem_type = dtype::kUndefined;
  std::string_view bytes;
};

/// Calls fn for every float constant of the graph whose element type `wants`
/// accepts: its initializers, Constant outputs and ConstantOfShape fill
/// values. Tensors in external data or over kMaxLazyElements are skipped:
/// never read. Nothing is decoded: a scan reads the stored bytes.
void for_each_float_constant(const Model& model, const Graph& graph,
                             const std::function<bool(int32_t)>& wants,
                             const std::function<void(const FloatConstant&)>& fn);

/// What a constant's values reach, through ops that only move or select
/// them (Reshape, Expand, Cast, Concat, Where's value inputs, ...).
struct ArithmeticUse {
  const Node* reader = nullptr;   // its first reader on a path to arithmetic; null: none
  const Node* softmax = nullptr;  // a Softmax it reaches through Add/Sub/Mul/Where: a mask
};
ArithmeticUse first_arithmetic_use(const Graph& graph, std::string_view tensor);

/// Whether the op computes with its float inputs' values (a sum, product,
/// exp, normalization, ...) rather than moving, comparing or bounding them.
bool is_arithmetic_op(std::string_view op_type);

}  // namespace onnx_lint
