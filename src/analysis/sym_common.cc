// Helpers every op family of the size analysis shares: constant dims,
// products, broadcasting (which records what it requires), value reads.
#include <algorithm>
#include <set>

#include "analysis/sym_state.h"

namespace onnx_lint {

namespace {

bool is_float_type(int32_t t) {
  return t == dtype::kFloat || t == dtype::kFloat16 || t == dtype::kBfloat16 || t == dtype::kDouble;
}

}  // namespace

// More than two distinct values that are no arithmetic progression: zeros,
// ones, `torch.full`, an arange and a 0/-inf mask are what a trace makes
// from Python numbers; a parameter holds learned values. A tensor too large
// to read is taken for a weight (the milder verdict).
bool learned_values(const Model& m, int index) {
  if (index < 0 || static_cast<size_t>(index) >= m.tensors.size()) return false;
  const TensorData& t = m.tensors[static_cast<size_t>(index)];
  if (!is_float_type(t.elem_type)) return false;
  if (t.num_elements() > (int64_t{1} << 16)) return true;
  const std::optional<TensorValue> v = m.tensor_value(index);
  if (!v) return true;
  const std::vector<double>& f = v->floats;
  if (f.size() < 3) return false;
  std::set<double> distinct(f.begin(), f.end());
  if (distinct.size() <= 2) return false;
  const double step = f[1] - f[0];
  for (size_t i = 2; i < f.size(); ++i)
    if (f[i] - f[i - 1] != step) return true;
  return false;
}

namespace {

// A name the exporter made up for a constant it folded or wrote
// ("onnx::Add_5", "/Constant_output_0", "val_12", "123"), not a parameter's
// state-dict name ("pos_embed", "blocks.0.attn.qkv.weight").
bool made_up_name(std::string_view name) {
  if (name.starts_with("onnx::") || name.starts_with("/") || name.starts_with("val_") ||
      name.starts_with("_val") || name.empty())
    return true;
  return std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Read as the weight of a layer: MatMul's or Gemm's B, a convolution's W, a
// recurrent op's W and R, an embedding table.
bool read_as_weight(const Graph& g, std::string_view name) {
  for (int c : g.consumers(name)) {
    const Node& n = g.nodes[static_cast<size_t>(c)];
    const std::string_view op = n.op_type;
    for (size_t k = 0; k < n.inputs.size(); ++k) {
      if (n.inputs[k] != name) continue;
      if (k == 1 && (op == "MatMul" || op == "Gemm" || op == "Conv" || op == "ConvTranspose"))
        return true;
      if ((k == 1 || k == 2) && (op == "GRU" || op == "LSTM" || op == "RNN")) return true;
      if (k == 0 && op == "Gather") return true;
    }
  }
  return false;
}

}  // namespace

// A constant the exporter folded keeps learned values when it is a slice of a
// parameter at a traced size (`emb(torch.arange(int(T)))` folds to the table's
// first T rows): such a constant is a weight only where a layer reads it as one.
bool weight_tensor(const Model& m, const Graph& g, std::string_view name, int index) {
  if (!learned_values(m, index)) return false;
  return !made_up_name(name) || read_as_weight(g, name);
}

void fill_value(SymTensor& t, const std::optional<TensorValue>& v, int node) {
  if (!v || v->dims.size() > 1 || v->size() > kMaxValueElements) return;
  std::vector<SymDim> elems;
  for (size_t k = 0; k < v->size(); ++k) {
    if (v->floats.empty()) {  // INT64_MAX included: "to the end" in a Slice
      elems.push_back(const_dim(v->ints[k], Origin::kLiteral, node));
      continue;
    }
    // A fraction or a huge float is no size: the value stays unknown.
    const double f = v->floats[k];
    if (!(f > -9e15 && f < 9e15) || f != static_cast<double>(static_cast<int64_t>(f))) return;
    elems.push_back(const_dim(static_cast<int64_t>(f), Origin::kLiteral, node));
  }
  t.has_value = true;
  t.scalar = v->dims.empty();
  t.floating = !v->floats.empty();
  t.value = std::move(elems);
}

SymDim const_dim(int64_t v, Origin origin, int node) {
  return SymDim{SymExpr::constant(v), origin, node, -1};
}

std::optional<std::vector<int64_t>> SymStep::ints(size_t i) const {
  const std::vector<SymDim>* v = values(i);
  if (!v) return std::nullopt;
  std::vector<int64_t> out;
  for (const SymDim& d : *v) {
    auto c = d.e.constant_value();
    if (!c) return std::nullopt;
    out.push_back(*c);
  }
  return out;
}

std::optional<std::vector<int64_t>> SymStep::ints_attr_or_input(std::string_view attr,
                                                                size_t i) const {
  if (const Attribute* a = node.attr(attr)) return a->ints;
  if (node.input(i).empty()) return std::nullopt;
  return ints(i);
}

void SymStep::require(ConstraintKind kind, const SymExpr& lhs, const SymExpr& rhs,
                      const SymDim& fixed, int axis, std::string_view tensor) {
  if (lhs == rhs) return;
  // Only a size the trace or a weight fixed can have frozen anything.
  if (fixed.origin != Origin::kLiteral && fixed.origin != Origin::kWeight) return;
  SizeConstraint c;
  c.kind = kind;
  c.graph = graph.id;
  c.node = node.index;
  c.lhs = lhs;
  c.rhs = rhs;
  c.fixed = fixed;
  c.axis = axis;
  c.tensor = std::string(tensor);
  constraints.push_back(std::move(c));
}

SymExpr sum_or_unknown(SymStep& s, const SymExpr& a, const SymExpr& b) {
  auto r = SymExpr::add(a, b);
  return r ? *r : s.unknown();
}

SymExpr diff_or_unknown(SymStep& s, const SymExpr& a, const SymExpr& b) {
  auto r = SymExpr::sub(a, b);
  return r ? *r : s.unknown();
}

SymExpr prod_or_unknown(SymStep& s, const SymExpr& a, const SymExpr& b) {
  auto r = SymExpr::mul(a, b);
  return r ? *r : s.unknown();
}

SymExpr product(SymStep& s, std::span<const SymDim> dims) {
  SymExpr p = SymExpr::constant(1);
  for (const SymDim& d : dims) p = prod_or_unknown(s, p, d.e);
  return p;
}

std::optional<size_t> sym_axis(int64_t axis, size_t rank) {
  const auto r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r) return std::nullopt;
  return static_cast<size_t>(axis < 0 ? axis + r : axis);
}

const SymDim* fixed_side(const SymDim& a, const SymDim& b) {
  auto fixed = [](const SymDim& d) {
    return d.origin == Origin::kLiteral || d.origin == Origin::kWeight;
  };
  const bool ca = a.e.is_constant(), cb = b.e.is_constant();
  if (ca != cb) return ca ? &a : &b;  // a constant against a size that follows the inputs
  if (ca) return nullptr;             // two constants: broken at every size, or fine at all
  // Two sizes that follow the inputs, one of them cut by a literal (`x[:, :5]`).
  if (fixed(a) != fixed(b)) return fixed(a) ? &a : &b;
  return nullptr;
}

SymDim broadcast_dim(SymStep& s, const SymDim& a, const SymDim& b, std::string_view tensor,
                     int axis) {
  if (a.e == b.e) return a.origin >= b.origin ? a : b;
  const auto ca = a.e.constant_value(), cb = b.e.constant_value();
  if (ca == 1) return b;
  if (cb == 1) return a;
  if (ca && cb) return SymDim{s.unknown()};  // broken at every size: not this analysis' business
  if (const SymDim* fixed = fixed_side(a, b)) {
    const SymDim& free = fixed == &a ? b : a;
    s.require(ConstraintKind::kBroadcast, free.e, fixed->e, *fixed, axis, tensor);
    return *fixed;
  }
  return a;  // two sizes that follow the inputs: the module must make them agree itself
}

bool broadcast_shapes(SymStep& s, std::span<const SymTensor* const> ins, std::vector<SymDim>& out) {
  size_t rank = 0;
  for (const SymTensor* t : ins) {
    if (!t || !t->ranked) return false;
    rank = std::max(rank, t->dims.size());
  }
  out.assign(rank, const_dim(1, Origin::kFixed));
  bool first = true;
  for (const SymTensor* t : ins) {
    const size_t offset = rank - t->dims.size();
    for (size_t d = 0; d < t->dims.size(); ++d)
      out[offset + d] = first ? t->dims[d]
                              : broadcast_dim(s, out[offset + d], t->dims[d], s.node.input(0),
                                              static_cast<int>(offset + d));
    if (first && offset > 0)
      for (size_t d = 0; d < offset; ++d) out[d] = const_dim(1, Origin::kFixed);
    first = false;
  }
  return true;
}

}  // namespace onnx_lint
