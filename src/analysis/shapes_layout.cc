// Shapes of the ops that move, join or cut dims: Reshape, Flatten, Squeeze,
// Unsqueeze, Transpose, Concat, Split, Slice, Expand, Tile, Pad, DepthToSpace
// and SpaceToDepth. Sizes that need an input's value use it when it is known
// (an initializer, a Constant, or folded shape arithmetic).
#include <algorithm>
#include <numeric>

#include "analysis/node_inference.h"

namespace onnx_lint {
namespace {

std::optional<int64_t> product(const std::vector<Dim>& dims, size_t begin, size_t end) {
  int64_t p = 1;
  for (size_t d = begin; d < end; ++d) {
    if (!dims[d].is_static()) return std::nullopt;
    if (dims[d].value != 0 && p > (int64_t{1} << 62) / dims[d].value) return std::nullopt;
    p *= dims[d].value;
  }
  return p;
}

void reshape(InferNode& n) {
  const auto target = n.opset < 5 ? n.ints_attr_or_input("shape", 99) : n.ints(1);
  if (!target) return;
  const TensorType* x = shaped(n, 0);
  const bool allow_zero = n.node.attr_int("allowzero", 0) != 0;
  std::vector<Dim> out;
  int infer_at = -1;
  for (size_t d = 0; d < target->size(); ++d) {
    const int64_t v = (*target)[d];
    if (v == 0 && !allow_zero) {
      if (!x || d >= x->dims.size()) return;
      out.push_back(x->dims[d]);
    } else if (v == -1) {
      if (infer_at >= 0) return;
      infer_at = static_cast<int>(d);
      out.emplace_back();
    } else if (v < 0) {
      return;
    } else {
      out.push_back(static_dim(v));
    }
  }
  if (infer_at >= 0 && x) {
    const auto total = product(x->dims, 0, x->dims.size());
    std::vector<Dim> known = out;
    known.erase(known.begin() + infer_at);
    const auto rest = product(known, 0, known.size());
    if (total && rest && *rest > 0 && *total % *rest == 0)
      out[infer_at] = static_dim(*total / *rest);
  }
  set_out(n, 0, out);
}

void flatten(InferNode& n) {
  const TensorType* x = shaped(n, 0);
  if (!x) return;
  const int64_t r = static_cast<int64_t>(x->dims.size());
  int64_t axis = n.node.attr_int("axis", 1);
  if (axis < 0) axis += r;
  if (axis < 0 || axis > r) return;
  const auto a = product(x->dims, 0, axis), b = product(x->dims, axis, x->dims.size());
  set_out(n, 0, {a ? static_dim(*a) : Dim{}, b ? static_dim(*b) : Dim{}});
}

void squeeze(InferNode& n) {
  const TensorType* x = shaped(n, 0);
  if (!x) return;
  const auto axes = n.opset < 13 ? n.ints_attr_or_input("axes", 99)
                                 : (n.has_input(1) ? n.ints(1) : std::vector<int64_t>{});
  if (!axes) return;
  std::vector<bool> drop(x->dims.size(), false);
  if (axes->empty()) {
    for (size_t d = 0; d < x->dims.size(); ++d) {
      if (!x->dims[d].is_static()) return;  // might be 1: the rank is unknown
      drop[d] = x->dims[d].value == 1;
    }
  }
  for (int64_t a : *axes) {
    const auto d = normalize_axis(a, x->dims.size());
    if (!d) return;
    drop[*d] = true;
  }
  std::vector<Dim> out;
  for (size_t d = 0; d < x->dims.size(); ++d)
    if (!drop[d]) out.push_back(x->dims[d]);
  set_out(n, 0, out);
}

void unsqueeze(InferNode& n) {
  const TensorType* x = shaped(n, 0);
  const auto axes = n.opset < 13 ? n.ints_attr_or_input("axes", 99) : n.ints(1);
  if (!x || !axes) return;
  const size_t rank = x->dims.size() + axes->size();
  std::vector<bool> added(rank, false);
  for (int64_t a : *axes) {
    const auto d = normalize_axis(a, rank);
    if (!d || added[*d]) return;
    added[*d] = true;
  }
  std::vector<Dim> out;
  size_t next = 0;
  for (size_t d = 0; d < rank; ++d) out.push_back(added[d] ? static_dim(1) : x->dims[next++]);
  set_out(n, 0, out);
}

void transpose(InferNode& n) {
  const TensorType* x = shaped(n, 0);
  if (!x) return;
  std::vector<int64_t> perm(x->dims.size());
  std::iota(perm.rbegin(), perm.rend(), 0);
  if (const Attribute* p = n.node.attr("perm")) perm = p->ints;
  if (perm.size() != x->dims.size()) return;
  std::vector<Dim> out;
  for (int64_t p : perm) {
    const auto d = normalize_axis(p, x->dims.size());
    if (!d) return;
    out.push_back(x->dims[*d]);
  }
  set_out(n, 0, out);
}

// The dim several inputs agree on (Concat's other axes): a static one if any.
Dim agreed(const std::vector<const TensorType*>& ins, size_t d) {
  for (const TensorType* t : ins)
    if (t->dims[d].is_static()) return t->dims[d];
  const Dim& first = ins[0]->dims[d];
  for (const TensorType* t : ins)
    if (t->dims[d].param.empty() || t->dims[d].param != first.param) return Dim{};
  return first;
}

void concat(InferNode& n) {
  std::vector<const TensorType*> ins;
  for (size_t i = 0; i < n.node.inputs.size(); ++i) {
    const TensorType* t = shaped(n, i);
    if (!t || (!ins.empty() && t->dims.size() != ins[0]->dims.size())) return;
    ins.push_back(t);
  }
  if (ins.empty()) return;
  const auto axis = normalize_axis(n.node.attr_int("axis", 0), ins[0]->dims.size());
  if (!axis) return;
  std::vector<Dim> out(ins[0]->dims.size());
  for (size_t d = 0; d < out.size(); ++d) {
    if (d != *axis) {
      out[d] = agreed(ins, d);
      continue;
    }
    int64_t sum = 0;
    for (const TensorType* t : ins)
      sum = t->dims[d].is_static() && sum >= 0 ? dim_add(sum, t->dims[d].value) : -1;
    if (sum >= 0) out[d] = static_dim(sum);
  }
  set_out(n, 0, out);
}

void split(InferNode& n) {
  const TensorType* x = shaped(n, 0);
  if (!x) return;
  const auto axis = normalize_axis(n.node.attr_int("axis", 0), x->dims.size());
  if (!axis) return;
  std::optional<std::vector<int64_t>> sizes =
      n.opset < 13 ? n.ints_attr_or_input("split", 1)
                   : (n.has_input(1) ? n.ints(1) : std::vector<int64_t>{});
  if (n.opset < 13 && !n.node.attr("split") && !n.has_input(1)) sizes = std::vector<int64_t>{};
  if (!sizes) return;
  const Dim whole = x->dims[*axis];
  const size_t parts = n.out.size();
  if (sizes->empty() && whole.is_static() && parts > 0 && whole.value <= (int64_t{1} << 62)) {
    const int64_t each =
        (whole.value + static_cast<int64_t>(parts) - 1) / static_cast<int64_t>(parts);
    if (n.opset < 18 && whole.value % static_cast<int64_t>(parts) != 0) return;
    for (size_t k = 0; k < parts; ++k)
      sizes->push_back(k + 1 < parts ? each : whole.value - each * static_cast<int64_t>(parts - 1));
  }
  if (sizes->size() != parts) return;
  for (size_t k = 0; k < parts; ++k) {
    if ((*sizes)[k] < 0) return;
    std::vector<Dim> dims = x->dims;
    dims[*axis] = static_dim((*sizes)[k]);
    set_out(n, k, dims);
  }
}

// One sliced dim, with ONNX's clamping of starts and ends.
int64_t sliced(int64_t dim, int64_t start, int64_t end, int64_t step) {
  if (step == 0 || dim > (int64_t{1} << 62)) return -1;
  // Past 2^61 a step takes one element at most; clamping it keeps the arithmetic in range.
  step = std::clamp<int64_t>(step, -(int64_t{1} << 61), int64_t{1} << 61);
  start = std::clamp<int64_t>(start, -(int64_t{1} << 62), int64_t{1} << 62);
  end = std::clamp<int64_t>(end, -(int64_t{1} << 62), int64_t{1} << 62);
  if (start < 0) start += dim;
  if (end < 0) end += dim;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    return end > start ? (end - start + step - 1) / step : 0;
  }
  start = std::clamp<int64_t>(start, 0, dim - 1);
  end = std::clamp<int64_t>(end, -1, dim - 1);
  return start > end ? (start - end - step - 1) / -step : 0;
}

void slice(InferNode& n) {
  const TensorType* x = shaped(n, 0);
  if (!x) return;
  const bool old = n.opset < 10;
  const auto starts = old ? n.ints_attr_or_input("starts", 99) : n.ints(1);
  const auto ends = old ? n.ints_attr_or_input("ends", 99) : n.ints(2);
  if (!starts || !ends || starts->size() != ends->size()) return;
  std::vector<int64_t> axes(starts->size()), steps(starts->size(), 1);
  std::iota(axes.begin(), axes.end(), 0);
  if (old ? n.node.attr("axes") != nullptr : n.has_input(3)) {
    auto a = old ? n.ints_attr_or_input("axes", 99) : n.ints(3);
    if (!a || a->size() != starts->size()) return;
    axes = *a;
  }
  if (!old && n.has_input(4)) {
    auto s = n.ints(4);
    if (!s || s->size() != starts->size()) return;
    steps = *s;
  }
  std::vector<Dim> out = x->dims;
  for (size_t k = 0; k < axes.size(); ++k) {
    const auto d = normalize_axis(axes[k], x->dims.size());
    if (!d) return;
    const int64_t v = x->dims[*d].is_static()
                          ? sliced(x->dims[*d].value, (*starts)[k], (*ends)[k], steps[k])
                          : -1;
    out[*d] = v >= 0 ? static_dim(v) : Dim{};
  }
  set_out(n, 0, out);
}

std::vector<Dim> static_dims(const std::vector<int64_t>& v) {
  std::vector<Dim> out;
  for (int64_t x : v) out.push_back(x >= 0 ? static_dim(x) : Dim{});
  return out;
}

void expand(InferNode& n) {
  const TensorType* x = shaped(n, 0);
  const auto shape = n.ints(1);
  if (!x || !shape) return;
  const TensorType target = with_shape(static_dims(*shape));
  if (auto dims = broadcast({x, &target})) set_out(n, 0, *dims);
}

void tile(InferNode& n) {
  const TensorType* x = shaped(n, 0);
  const auto repeats = n.ints(1);
  if (!x || !repeats || repeats->size() != x->dims.size()) return;
  std::vector<Dim> out;
  for (size_t d = 0; d < x->dims.size(); ++d)
    out.push_back(x->dims[d].is_static() && dim_mul(x->dims[d].value, (*repeats)[d]) >= 0
                      ? static_dim(dim_mul(x->dims[d].value, (*repeats)[d]))
                  : (*repeats)[d] == 1 ? x->dims[d]
                                       : Dim{});
  set_out(n, 0, out);
}

void pad(InferNode& n) {
  const TensorType* x = shaped(n, 0);
  if (!x) return;
  const auto pads =
      n.opset < 11 ? n.ints_attr_or_input(n.opset < 2 ? "paddings" : "pads", 99) : n.ints(1);
  if (!pads) return;
  const size_t r = x->dims.size();
  std::vector<int64_t> axes(r);
  std::iota(axes.begin(), axes.end(), 0);
  if (n.opset >= 18 && n.has_input(3)) {
    auto a = n.ints(3);
    if (!a) return;
    axes = *a;
  }
  if (pads->size() != 2 * axes.size()) return;
  std::vector<Dim> out = x->dims;
  for (size_t k = 0; k < axes.size(); ++k) {
    const auto d = normalize_axis(axes[k], r);
    if (!d) return;
    const int64_t before = (*pads)[k], after = (*pads)[k + axes.size()];
    int64_t total = 0, size = -1;
    if (__builtin_add_overflow(before, after, &total)) return;
    if (x->dims[*d].is_static() && !__builtin_add_overflow(x->dims[*d].value, total, &size) &&
        size >= 0)
      out[*d] = static_dim(size);
    else
      out[*d] = total == 0 ? x->dims[*d] : Dim{};
  }
  set_out(n, 0, out);
}

void depth_space(InferNode& n, bool to_space) {
  const TensorType* x = shaped(n, 0);
  const int64_t b = n.node.attr_int("blocksize", 0);
  if (!x || x->dims.size() != 4 || b <= 0) return;
  if (dim_mul(b, b) < 0) return;
  auto scaled = [](const Dim& d, int64_t mul, int64_t div) {
    const int64_t v = d.is_static() ? dim_mul(d.value, mul) : -1;
    if (v < 0 || v % div != 0) return Dim{};
    return static_dim(v / div);
  };
  if (to_space)
    set_out(n, 0,
            {x->dims[0], scaled(x->dims[1], 1, b * b), scaled(x->dims[2], b, 1),
             scaled(x->dims[3], b, 1)});
  else
    set_out(n, 0,
            {x->dims[0], scaled(x->dims[1], b * b, 1), scaled(x->dims[2], 1, b),
             scaled(x->dims[3], 1, b)});
}

}  // namespace

bool infer_layout_shape(InferNode& n) {
  if (n.node.domain == "ai.onnx.ml" || n.out.empty()) return false;
  const std::string_view op = n.node.op_type;
  if (op == "Reshape")
    reshape(n);
  else if (op == "Flatten")
    flatten(n);
  else if (op == "Squeeze")
    squeeze(n);
  else if (op == "Unsqueeze")
    unsqueeze(n);
  else if (op == "Transpose")
    transpose(n);
  else if (op == "Concat")
    concat(n);
  else if (op == "Split")
    split(n);
  else if (op == "Slice")
    slice(n);
  else if (op == "Expand")
    expand(n);
  else if (op == "Tile")
    tile(n);
  else if (op == "Pad")
    pad(n);
  else if (op == "DepthToSpace")
    depth_space(n, true);
  else if (op == "SpaceToDepth")
    depth_space(n, false);
  else
    return false;
  return true;
}

}  // namespace onnx_lint
