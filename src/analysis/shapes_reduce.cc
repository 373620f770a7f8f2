// Shapes of the reductions (Reduce*, ArgMax, ArgMin), whose axes are an
// attribute before opset 18 (13 for ReduceSum) and an input from then on.
#include <absl/container/flat_hash_set.h>

#include "analysis/node_inference.h"

namespace onnx_lint {
namespace {

const absl::flat_hash_set<std::string_view>& reduce_ops() {
  static const absl::flat_hash_set<std::string_view> ops = {
      "ReduceSum", "ReduceMean", "ReduceMax",    "ReduceMin",       "ReduceProd",
      "ReduceL1",  "ReduceL2",   "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"};
  return ops;
}

void reduce(InferNode& n, const std::vector<int64_t>& axes, bool noop_when_empty) {
  const TensorType* x = n.input(0);
  if (!x || !x->has_shape) return;
  const bool keep = n.node.attr_int("keepdims", 1) != 0;
  std::vector<bool> reduced(x->dims.size(), axes.empty() && !noop_when_empty);
  for (int64_t a : axes) {
    const auto d = normalize_axis(a, x->dims.size());
    if (!d) return;
    reduced[*d] = true;
  }
  std::vector<Dim> out;
  for (size_t d = 0; d < x->dims.size(); ++d) {
    if (!reduced[d])
      out.push_back(x->dims[d]);
    else if (keep)
      out.push_back(static_dim(1));
  }
  n.out[0] = TensorType{n.out[0].elem_type, true, true, out};
}

}  // namespace

bool infer_reduce_shape(InferNode& n) {
  if (n.node.domain == "ai.onnx.ml" || n.out.empty()) return false;
  const std::string_view op = n.node.op_type;
  if (op == "ArgMax" || op == "ArgMin") {
    reduce(n, {n.node.attr_int("axis", 0)}, false);
    return true;
  }
  if (!reduce_ops().contains(op)) return false;
  const bool axes_input = n.opset >= 18 || (op == "ReduceSum" && n.opset >= 13);
  const bool noop = axes_input && n.node.attr_int("noop_with_empty_axes", 0) != 0;
  if (!axes_input) {
    const Attribute* a = n.node.attr("axes");
    reduce(n, a ? a->ints : std::vector<int64_t>{}, false);
  } else if (!n.has_input(1)) {
    reduce(n, {}, noop);
  } else if (auto axes = n.ints(1)) {
    reduce(n, *axes, noop);
  }
  return true;
}

}  // namespace onnx_lint
