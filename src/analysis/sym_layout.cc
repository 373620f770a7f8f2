// Ops that rearrange a tensor's dims: Reshape (where `x.view(int(x.size(0)),
// 2, 2)` becomes a constant target), Flatten, Transpose, Squeeze, Unsqueeze,
// Expand, Tile, Pad.
#include <algorithm>

#include "analysis/sym_state.h"

namespace onnx_lint {
namespace {

// The product of dims as one dim: constant when they all are, and then a
// literal only when every part is.
SymDim product_dim(SymStep& s, std::span<const SymDim> dims) {
  SymDim out{product(s, dims), Origin::kLiteral};
  for (const SymDim& d : dims)
    if (!(d.e.constant_value() == 1)) out.origin = std::min(out.origin, d.origin);
  if (dims.empty() || !out.e.is_constant())
    out.origin = dims.empty() ? Origin::kFixed : Origin::kNone;
  for (const SymDim& d : dims)
    if (d.origin == Origin::kLiteral && out.node < 0) out.node = d.node;
  return out;
}

void reshape(SymStep& s) {
  const SymTensor* x = s.ranked(0);
  const std::vector<SymDim>* target = s.values(1);
  if (!target) return;
  const bool allowzero = s.node.attr_int("allowzero", 0) != 0;
  std::vector<SymDim> dims;
  int minus_one = -1;
  for (size_t i = 0; i < target->size(); ++i) {
    SymDim d = (*target)[i];
    const auto c = d.e.constant_value();
    if (c == 0 && !allowzero) {
      if (!x || i >= x->dims.size()) return;
      d = x->dims[i];
    } else if (c == -1) {
      if (minus_one >= 0) return;
      minus_one = static_cast<int>(i);
    } else if (c && *c < 0) {
      return;
    } else if (d.origin == Origin::kLiteral) {
      d.node = s.node.index;  // the size became a literal here
    }
    dims.push_back(d);
  }
  SymTensor& t = s.out[0];
  t.ranked = true;
  if (x) {
    const SymExpr count = product(s, x->dims);
    if (minus_one >= 0) {
      std::vector<SymDim> known = dims;
      known.erase(known.begin() + minus_one);
      const SymExpr rest = product(s, known);
      auto q = count.divided_by_term(rest);
      if (!q && rest.constant_value()) q = s.atoms.floor_div(count, *rest.constant_value());
      dims[static_cast<size_t>(minus_one)] = SymDim{q ? *q : s.unknown()};
      const SymDim whole = product_dim(s, x->dims);
      if (dims[static_cast<size_t>(minus_one)].e.is_constant())
        dims[static_cast<size_t>(minus_one)].origin = whole.origin;
    } else {
      SymDim fixed = product_dim(s, dims);
      fixed.node = s.node.index;
      const size_t before = s.constraints.size();
      s.require(ConstraintKind::kElementCount, count, fixed.e, fixed, -1, s.node.input(0));
      if (s.constraints.size() > before)
        for (const SymDim& d : x->dims) s.constraints.back().in_dims.push_back(d.e);
    }
  } else if (minus_one >= 0) {
    dims[static_cast<size_t>(minus_one)] = SymDim{s.unknown()};
  }
  t.dims = std::move(dims);
  if (x && x->has_value) {
    t.has_value = true;
    t.value = x->value;
    t.scalar = t.dims.empty();
    t.floating = x->floating;
  }
}

void flatten(SymStep& s) {
  const SymTensor* x = s.ranked(0);
  if (!x) return;
  const auto axis = sym_axis(s.node.attr_int("axis", 1), x->dims.size() + 1);
  if (!axis) return;
  const std::span<const SymDim> all(x->dims);
  s.out[0].ranked = true;
  s.out[0].dims = {product_dim(s, all.first(*axis)), product_dim(s, all.subspan(*axis))};
}

void transpose(SymStep& s) {
  const SymTensor* x = s.ranked(0);
  if (!x) return;
  std::vector<int64_t> perm;
  if (const Attribute* p = s.node.attr("perm")) perm = p->ints;
  if (perm.empty())
    for (size_t d = x->dims.size(); d-- > 0;) perm.push_back(static_cast<int64_t>(d));
  if (perm.size() != x->dims.size()) return;
  std::vector<SymDim> dims;
  for (int64_t p : perm) {
    auto a = sym_axis(p, x->dims.size());
    if (!a) return;
    dims.push_back(x->dims[*a]);
  }
  s.out[0].ranked = true;
  s.out[0].dims = std::move(dims);
}

void squeeze(SymStep& s) {
  const SymTensor* x = s.input(0);
  const auto axes = s.ints_attr_or_input("axes", 1);
  SymTensor& t = s.out[0];
  if (x && x->has_value && x->value.size() == 1) {  // a size's scalar and its 1-vector
    t.has_value = true;
    t.value = x->value;
    t.scalar = true;
    t.floating = x->floating;
  }
  if (!x || !x->ranked) return;
  std::vector<bool> drop(x->dims.size(), false);
  if (axes) {
    for (int64_t a : *axes)
      if (auto n = sym_axis(a, x->dims.size())) drop[*n] = true;
  } else {
    for (size_t d = 0; d < x->dims.size(); ++d) {
      if (!x->dims[d].e.is_constant()) return;  // a dynamic dim may be 1: rank unknown
      drop[d] = x->dims[d].e.constant_value() == 1;
    }
  }
  t.ranked = true;
  for (size_t d = 0; d < x->dims.size(); ++d)
    if (!drop[d]) t.dims.push_back(x->dims[d]);
}

void unsqueeze(SymStep& s) {
  const SymTensor* x = s.input(0);
  const auto axes = s.ints_attr_or_input("axes", 1);
  SymTensor& t = s.out[0];
  if (x && x->has_value && x->value.size() == 1) {
    t.has_value = true;
    t.value = x->value;
    t.floating = x->floating;
  }
  if (!x || !x->ranked || !axes) return;
  const size_t rank = x->dims.size() + axes->size();
  std::vector<bool> inserted(rank, false);
  for (int64_t a : *axes) {
    auto n = sym_axis(a, rank);
    if (!n) return;
    inserted[*n] = true;
  }
  t.ranked = true;
  size_t next = 0;
  for (size_t d = 0; d < rank; ++d) {
    if (inserted[d]) {
      t.dims.push_back(const_dim(1));
    } else if (next < x->dims.size()) {
      t.dims.push_back(x->dims[next++]);
    }
  }
}

// Expand broadcasts the input to the shape input: a literal there meets the
// input's dynamic dims (`bias.expand(int(x.size(0)), 4)`).
void expand(SymStep& s) {
  const SymTensor* x = s.ranked(0);
  const std::vector<SymDim>* shape = s.values(1);
  if (!x || !shape) return;
  SymTensor target;
  target.ranked = true;
  for (SymDim d : *shape) {
    if (d.origin == Origin::kLiteral) d.node = s.node.index;
    target.dims.push_back(d);
  }
  const SymTensor* both[] = {x, &target};
  std::vector<SymDim> dims;
  if (!broadcast_shapes(s, both, dims)) return;
  s.out[0].ranked = true;
  s.out[0].dims = std::move(dims);
}

void tile(SymStep& s) {
  const SymTensor* x = s.ranked(0);
  const std::vector<SymDim>* repeats = s.values(1);
  if (!x || !repeats || repeats->size() != x->dims.size()) return;
  s.out[0].ranked = true;
  for (size_t d = 0; d < x->dims.size(); ++d) {
    const SymDim& dim = x->dims[d];
    SymDim r = (*repeats)[d];
    if (r.e.constant_value() == 1) {
      s.out[0].dims.push_back(dim);
      continue;
    }
    if (r.origin == Origin::kLiteral) r.node = s.node.index;
    if (dim.e.constant_value() == 1) {  // a size-1 dim becomes the repeat count
      s.out[0].dims.push_back(r);
      continue;
    }
    SymDim out{prod_or_unknown(s, dim.e, r.e), std::min(dim.origin, r.origin), r.node};
    if (!out.e.is_constant()) out.origin = Origin::kNone;
    s.out[0].dims.push_back(out);
  }
}

void pad(SymStep& s) {
  const SymTensor* x = s.ranked(0);
  if (!x) return;
  std::optional<std::vector<int64_t>> pads =
      s.opset >= 11 ? s.ints(1) : s.ints_attr_or_input("pads", 99);
  if (!pads) return;
  std::vector<int64_t> axes;
  if (s.opset >= 18 && !s.node.input(3).empty()) {
    auto a = s.ints(3);
    if (!a) return;
    axes = *a;
  } else {
    for (size_t d = 0; d < x->dims.size(); ++d) axes.push_back(static_cast<int64_t>(d));
  }
  if (pads->size() != 2 * axes.size()) return;
  std::vector<SymDim> dims = x->dims;
  for (size_t i = 0; i < axes.size(); ++i) {
    auto a = sym_axis(axes[i], dims.size());
    if (!a) return;
    const int64_t grow = (*pads)[i] + (*pads)[i + axes.size()];
    if (grow == 0) continue;
    dims[*a].e = sum_or_unknown(s, dims[*a].e, SymExpr::constant(grow));
    if (!dims[*a].e.is_constant()) dims[*a].origin = Origin::kNone;
  }
  s.out[0].ranked = true;
  s.out[0].dims = std::move(dims);
}

}  // namespace

bool sym_layout(SymStep& s) {
  const std::string_view op = s.node.op_type;
  if (op == "Reshape") return reshape(s), true;
  if (op == "Flatten") return flatten(s), true;
  if (op == "Transpose") return transpose(s), true;
  if (op == "Squeeze") return squeeze(s), true;
  if (op == "Unsqueeze") return unsqueeze(s), true;
  if (op == "Expand") return expand(s), true;
  if (op == "Tile") return tile(s), true;
  if (op == "Pad") return pad(s), true;
  return false;
}

}  // namespace onnx_lint
