// Where sizes and size values are born: constants (the numbers a trace wrote
// down), Shape and Size (sizes read from a tensor, which follow it),
// ConstantOfShape and Range (tensors made to a size), and the ops whose
// output size the data decides (each a new unknown).
#include <fmt/format.h>

#include "analysis/sym_state.h"

namespace onnx_lint {
namespace {

void constant(SymStep& s) {
  if (s.out.empty()) return;
  SymTensor& t = s.out[0];
  int tensor = -1;
  for (const Attribute& a : s.node.attributes)
    if (a.tensor >= 0) tensor = a.tensor;
  const std::optional<TensorValue> v = s.model.constant(s.graph, s.node.outputs[0]);
  const bool weight = tensor >= 0 && weight_tensor(s.model, s.graph, s.node.outputs[0], tensor);
  t.ranked = v.has_value();
  if (v)
    for (int64_t d : v->dims) {
      SymDim dim = const_dim(d, weight ? Origin::kWeight : Origin::kLiteral, s.node.index);
      if (weight) dim.tensor = tensor;
      t.dims.push_back(dim);
    }
  fill_value(t, v, s.node.index);
}

void shape(SymStep& s) {
  const SymTensor* x = s.ranked(0);
  SymTensor& t = s.out[0];
  t.ranked = true;
  if (!x) {
    t.dims = {SymDim{s.unknown()}};
    return;
  }
  const auto rank = static_cast<int64_t>(x->dims.size());
  int64_t start = s.node.attr_int("start", 0), end = s.node.attr_int("end", rank);
  if (start < 0) start += rank;
  if (end < 0) end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, start, rank);
  t.dims = {const_dim(end - start, Origin::kFixed)};
  t.has_value = true;
  for (int64_t d = start; d < end; ++d) t.value.push_back(x->dims[static_cast<size_t>(d)]);
}

void size(SymStep& s) {
  SymTensor& t = s.out[0];
  t.ranked = true;
  t.has_value = true;
  t.scalar = true;
  const SymTensor* x = s.ranked(0);
  t.value = {x ? SymDim{product(s, x->dims)} : SymDim{s.unknown()}};
  if (x && t.value[0].e.is_constant()) t.value[0].origin = Origin::kFixed;
}

// A tensor made to the size its shape input holds: a literal there is a
// literal size of the tensor.
void constant_of_shape(SymStep& s) {
  const std::vector<SymDim>* v = s.values(0);
  if (!v) return;
  SymTensor& t = s.out[0];
  t.ranked = true;
  t.dims = *v;
  // The fill of a small 1-D tensor, as a value (`expand(-1, ...)` builds its shape so).
  const auto n = v->size() == 1 ? (*v)[0].e.constant_value() : std::nullopt;
  if (!n || *n < 0 || *n > static_cast<int64_t>(kMaxValueElements)) return;
  std::optional<TensorValue> fill;
  for (const Attribute& a : s.node.attributes)
    if (a.name == "value" && a.tensor >= 0) fill = s.model.tensor_value(a.tensor);
  if (fill && fill->size() != 1) return;
  const double f = !fill                  ? 0.0
                   : fill->floats.empty() ? static_cast<double>(fill->ints[0])
                                          : fill->floats[0];
  // The range first: a cast of 1e300 or NaN to an integer is undefined.
  if (!(f > -9e15 && f < 9e15) || f != static_cast<double>(static_cast<int64_t>(f))) return;
  t.has_value = true;
  t.floating = fill && !fill->floats.empty();
  t.value.assign(static_cast<size_t>(*n),
                 const_dim(static_cast<int64_t>(f), Origin::kLiteral, s.node.index));
}

// Range(start, limit, delta): ceil((limit - start) / delta) elements.
void range(SymStep& s) {
  const std::vector<SymDim>* start = s.values(0);
  const std::vector<SymDim>* limit = s.values(1);
  const auto delta = s.ints(2);
  SymTensor& t = s.out[0];
  t.ranked = true;
  if (!start || !limit || !delta || start->size() != 1 || limit->size() != 1 ||
      delta->size() != 1 || (*delta)[0] <= 0) {
    t.dims = {SymDim{s.unknown()}};
    return;
  }
  SymDim n{s.atoms.ceil_div(diff_or_unknown(s, (*limit)[0].e, (*start)[0].e), (*delta)[0])};
  n.origin = stronger((*limit)[0].origin, (*start)[0].origin);
  n.node = (*limit)[0].node;
  t.dims = {n};
  // arange(n) of a shape-derived n is 0..n-1: its values are no sizes.
}

// An output size the data decides: a new unknown, named by the op.
SymExpr count(SymStep& s, std::string_view what) {
  return SymExpr::atom(s.atoms.count(s.graph.id, s.node.index,
                                     fmt::format("count({} '{}')", what, s.node.display_name())));
}

void data_sized(SymStep& s) {
  const std::string_view op = s.node.op_type;
  const SymTensor* x = s.ranked(0);
  if (op == "NonZero") {
    s.out[0].ranked = true;
    s.out[0].dims = {x ? const_dim(static_cast<int64_t>(x->dims.size())) : SymDim{s.unknown()},
                     SymDim{count(s, "NonZero")}};
  } else if (op == "NonMaxSuppression") {
    s.out[0].ranked = true;
    s.out[0].dims = {SymDim{count(s, "NonMaxSuppression")}, const_dim(3)};
  } else if (op == "Compress" && x) {
    const Attribute* axis = s.node.attr("axis");
    SymTensor& t = s.out[0];
    t.ranked = true;
    if (!axis) {
      t.dims = {SymDim{count(s, "Compress")}};
    } else if (auto a = sym_axis(axis->i, x->dims.size())) {
      t.dims = x->dims;
      t.dims[*a] = SymDim{count(s, "Compress")};
    } else {
      t.ranked = false;
    }
  } else if (op == "Unique") {
    const SymExpr n = count(s, "Unique");
    const Attribute* axis = s.node.attr("axis");
    for (size_t k = 0; k < s.out.size(); ++k) {
      SymTensor& t = s.out[k];
      t.ranked = true;
      if (k == 0 && axis && x) {
        auto a = sym_axis(axis->i, x->dims.size());
        if (!a) continue;
        t.dims = x->dims;
        t.dims[*a] = SymDim{n};
      } else if (k == 2 && x &&
                 !x->dims.empty()) {  // inverse_indices: one per input element (or row)
        t.dims = {axis ? x->dims[sym_axis(axis->i, x->dims.size()).value_or(0)]
                       : SymDim{product(s, x->dims)}};
      } else {
        t.dims = {SymDim{n}};
      }
    }
  }
}

}  // namespace

bool sym_values(SymStep& s) {
  const std::string_view op = s.node.op_type;
  if (s.out.empty()) return false;
  if (op == "Constant") return constant(s), true;
  if (op == "Shape") return shape(s), true;
  if (op == "Size") return size(s), true;
  if (op == "ConstantOfShape") return constant_of_shape(s), true;
  if (op == "Range") return range(s), true;
  if (op == "NonZero" || op == "NonMaxSuppression" || op == "Compress" || op == "Unique")
    return data_sized(s), true;
  return false;
}

}  // namespace onnx_lint
