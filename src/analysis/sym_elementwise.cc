// Elementwise ops: the shape of their input (unary), or the broadcast of
// their inputs, which is where a constant made at the export's size meets a
// dynamic one (`x.mean(1) + torch.arange(len(x))`). Shape arithmetic on
// values (Add, Sub, Mul, Div of sizes; Cast) is carried along.
#include <absl/container/flat_hash_set.h>

#include <algorithm>

#include "analysis/node_inference.h"
#include "analysis/sym_state.h"

namespace onnx_lint {
namespace {

// Ops whose output 0 has input 0's shape besides type inference's list (whose
// every output has it): the normalizations and Dropout.
const absl::flat_hash_set<std::string_view> kOutputZeroSameShape = {
    "BatchNormalization", "Dropout", "LayerNormalization", "LpNormalization", "RMSNormalization",
};

// Values of Cast, Identity, Neg, Floor, Ceil, Abs, Relu: sizes go through them unchanged or
// negated.
void unary_value(SymStep& s) {
  const SymTensor* x = s.input(0);
  if (!x || !x->has_value) return;
  const std::string_view op = s.node.op_type;
  SymTensor& t = s.out[0];
  t.has_value = true;
  t.scalar = x->scalar;
  t.floating = op == "Cast" ? s.node.attr_int("to", 0) == dtype::kFloat ||
                                  s.node.attr_int("to", 0) == dtype::kDouble
                            : x->floating;
  for (const SymDim& d : x->value) {
    if (op == "Neg") {
      t.value.push_back(SymDim{diff_or_unknown(s, SymExpr{}, d.e), d.origin, d.node});
    } else if (op == "Cast" || op == "Identity" || op == "Floor" || op == "Ceil" || op == "Abs" ||
               op == "Relu") {
      t.value.push_back(d);  // sizes are integers and not negative
    } else {
      t.has_value = false;
      t.value.clear();
      return;
    }
  }
}

// Elementwise arithmetic on two values, a scalar side broadcast.
void binary_value(SymStep& s) {
  const SymTensor* a = s.input(0);
  const SymTensor* b = s.input(1);
  const std::string_view op = s.node.op_type;
  if (!a || !b || !a->has_value || !b->has_value) return;
  const size_t n = std::max(a->value.size(), b->value.size());
  if ((a->value.size() != n && a->value.size() != 1) ||
      (b->value.size() != n && b->value.size() != 1))
    return;
  std::vector<SymDim> out;
  for (size_t i = 0; i < n; ++i) {
    const SymDim& x = a->value[a->value.size() == 1 ? 0 : i];
    const SymDim& y = b->value[b->value.size() == 1 ? 0 : i];
    // A size computed from a size the graph declares follows that size: only
    // arithmetic of literals alone is a literal.
    SymDim r{SymExpr{}, std::min(x.origin, y.origin), x.node >= 0 ? x.node : y.node};
    if (op == "Add") {
      r.e = sum_or_unknown(s, x.e, y.e);
    } else if (op == "Sub") {
      r.e = diff_or_unknown(s, x.e, y.e);
    } else if (op == "Mul") {
      r.e = prod_or_unknown(s, x.e, y.e);
    } else if (op == "Equal") {
      // A size is never negative: Equal(size, -1) is how the exporter finds
      // the -1 entries of `expand(b, -1, -1)`.
      const auto u = x.e.constant_value(), w = y.e.constant_value();
      if (u && w) {
        r.e = SymExpr::constant(*u == *w ? 1 : 0);
      } else if ((u && *u < 0) || (w && *w < 0)) {
        r.e = SymExpr::constant(0);
        r.origin = Origin::kFixed;
      } else {
        return;
      }
    } else if (op == "Div") {
      const auto k = y.e.constant_value();
      if (!k || *k <= 0) return;
      // Integer division truncates; float division keeps a fraction that a
      // later Floor or Cast drops: floor either way, for sizes (not negative).
      auto exact = x.e.divided_exactly(*k);
      if (!exact && a->floating) return;  // a fraction: no size until it is rounded
      r.e = exact ? *exact : s.atoms.floor_div(x.e, *k);
    } else {
      return;
    }
    if (!r.e.is_constant()) r.origin = Origin::kNone;
    out.push_back(std::move(r));
  }
  SymTensor& t = s.out[0];
  t.has_value = true;
  t.scalar = a->scalar && b->scalar;
  t.floating = a->floating || b->floating;
  t.value = std::move(out);
}

// Where(cond, a, b) over size vectors: the exporter's `expand(-1, ...)`
// chooses between the input's sizes and the literal ones so.
void where_value(SymStep& s) {
  const auto cond = s.ints(0);
  const std::vector<SymDim>* a = s.values(1);
  const std::vector<SymDim>* b = s.values(2);
  if (!cond || !a || !b) return;
  const size_t n = std::max({cond->size(), a->size(), b->size()});
  auto at = [n](size_t size, size_t i) { return size == n ? i : 0; };
  for (size_t size : {cond->size(), a->size(), b->size()})
    if (size != n && size != 1) return;
  SymTensor& t = s.out[0];
  t.has_value = true;
  for (size_t i = 0; i < n; ++i)
    t.value.push_back((*cond)[at(cond->size(), i)] ? (*a)[at(a->size(), i)]
                                                   : (*b)[at(b->size(), i)]);
  t.floating = s.input(1)->floating;
}

}  // namespace

// The broadcast is input 0's shape when every other input fits in it
// (`x + bias`, `x * scale`): the common case, decided without building a shape.
bool fits_first(const SymStep& s) {
  const SymTensor* x = s.ranked(0);
  if (!x) return false;
  for (size_t i = 1; i < s.in.size(); ++i) {
    if (s.node.input(i).empty()) continue;
    const SymTensor* t = s.in[i];
    if (!t || !t->ranked || t->dims.size() > x->dims.size()) return false;
    const size_t offset = x->dims.size() - t->dims.size();
    for (size_t d = 0; d < t->dims.size(); ++d)
      if (!(t->dims[d].e.constant_value() == 1) && !(t->dims[d].e == x->dims[offset + d].e))
        return false;
  }
  return true;
}

bool sym_elementwise(SymStep& s) {
  const std::string_view op = s.node.op_type;
  if (same_shape_ops().contains(op) || kOutputZeroSameShape.contains(op)) {
    const SymTensor* x = s.input(0);
    if (x && !x->has_value) {
      s.same(0, 0);  // Dropout's mask and training outputs stay unknown
      return true;
    }
    if (x && x->ranked) {
      s.out[0].ranked = true;
      s.out[0].dims = x->dims;
    }
    unary_value(s);
    return true;
  }
  if (!broadcasting_ops().contains(op)) return false;
  const bool values = s.in.size() == 2 && s.input(0) && s.input(0)->has_value;
  if (!values && op != "Where" && fits_first(s)) {
    s.same(0, 0);
    return true;
  }
  std::vector<const SymTensor*> ins;
  for (size_t i = 0; i < s.in.size(); ++i)
    if (!s.node.input(i).empty()) ins.push_back(s.in[i]);
  std::vector<SymDim> dims;
  if (!ins.empty() && broadcast_shapes(s, ins, dims)) {
    s.out[0].ranked = true;
    s.out[0].dims = std::move(dims);
  }
  if (ins.size() == 2) binary_value(s);
  if (op == "Where" && ins.size() == 3) where_value(s);
  return true;
}

}  // namespace onnx_lint
