// OL101/OL102's fix: a Resize (or Upsample) whose resized axes are static as
// the cheatsheet's own resizer, constant per axis (other dims, a dynamic batch
// among them, may have any size): nearest as a Gather with
// constant indices, linear as a MatMul with a constant interpolation matrix
// (rows [out, in] on the height, columns on the width). The indices and weights
// follow ONNX Runtime's CPU kernel: the coordinate transformation, the
// nearest rounding, and for linear the clamp to [0, in - 1] and the two
// neighbours' weights, all in float32.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "fix/fix_builder.h"

namespace onnx_lint {
namespace {

struct Axis {
  int64_t in = 0, out = 0;
  float scale = 1;
};

// Where output coordinate o samples the input, as ONNX Runtime computes it.
float original(const std::string& mode, int64_t o, const Axis& a) {
  const float x = static_cast<float>(o);
  if (mode == "asymmetric") return x / a.scale;
  if (mode == "tf_half_pixel_for_nn") return (x + 0.5f) / a.scale;
  if (mode == "pytorch_half_pixel") return a.out > 1 ? (x + 0.5f) / a.scale - 0.5f : 0.0f;
  if (mode == "align_corners")
    return a.out == 1 ? 0.0f : x * static_cast<float>(a.in - 1) / static_cast<float>(a.out - 1);
  if (mode == "half_pixel_symmetric") {
    const float adjustment = static_cast<float>(a.out) / (a.scale * static_cast<float>(a.in));
    const float center = static_cast<float>(a.in) / 2;
    return center * (1 - adjustment) + (x + 0.5f) / a.scale - 0.5f;
  }
  return (x + 0.5f) / a.scale - 0.5f;  // half_pixel
}

int64_t nearest(const std::string& rounding, float x, bool down) {
  if (rounding == "simple")
    return down ? static_cast<int64_t>(std::ceil(x)) : static_cast<int64_t>(x);
  if (rounding == "floor") return static_cast<int64_t>(std::floor(x));
  if (rounding == "ceil") return static_cast<int64_t>(std::ceil(x));
  if (rounding == "round_prefer_ceil") return static_cast<int64_t>(std::round(x));
  // round_prefer_floor: a tie goes down
  if (x == static_cast<float>(static_cast<int64_t>(x)) + 0.5f) return static_cast<int64_t>(x);
  return static_cast<int64_t>(std::round(x));
}

std::vector<int64_t> nearest_indices(const std::string& mode, const std::string& rounding,
                                     const Axis& a) {
  std::vector<int64_t> idx;
  for (int64_t o = 0; o < a.out; ++o) {
    const int64_t i = nearest(rounding, original(mode, o, a), a.scale < 1);
    idx.push_back(std::clamp<int64_t>(i, 0, a.in - 1));
  }
  return idx;
}

// Row o holds the weights of output o over the input: [out, in].
std::vector<float> linear_matrix(const std::string& mode, const Axis& a) {
  std::vector<float> w(static_cast<size_t>(a.out * a.in), 0.0f);
  for (int64_t o = 0; o < a.out; ++o) {
    const float x = std::max(0.0f, std::min(original(mode, o, a), static_cast<float>(a.in - 1)));
    const int64_t x1 = std::min(static_cast<int64_t>(x), a.in - 1);
    const int64_t x2 = std::min(x1 + 1, a.in - 1);
    float d1 = std::fabs(x - static_cast<float>(x1)), d2 = std::fabs(x - static_cast<float>(x2));
    if (x1 == x2) d1 = d2 = 0.5f;
    w[o * a.in + x1] += d2;
    w[o * a.in + x2] += d1;
  }
  return w;
}

std::vector<float> transposed(const std::vector<float>& w, int64_t rows, int64_t cols) {
  std::vector<float> t(w.size());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) t[c * rows + r] = w[r * cols + c];
  return t;
}

struct Settings {
  std::string mode, coordinates, rounding;
  std::vector<Axis> axes;  // per input dim
};

// The node's sizes per dim, or why not.
std::string read_settings(const Model& m, const Graph& g, const Node& n, Settings* s) {
  const bool upsample = n.op_type == "Upsample";
  const int64_t opset = m.opset("").value_or(0);
  s->mode = n.attr_string("mode", "nearest");
  if (s->mode == "bilinear") s->mode = "linear";
  if (s->mode != "nearest" && s->mode != "linear") return "its mode is " + s->mode;
  const bool old = upsample || opset < 11;
  s->coordinates =
      old ? "asymmetric" : n.attr_string("coordinate_transformation_mode", "half_pixel");
  if (s->coordinates == "tf_crop_and_resize") return "it crops (tf_crop_and_resize)";
  s->rounding = old ? "simple" : n.attr_string("nearest_mode", "round_prefer_floor");
  if (n.attr_int("antialias", 0) != 0) return "it antialiases";
  if (n.attr_string("keep_aspect_ratio_policy", "stretch") != "stretch")
    return "its keep_aspect_ratio_policy is not stretch";
  // The dims, -1 where dynamic: only the axes it resizes need a size.
  const TensorType* t = g.type_of(n.input(0));
  if (!t || !t->has_shape) return "the shape of its input is not known";
  std::vector<int64_t> dim_sizes;
  for (const Dim& d : t->dims) dim_sizes.push_back(d.is_static() ? d.value : -1);
  const std::vector<int64_t>* dims = &dim_sizes;
  const size_t r = dims->size();
  std::vector<int64_t> axes;
  for (size_t d = 0; d < r; ++d) axes.push_back(static_cast<int64_t>(d));
  if (const Attribute* a = n.attr("axes"); a && opset >= 18) axes = a->ints;
  std::vector<double> scales;
  std::vector<int64_t> sizes;
  if (upsample && opset < 9) {
    if (const Attribute* a = n.attr("scales")) scales = a->floats;
  } else {
    const size_t at = upsample || opset < 11 ? 1 : 2;
    if (auto v = known_value(m, g, n.input(at)); v && !v->floats.empty()) scales = v->floats;
    if (!upsample && opset >= 11)
      if (auto v = known_value(m, g, n.input(3)); v && !v->ints.empty()) sizes = v->ints;
  }
  if (scales.empty() && sizes.empty()) return "its scales and sizes are computed in the graph";
  if ((!sizes.empty() && sizes.size() != axes.size()) ||
      (sizes.empty() && scales.size() != axes.size()))
    return "its scales or sizes do not match its axes";
  s->axes.resize(r);
  for (size_t d = 0; d < r; ++d) s->axes[d] = Axis{(*dims)[d], (*dims)[d], 1.0f};
  for (size_t k = 0; k < axes.size(); ++k) {
    const int64_t d = axes[k] < 0 ? axes[k] + static_cast<int64_t>(r) : axes[k];
    if (d < 0 || d >= static_cast<int64_t>(r)) return "an axis is out of range";
    Axis& a = s->axes[d];
    if (a.in < 0) {  // a dynamic dim: fine as long as it keeps its size
      if (!sizes.empty()) return "its sizes name a dynamic dim";
      if (scales[k] != 1.0) return "it resizes a dynamic dim";
      continue;
    }
    if (!sizes.empty()) {
      a.out = sizes[k];
      a.scale = static_cast<float>(a.out) / static_cast<float>(a.in);
    } else {
      if (!(std::fabs(scales[k]) < 1e6)) return "a scale is out of range";
      a.scale = static_cast<float>(scales[k]);
      const float out = a.scale * static_cast<float>(a.in);
      if (!(out >= 0.0f && out < 65537.0f))
        return "a size is empty or too large for constant matrices";
      a.out = static_cast<int64_t>(out);
    }
    if (a.in <= 0 || a.out <= 0 || a.in > (1 << 16) || a.out > (1 << 16) || !(a.scale > 0) ||
        a.in * a.out > (int64_t{1} << 24))
      return "a size is empty or too large for constant matrices";
    if (a.out != a.in && d + 2 < static_cast<int64_t>(r))
      return "it resizes a batch or channel dim";
  }
  return "";
}

}  // namespace

Planned plan_resize(const Model& m, const Graph& g, const Node& n) {
  Settings s;
  if (std::string why = read_settings(m, g, n, &s); !why.empty()) return {std::nullopt, why};
  const TensorType* x = g.type_of(n.input(0));
  if (s.mode == "linear" && (!x || x->elem_type != dtype::kFloat))
    return {std::nullopt, "linear interpolation as MatMul needs float32 data"};
  ReplacementBuilder b(n);
  for (size_t i = 1; i < n.inputs.size(); ++i) b.drop_constant_input(g, i);
  std::string current(n.input(0));
  const size_t r = s.axes.size();
  std::vector<size_t> resized;
  for (size_t d = 0; d < r; ++d)
    if (s.axes[d].out != s.axes[d].in) resized.push_back(d);
  if (resized.empty()) {
    b.node("Identity", {current}, n.outputs[0]);
    return {b.take(), "Resize -> Identity (it keeps every size)"};
  }
  for (size_t k = 0; k < resized.size(); ++k) {
    const size_t d = resized[k];
    const Axis& a = s.axes[d];
    const std::string_view out = k + 1 == resized.size() ? n.outputs[0] : "";
    const std::string axis = d == r - 1 ? "w" : "h";
    if (s.mode == "nearest") {
      const auto idx = nearest_indices(s.coordinates, s.rounding, a);
      current = b.node("Gather", {current, b.int64_tensor("index_" + axis, idx, {a.out})}, out,
                       {int_attr("axis", static_cast<int64_t>(d))});
    } else if (d == r - 1) {
      const auto w = transposed(linear_matrix(s.coordinates, a), a.out, a.in);
      current =
          b.node("MatMul", {current, b.float_tensor("columns_" + axis, w, {a.in, a.out})}, out);
    } else {
      const auto w = linear_matrix(s.coordinates, a);
      current = b.node("MatMul", {b.float_tensor("rows_" + axis, w, {a.out, a.in}), current}, out);
    }
  }
  return {b.take(),
          s.mode == "nearest"
              ? fmt::format("{} -> Gather with constant indices ({})", n.op_type, s.coordinates)
              : fmt::format("{} -> MatMul with constant interpolation matrices ({})", n.op_type,
                            s.coordinates)};
}

}  // namespace onnx_lint
