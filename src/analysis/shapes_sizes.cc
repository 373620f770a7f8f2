// Shapes that are computed from values: Shape, Size, ConstantOfShape, Range,
// Resize and Upsample (from scales or sizes), Det.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "analysis/node_inference.h"

namespace onnx_lint {
namespace {

// Shape-15's start and end, clamped like Slice's.
std::pair<int64_t, int64_t> shape_window(const InferNode& n, int64_t rank) {
  int64_t start = n.node.attr_int("start", 0), end = n.node.attr_int("end", rank);
  if (start < 0) start += rank;
  if (end < 0) end += rank;
  return {std::clamp<int64_t>(start, 0, rank), std::clamp<int64_t>(end, 0, rank)};
}

void shape(InferNode& n) {
  const TensorType* x = n.input(0);
  if (!x || !x->has_shape) {
    set_out(n, 0, {Dim{}});
    return;
  }
  const auto [start, end] = shape_window(n, static_cast<int64_t>(x->dims.size()));
  set_out(n, 0, {static_dim(std::max<int64_t>(end - start, 0))});
}

void constant_of_shape(InferNode& n) {
  const auto dims = n.ints(0);
  if (!dims) {
    const TensorType* s = n.input(0);
    if (s && s->has_shape && s->dims.size() == 1 && s->dims[0].is_static())
      set_out(n, 0, std::vector<Dim>(std::min<size_t>(s->dims[0].value, kMaxInferredRank + 1)));
    return;
  }
  std::vector<Dim> out;
  for (int64_t d : *dims) out.push_back(d >= 0 ? static_dim(d) : Dim{});
  set_out(n, 0, out);
}

double scalar(const TensorValue& v) {
  return v.ints.empty() ? v.floats[0] : static_cast<double>(v.ints[0]);
}

void range(InferNode& n) {
  const TensorValue* s = n.value(0);
  const TensorValue* l = n.value(1);
  const TensorValue* d = n.value(2);
  if (!s || !l || !d || s->size() != 1 || l->size() != 1 || d->size() != 1) {
    set_out(n, 0, {Dim{}});
    return;
  }
  const double delta = scalar(*d);
  const double count = delta == 0 ? -1 : std::ceil((scalar(*l) - scalar(*s)) / delta);
  const bool exact = !s->ints.empty() && !l->ints.empty() && !d->ints.empty();
  // Float ranges round in the runtime's precision; only integer ones are certain.
  set_out(n, 0,
          {exact && count >= 0 && count < 1e15 ? static_dim(static_cast<int64_t>(count))
           : exact && count < 0 && delta != 0  ? static_dim(0)
                                               : Dim{}});
}

// floor(in * scale), in the float32 the scales are stored in; when the float
// and double products round differently, the size is left unknown.
Dim scaled(const Dim& in, double scale) {
  if (!in.is_static() || !(scale > 0) || scale > 1e6 || in.value > (int64_t{1} << 40)) return Dim{};
  const float f = static_cast<float>(in.value) * static_cast<float>(scale);
  const double d = static_cast<double>(in.value) * static_cast<double>(static_cast<float>(scale));
  if (std::floor(f) != std::floor(d)) return Dim{};
  return static_dim(static_cast<int64_t>(std::floor(d)));
}

// Resize-10.. and Upsample: scales or sizes, over all axes or (18+) the listed ones.
void resize(InferNode& n) {
  const TensorType* x = n.input(0);
  if (!x || !x->has_shape) return;
  const size_t r = x->dims.size();
  const bool upsample = n.node.op_type == "Upsample";
  if (n.node.attr_string("coordinate_transformation_mode", "") == "tf_crop_and_resize") return;
  std::vector<int64_t> axes(r);
  std::iota(axes.begin(), axes.end(), 0);
  if (const Attribute* a = n.node.attr("axes"); a && n.opset >= 18) axes = a->ints;
  std::vector<Dim> out = x->dims;
  const size_t scales_at = upsample || n.opset < 11 ? 1 : 2;
  const TensorValue* sizes = !upsample && n.opset >= 11 ? n.value(3) : nullptr;
  if (sizes && n.has_input(3) && !sizes->ints.empty()) {
    if (sizes->ints.size() != axes.size()) return;
    if (n.node.attr_string("keep_aspect_ratio_policy", "stretch") != "stretch") return;
    for (size_t k = 0; k < axes.size(); ++k) {
      const auto d = normalize_axis(axes[k], r);
      if (!d) return;
      out[*d] = sizes->ints[k] >= 0 ? static_dim(sizes->ints[k]) : Dim{};
    }
    set_out(n, 0, out);
    return;
  }
  std::vector<double> scales;
  if (upsample && n.opset < 9) {
    if (const Attribute* a = n.node.attr("scales")) scales = a->floats;
  } else if (const TensorValue* v = n.value(scales_at); v && n.has_input(scales_at)) {
    scales = v->floats;
  }
  if (scales.empty() || scales.size() != axes.size()) return;
  for (size_t k = 0; k < axes.size(); ++k) {
    const auto d = normalize_axis(axes[k], r);
    if (!d) return;
    out[*d] = scaled(x->dims[*d], scales[k]);
  }
  set_out(n, 0, out);
}

// Constant's shape is its value's: a tensor's dims, [] for value_float/int, [n] for the lists.
void constant(InferNode& n) {
  for (const Attribute& a : n.node.attributes) {
    if ((a.name == "value" || a.name == "sparse_value") && a.tensor >= 0 &&
        a.tensor < static_cast<int>(n.model.tensors.size())) {
      std::vector<Dim> dims;
      for (int64_t d : n.model.tensors[a.tensor].dims)
        dims.push_back(d >= 0 ? static_dim(d) : Dim{});
      set_out(n, 0, dims);
    } else if (a.name == "value_float" || a.name == "value_int" || a.name == "value_string") {
      set_out(n, 0, {});
    } else if (a.name == "value_floats" || a.name == "value_ints" || a.name == "value_strings") {
      const size_t count = a.name == "value_floats" ? a.floats.size()
                           : a.name == "value_ints" ? a.ints.size()
                                                    : a.strings.size();
      set_out(n, 0, {static_dim(static_cast<int64_t>(count))});
    }
  }
}

// SoftmaxCrossEntropyLoss and NegativeLogLikelihoodLoss: [] when reduced,
// else the labels' shape ([N, d1, ...]); the log-prob output has the input's.
void loss(InferNode& n) {
  const bool reduced = n.node.attr_string("reduction", "mean") != "none";
  const TensorType* labels = n.input(1);
  if (reduced)
    set_out(n, 0, {});
  else if (labels && labels->has_shape)
    set_out(n, 0, labels->dims);
  const TensorType* x = n.input(0);
  if (n.out.size() > 1 && x && x->has_shape) set_out(n, 1, x->dims);
}

void det(InferNode& n) {
  const TensorType* x = n.input(0);
  if (x && x->has_shape && x->dims.size() >= 2) set_out(n, 0, {x->dims.begin(), x->dims.end() - 2});
}

}  // namespace

bool infer_sized_shape(InferNode& n) {
  if (n.node.domain == "ai.onnx.ml" || n.out.empty()) return false;
  const std::string_view op = n.node.op_type;
  if (op == "Shape")
    shape(n);
  else if (op == "Size")
    set_out(n, 0, {});
  else if (op == "ConstantOfShape")
    constant_of_shape(n);
  else if (op == "Range")
    range(n);
  else if (op == "Resize" || op == "Upsample")
    resize(n);
  else if (op == "Det")
    det(n);
  else if (op == "Constant")
    constant(n);
  else if (op == "SoftmaxCrossEntropyLoss" || op == "NegativeLogLikelihoodLoss")
    loss(n);
  else if (op == "SequenceLength")
    set_out(n, 0, {});
  else
    return false;
  return true;
}

}  // namespace onnx_lint
