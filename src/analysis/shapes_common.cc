// Shape helpers shared by the shape families, and the dispatch over them.
#include <algorithm>

#include "analysis/node_inference.h"

namespace onnx_lint {

std::optional<size_t> InferNode::rank(size_t i) const {
  const TensorType* t = input(i);
  if (!t || !t->has_shape) return std::nullopt;
  return t->dims.size();
}

std::optional<std::vector<int64_t>> InferNode::ints(size_t i) const {
  const TensorValue* v = value(i);
  if (!v || !v->floats.empty()) return std::nullopt;
  switch (v->elem_type) {
    case dtype::kInt64:
    case dtype::kInt32:
    case dtype::kInt16:
    case dtype::kInt8:
    case dtype::kUint8:
    case dtype::kUint16:
    case dtype::kUint32:
    case dtype::kUint64:
    case dtype::kBool:
      return v->ints;
    default:
      return std::nullopt;
  }
}

std::optional<std::vector<int64_t>> InferNode::ints_attr_or_input(std::string_view name,
                                                                  size_t input_index) const {
  if (const Attribute* a = node.attr(name)) {
    if (a->type != AttrType::kInts) return std::nullopt;
    return a->ints;
  }
  if (!has_input(input_index)) return std::nullopt;
  return ints(input_index);
}

Dim static_dim(int64_t v) { return Dim{v, {}}; }

int64_t dim_add(int64_t a, int64_t b) {
  int64_t r = 0;
  return __builtin_add_overflow(a, b, &r) || r < 0 ? -1 : r;
}

int64_t dim_mul(int64_t a, int64_t b) {
  int64_t r = 0;
  return __builtin_mul_overflow(a, b, &r) || r < 0 ? -1 : r;
}

TensorType with_shape(std::vector<Dim> dims) {
  TensorType t;
  t.has_shape = true;
  t.dims = std::move(dims);
  return t;
}

std::optional<size_t> normalize_axis(int64_t axis, size_t rank) {
  const int64_t r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r) return std::nullopt;
  return static_cast<size_t>(axis < 0 ? axis + r : axis);
}

// NumPy broadcasting, dimension by dimension from the right: a static size
// above 1 wins, 1s give way, one symbolic name alone stays; anything else is unknown.
std::optional<std::vector<Dim>> broadcast(std::span<const TensorType* const> shapes) {
  size_t rank = 0;
  for (const TensorType* t : shapes) {
    if (!t || !t->has_shape) return std::nullopt;
    rank = std::max(rank, t->dims.size());
  }
  std::vector<Dim> out(rank);
  for (size_t k = 0; k < rank; ++k) {
    int64_t big = -1;
    bool all_one = true, unknown = false;
    const Dim* symbolic = nullptr;
    for (const TensorType* t : shapes) {
      if (t->dims.size() + k < rank) continue;  // this input has no dim here: as if 1
      const Dim& d = t->dims[t->dims.size() - rank + k];
      if (d.is_static()) {
        if (d.value == 1) continue;
        all_one = false;
        if (big >= 0 && big != d.value) return std::nullopt;  // does not broadcast
        big = d.value;
      } else {
        all_one = false;
        if (d.param.empty() || (symbolic && symbolic->param != d.param)) unknown = true;
        symbolic = &d;
      }
    }
    if (big >= 0)
      out[k] = static_dim(big);
    else if (all_one)
      out[k] = static_dim(1);
    else if (symbolic && !unknown)
      out[k] = *symbolic;
  }
  return out;
}

// The static length of input i when it is a 1-D tensor (a shape or an axes list).
std::optional<int64_t> length_of(const InferNode& n, size_t i) {
  const TensorType* t = n.input(i);
  if (!t || !t->has_shape || t->dims.size() != 1 || !t->dims[0].is_static()) return std::nullopt;
  return t->dims[0].value;
}

// When the values a size needs are computed at run time, the rank often is
// still certain: these ops keep input 0's, Reshape takes its shape's length,
// Expand the longer of the two.
void rank_only(InferNode& n) {
  const std::string_view op = n.node.op_type;
  const TensorType* x = n.input(0);
  std::optional<int64_t> rank;
  const bool keeps_rank = op == "Resize" || op == "Upsample" || op == "Tile" || op == "Slice" ||
                          op == "Pad" || op == "Split" ||
                          (op.rfind("Reduce", 0) == 0 && n.node.attr_int("keepdims", 1) != 0);
  if (keeps_rank && x && x->has_shape) rank = static_cast<int64_t>(x->dims.size());
  if (op == "Reshape" && n.opset >= 5) rank = length_of(n, 1);
  if (op == "Expand" && x && x->has_shape)
    if (auto len = length_of(n, 1))
      rank = std::max<int64_t>(*len, static_cast<int64_t>(x->dims.size()));
  if (!rank || *rank < 0 || *rank > static_cast<int64_t>(kMaxInferredRank)) return;
  for (TensorType& t : n.out)
    if (!t.has_shape) {
      t.has_shape = true;
      t.dims.assign(static_cast<size_t>(*rank), Dim{});
    }
}

void infer_output_shapes(InferNode& n) {
  if (n.node.domain.empty() || n.node.in_onnx_domain() || n.node.domain == "ai.onnx.ml") {
    infer_elementwise_shape(n) || infer_nn_shape(n) || infer_layout_shape(n) ||
        infer_indexing_shape(n) || infer_reduce_shape(n) || infer_sized_shape(n);
    if (n.node.in_onnx_domain()) rank_only(n);
  }
  // A shape past the rank limit is not believed.
  for (TensorType& t : n.out)
    if (t.has_shape && t.dims.size() > kMaxInferredRank) {
      t.has_shape = false;
      t.dims.clear();
    }
}

}  // namespace onnx_lint
