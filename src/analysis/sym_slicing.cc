// Ops that cut and join along an axis: Concat (its other dims must match:
// `torch.cat([x, torch.zeros(int(x.size(0)), 1)], 1)`), Split (its parts must
// add up: `for row in x` unbinds into a fixed number of rows), Slice.
#include <algorithm>
#include <limits>

#include "analysis/sym_state.h"

namespace onnx_lint {
namespace {

// Two sizes that must be equal; the one the trace or a weight fixed wins,
// as it does at the only sizes where the node runs.
SymDim equal_dim(SymStep& s, ConstraintKind kind, const SymDim& a, const SymDim& b, int axis,
                 std::string_view tensor) {
  if (a.e == b.e) return a.origin >= b.origin ? a : b;
  const SymDim* fixed = fixed_side(a, b);
  if (!fixed) return a;
  s.require(kind, (fixed == &a ? b : a).e, fixed->e, *fixed, axis, tensor);
  return *fixed;
}

void concat(SymStep& s) {
  std::vector<const SymTensor*> ins;
  for (size_t i = 0; i < s.in.size(); ++i)
    if (!s.node.input(i).empty()) ins.push_back(s.in[i]);
  bool all_values = !ins.empty();
  for (const SymTensor* t : ins) all_values = all_values && t && t->has_value;
  SymTensor& out = s.out[0];
  if (all_values) {
    out.has_value = true;
    for (const SymTensor* t : ins) {
      out.value.insert(out.value.end(), t->value.begin(), t->value.end());
      out.floating = out.floating || t->floating;
    }
    if (out.value.size() > kMaxValueElements) out.has_value = false, out.value.clear();
  }
  for (const SymTensor* t : ins)
    if (!t || !t->ranked || t->dims.size() != ins[0]->dims.size()) return;
  const auto axis = sym_axis(s.node.attr_int("axis", 0), ins[0]->dims.size());
  if (!axis) return;
  std::vector<SymDim> dims = ins[0]->dims;
  for (size_t i = 1; i < ins.size(); ++i) {
    for (size_t d = 0; d < dims.size(); ++d) {
      const SymDim& other = ins[i]->dims[d];
      if (d != *axis) {
        dims[d] = equal_dim(s, ConstraintKind::kEqual, dims[d], other, static_cast<int>(d),
                            s.node.input(i));
        continue;
      }
      SymDim sum{sum_or_unknown(s, dims[d].e, other.e), stronger(dims[d].origin, other.origin)};
      sum.node = other.origin == Origin::kLiteral ? other.node : dims[d].node;
      if (!sum.e.is_constant()) sum.origin = Origin::kNone;
      dims[d] = sum;
    }
  }
  out.ranked = true;
  out.dims = std::move(dims);
}

void split(SymStep& s) {
  const SymTensor* x = s.ranked(0);
  if (!x) return;
  const auto axis = sym_axis(s.node.attr_int("axis", 0), x->dims.size());
  if (!axis) return;
  std::optional<std::vector<int64_t>> sizes =
      s.opset >= 13 ? (s.node.input(1).empty() ? std::nullopt : s.ints(1))
                    : s.ints_attr_or_input("split", 99);
  const SymDim& whole = x->dims[*axis];
  std::vector<SymDim> parts;
  if (sizes && sizes->size() == s.out.size()) {
    int64_t total = 0;
    for (int64_t n : *sizes) {
      if (n < 0 || __builtin_add_overflow(total, n, &total)) return;
      parts.push_back(const_dim(n, Origin::kLiteral, s.node.index));
    }
    s.require(ConstraintKind::kSplitSum, whole.e, SymExpr::constant(total),
              const_dim(total, Origin::kLiteral, s.node.index), static_cast<int>(*axis),
              s.node.input(0));
  } else if (!sizes && !s.out.empty()) {
    const auto n = static_cast<int64_t>(s.out.size());
    for (int64_t k = 0; k < n; ++k) parts.push_back(SymDim{s.atoms.ceil_div(whole.e, n)});
  } else {
    return;
  }
  for (size_t k = 0; k < s.out.size(); ++k) {
    s.out[k].ranked = true;
    s.out[k].dims = x->dims;
    s.out[k].dims[*axis] = parts[k];
  }
}

constexpr int64_t kHuge = int64_t{1} << 31;  // "to the end", as exporters write it

// start or end of a slice clamped into [0, d], for a positive step.
SymExpr clamp_bound(SymStep& s, const SymExpr& bound, const SymExpr& d) {
  const auto c = bound.constant_value();
  if (!c) return s.atoms.min(d, bound);  // a size read from the graph: not negative
  if (*c >= kHuge) return d;
  if (*c == 0) return SymExpr{};
  if (*c > 0) return s.atoms.min(d, bound);
  return s.atoms.max(SymExpr{}, sum_or_unknown(s, d, bound));
}

// One axis of a Slice: the length it keeps, and whether a literal bound decides it.
SymDim slice_axis(SymStep& s, const SymDim& d, const SymDim& start, const SymDim& end,
                  int64_t step) {
  if (step == -1) {  // x.flip(): the whole axis, from the end
    const auto st = start.e.constant_value(), en = end.e.constant_value();
    if (st && en && (*st == -1 || *st >= kHuge) && *en <= -kHuge) return d;
    return SymDim{s.unknown()};
  }
  if (step <= 0) return SymDim{s.unknown()};
  const SymExpr lo = clamp_bound(s, start.e, d.e);
  const SymExpr hi = clamp_bound(s, end.e, d.e);
  SymExpr len = s.atoms.max(SymExpr{}, diff_or_unknown(s, hi, lo));
  if (step > 1) len = s.atoms.ceil_div(len, step);
  SymDim out{len};
  if (!len.is_constant()) {
    // A literal end that can cut the axis (`x[:, :5]`): the length no longer
    // follows the dim (a start, `x[:, 2:]`, keeps it relative to the dim).
    const auto c = end.e.constant_value();
    if (end.origin == Origin::kLiteral && c && *c > 0 && *c < kHuge)
      out.origin = Origin::kLiteral, out.node = s.node.index;
    return out;
  }
  // A constant length: a literal bound cut it, or the dim was constant already.
  out.origin = d.e.is_constant() ? d.origin : stronger(start.origin, end.origin);
  out.node = end.origin == Origin::kLiteral ? s.node.index : d.node;
  out.tensor = d.tensor;
  if (d.e.is_constant() && (start.origin == Origin::kLiteral || end.origin == Origin::kLiteral) &&
      !(len == d.e))
    out.origin = stronger(d.origin, Origin::kLiteral), out.node = s.node.index;
  return out;
}

std::vector<SymDim> params(SymStep& s, std::string_view attr, size_t input) {
  if (s.opset < 10) {
    std::vector<SymDim> out;
    if (const Attribute* a = s.node.attr(attr))
      for (int64_t v : a->ints) out.push_back(const_dim(v, Origin::kLiteral, s.node.index));
    return out;
  }
  if (const std::vector<SymDim>* v = s.values(input)) return *v;
  return {};
}

void slice(SymStep& s) {
  const SymTensor* x = s.input(0);
  if (!x) return;
  const std::vector<SymDim> starts = params(s, "starts", 1), ends = params(s, "ends", 2);
  std::vector<SymDim> axes = params(s, "axes", 3), steps = params(s, "steps", 4);
  if (starts.empty() || starts.size() != ends.size()) return;
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(const_dim(static_cast<int64_t>(i)));
  if (steps.empty()) steps.assign(starts.size(), const_dim(1));
  if (axes.size() != starts.size() || steps.size() != starts.size()) return;
  if (x->has_value && starts.size() == 1) {  // a slice of a size vector
    const auto st = starts[0].e.constant_value(), en = ends[0].e.constant_value();
    const auto n = static_cast<int64_t>(x->value.size());
    if (st && en && steps[0].e.constant_value() == 1) {
      const int64_t b = std::clamp(*st < 0 ? *st + n : *st, int64_t{0}, n);
      const int64_t e = std::clamp(*en < 0 ? *en + n : *en, b, n);
      s.out[0].has_value = true;
      s.out[0].value.assign(x->value.begin() + b, x->value.begin() + e);
    }
  }
  if (!x->ranked) return;
  std::vector<SymDim> dims = x->dims;
  for (size_t i = 0; i < starts.size(); ++i) {
    const auto a = axes[i].e.constant_value();
    const auto step = steps[i].e.constant_value();
    const auto n = a ? sym_axis(*a, dims.size()) : std::nullopt;
    if (!n || !step) return;
    dims[*n] = slice_axis(s, dims[*n], starts[i], ends[i], *step);
  }
  s.out[0].ranked = true;
  s.out[0].dims = std::move(dims);
}

}  // namespace

bool sym_slicing(SymStep& s) {
  const std::string_view op = s.node.op_type;
  if (s.out.empty()) return false;
  if (op == "Concat") return concat(s), true;
  if (op == "Split") return split(s), true;
  if (op == "Slice") return slice(s), true;
  return false;
}

}  // namespace onnx_lint
