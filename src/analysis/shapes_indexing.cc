// Shapes of the ops that pick elements: Gather, GatherElements, GatherND,
// TopK, OneHot, and the data-dependent ones whose size no static analysis
// knows (NonZero, Compress, NonMaxSuppression, Unique: the rank only).
#include "analysis/node_inference.h"

namespace onnx_lint {
namespace {

void gather(InferNode& n) {
  const TensorType* data = shaped(n, 0);
  const TensorType* idx = shaped(n, 1);
  if (!data || !idx) return;
  const auto axis = normalize_axis(n.node.attr_int("axis", 0), data->dims.size());
  if (!axis) return;
  std::vector<Dim> out(data->dims.begin(), data->dims.begin() + *axis);
  out.insert(out.end(), idx->dims.begin(), idx->dims.end());
  out.insert(out.end(), data->dims.begin() + *axis + 1, data->dims.end());
  set_out(n, 0, out);
}

void gather_nd(InferNode& n) {
  const TensorType* data = shaped(n, 0);
  const TensorType* idx = shaped(n, 1);
  if (!data || !idx || idx->dims.empty() || !idx->dims.back().is_static()) return;
  const int64_t b = n.node.attr_int("batch_dims", 0);
  const int64_t last = idx->dims.back().value;
  const int64_t rank = static_cast<int64_t>(data->dims.size());
  if (b < 0 || last < 0 || b > rank || last > rank - b) return;
  std::vector<Dim> out(idx->dims.begin(), idx->dims.end() - 1);
  out.insert(out.end(), data->dims.begin() + b + last, data->dims.end());
  set_out(n, 0, out);
}

void top_k(InferNode& n) {
  const TensorType* x = shaped(n, 0);
  if (!x) return;
  const auto axis = normalize_axis(n.node.attr_int("axis", -1), x->dims.size());
  if (!axis) return;
  std::optional<int64_t> k;
  if (n.opset < 10) {
    if (const Attribute* a = n.node.attr("k")) k = a->i;
  } else if (auto v = n.ints(1); v && v->size() == 1) {
    k = (*v)[0];
  }
  std::vector<Dim> dims = x->dims;
  dims[*axis] = k && *k >= 0 ? static_dim(*k) : Dim{};
  set_out(n, 0, dims);
  set_out(n, 1, dims);
}

void one_hot(InferNode& n) {
  const TensorType* idx = shaped(n, 0);
  if (!idx) return;
  const auto axis = normalize_axis(n.node.attr_int("axis", -1), idx->dims.size() + 1);
  if (!axis) return;
  Dim depth;
  if (const TensorValue* v = n.value(1); v && v->size() == 1) {
    const double d = v->ints.empty() ? v->floats[0] : static_cast<double>(v->ints[0]);
    if (d >= 0 && d < 1e15) depth = static_dim(static_cast<int64_t>(d));
  }
  std::vector<Dim> out = idx->dims;
  out.insert(out.begin() + *axis, depth);
  set_out(n, 0, out);
}

void non_zero(InferNode& n) {
  const TensorType* x = shaped(n, 0);
  if (x) set_out(n, 0, {static_dim(static_cast<int64_t>(x->dims.size())), Dim{}});
}

void compress(InferNode& n) {
  const TensorType* x = shaped(n, 0);
  if (!x) return;
  const Attribute* axis = n.node.attr("axis");
  if (!axis) {
    set_out(n, 0, {Dim{}});
    return;
  }
  const auto a = normalize_axis(axis->i, x->dims.size());
  if (!a) return;
  std::vector<Dim> dims = x->dims;
  dims[*a] = Dim{};
  set_out(n, 0, dims);
}

}  // namespace

bool infer_indexing_shape(InferNode& n) {
  if (n.node.domain == "ai.onnx.ml" || n.out.empty()) return false;
  const std::string_view op = n.node.op_type;
  if (op == "Gather")
    gather(n);
  else if (op == "GatherElements") {
    if (const TensorType* idx = shaped(n, 1)) set_out(n, 0, idx->dims);
  } else if (op == "GatherND")
    gather_nd(n);
  else if (op == "TopK")
    top_k(n);
  else if (op == "OneHot")
    one_hot(n);
  else if (op == "NonZero")
    non_zero(n);
  else if (op == "Compress")
    compress(n);
  else if (op == "NonMaxSuppression")
    set_out(n, 0, {Dim{}, static_dim(3)});
  else
    return false;
  return true;
}

}  // namespace onnx_lint
