// Values of the small integer tensors that shape arithmetic computes: torch
// exports `x.view(x.size(0), -1)` as Shape -> Gather -> Unsqueeze -> Concat
// -> Reshape, and the Reshape's shape is only known if these are folded.
// Integers only (floats would fold in another precision than the runtime's),
// and never more than kMaxFoldedElements.
#include <algorithm>
#include <cmath>

#include "analysis/node_inference.h"

namespace onnx_lint {
namespace {

bool is_integer(int32_t t) {
  return t == dtype::kInt64 || t == dtype::kInt32 || t == dtype::kInt16 || t == dtype::kInt8 ||
         t == dtype::kUint8 || t == dtype::kUint16 || t == dtype::kUint32 || t == dtype::kBool;
}

// As many values as its dims say (a malformed initializer may hold fewer or
// more): every folding below indexes its inputs by their dims.
bool consistent(const TensorValue& v) {
  int64_t count = 1;
  for (int64_t d : v.dims)
    if (d < 0 || __builtin_mul_overflow(count, d, &count)) return false;
  return v.ints.size() == static_cast<uint64_t>(count);
}

const TensorValue* int_value(const InferNode& n, size_t i) {
  const TensorValue* v = n.value(i);
  return v && is_integer(v->elem_type) && v->floats.empty() && consistent(*v) ? v : nullptr;
}

std::optional<TensorValue> make(int32_t type, std::vector<int64_t> dims,
                                std::vector<int64_t> ints) {
  if (ints.size() > kMaxFoldedElements) return std::nullopt;
  TensorValue v;
  v.elem_type = type;
  v.dims = std::move(dims);
  v.ints = std::move(ints);
  return v;
}

std::optional<TensorValue> shape_of(const InferNode& n) {
  const TensorType* x = n.input(0);
  if (!x || !x->has_shape) return std::nullopt;
  const int64_t rank = static_cast<int64_t>(x->dims.size());
  int64_t start = n.node.attr_int("start", 0), end = n.node.attr_int("end", rank);
  if (start < 0) start += rank;
  if (end < 0) end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, 0, rank);
  std::vector<int64_t> dims;
  for (int64_t d = start; d < end; ++d) {
    if (!x->dims[d].is_static()) return std::nullopt;
    dims.push_back(x->dims[d].value);
  }
  return make(dtype::kInt64, {static_cast<int64_t>(dims.size())}, dims);
}

std::optional<TensorValue> gather(const InferNode& n) {
  const TensorValue* data = int_value(n, 0);
  const TensorValue* idx = int_value(n, 1);
  if (!data || !idx || data->dims.size() != 1 || idx->dims.size() > 1) return std::nullopt;
  if (n.node.attr_int("axis", 0) != 0 && n.node.attr_int("axis", 0) != -1) return std::nullopt;
  const int64_t size = static_cast<int64_t>(data->ints.size());
  std::vector<int64_t> out;
  for (int64_t i : idx->ints) {
    if (i < -size || i >= size) return std::nullopt;
    out.push_back(data->ints[i < 0 ? i + size : i]);
  }
  return make(data->elem_type, idx->dims, out);
}

// Concat along any axis: for each index before the axis, each input's block in turn.
std::optional<TensorValue> concat(const InferNode& n) {
  std::vector<const TensorValue*> ins;
  for (size_t i = 0; i < n.node.inputs.size(); ++i) {
    const TensorValue* v = int_value(n, i);
    if (!v || v->dims.empty() || (!ins.empty() && v->dims.size() != ins[0]->dims.size()))
      return std::nullopt;
    ins.push_back(v);
  }
  if (ins.empty()) return std::nullopt;
  const size_t rank = ins[0]->dims.size();
  const auto axis = normalize_axis(n.node.attr_int("axis", 0), rank);
  if (!axis) return std::nullopt;
  std::vector<int64_t> dims = ins[0]->dims;
  dims[*axis] = 0;
  for (const TensorValue* v : ins) {
    int64_t elements = 1;
    for (size_t k = 0; k < rank; ++k) {
      if (k != *axis && v->dims[k] != ins[0]->dims[k]) return std::nullopt;
      if (v->dims[k] < 0 || v->dims[k] > static_cast<int64_t>(kMaxFoldedElements))
        return std::nullopt;
      elements *= v->dims[k];
      if (elements > static_cast<int64_t>(kMaxFoldedElements)) return std::nullopt;
    }
    if (elements != static_cast<int64_t>(v->ints.size())) return std::nullopt;
    dims[*axis] += v->dims[*axis];
  }
  int64_t outer = 1, inner = 1;
  for (size_t k = 0; k < *axis; ++k) outer *= dims[k];
  for (size_t k = *axis + 1; k < rank; ++k) inner *= dims[k];
  std::vector<int64_t> out;
  for (int64_t o = 0; o < outer; ++o)
    for (const TensorValue* v : ins) {
      const int64_t block = v->dims[*axis] * inner;
      out.insert(out.end(), v->ints.begin() + o * block, v->ints.begin() + (o + 1) * block);
      if (out.size() > kMaxFoldedElements) return std::nullopt;
    }
  return make(ins[0]->elem_type, dims, out);
}

// Same values, the shape inference found (Unsqueeze, Squeeze, Reshape, Identity).
std::optional<TensorValue> reshaped(const InferNode& n) {
  const TensorValue* v = int_value(n, 0);
  if (!v || n.out.empty() || !n.out[0].has_shape) return std::nullopt;
  std::vector<int64_t> dims;
  for (const Dim& d : n.out[0].dims) {
    if (!d.is_static()) return std::nullopt;
    dims.push_back(d.value);
  }
  return make(v->elem_type, dims, v->ints);
}

std::optional<TensorValue> slice(const InferNode& n) {
  const TensorValue* v = int_value(n, 0);
  if (!v || v->dims.size() != 1 || n.opset < 10) return std::nullopt;
  const auto starts = n.ints(1), ends = n.ints(2);
  if (!starts || !ends || starts->size() != 1 || ends->size() != 1) return std::nullopt;
  if (n.has_input(3)) {
    const auto axes = n.ints(3);
    if (!axes || axes->size() != 1 || ((*axes)[0] != 0 && (*axes)[0] != -1)) return std::nullopt;
  }
  int64_t step = 1;
  if (n.has_input(4)) {
    const auto steps = n.ints(4);
    if (!steps || steps->size() != 1 || (*steps)[0] != 1) return std::nullopt;
    step = (*steps)[0];
  }
  const int64_t size = static_cast<int64_t>(v->ints.size());
  int64_t s = std::clamp<int64_t>((*starts)[0], -size, size),
          e = std::clamp<int64_t>((*ends)[0], -size, size);
  if (s < 0) s += size;
  if (e < 0) e += size;
  std::vector<int64_t> out;
  for (int64_t i = s; i < e; i += step) out.push_back(v->ints[i]);
  return make(v->elem_type, {static_cast<int64_t>(out.size())}, out);
}

bool broadcast_dims(const std::vector<const TensorValue*>& ins, std::vector<int64_t>* dims);
int64_t element_at(const TensorValue& v, const std::vector<int64_t>& dims, int64_t flat);

// Integer Add/Sub/Mul/Div, broadcast as NumPy does (torch's `arange(n).view(-1, 1) + offsets`
// in a slice assignment's indices); nullopt on overflow or x/0.
std::optional<TensorValue> arithmetic(const InferNode& n) {
  const TensorValue* a = int_value(n, 0);
  const TensorValue* b = int_value(n, 1);
  if (!a || !b || a->elem_type != dtype::kInt64 || b->elem_type != dtype::kInt64)
    return std::nullopt;
  std::vector<int64_t> dims;
  if (!broadcast_dims({a, b}, &dims)) return std::nullopt;
  int64_t count = 1;
  for (int64_t d : dims) count *= d;
  std::vector<int64_t> out;
  const std::string_view op = n.node.op_type;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t x = element_at(*a, dims, i), y = element_at(*b, dims, i);
    int64_t r = 0;
    bool bad = false;
    if (op == "Add")
      bad = __builtin_add_overflow(x, y, &r);
    else if (op == "Sub")
      bad = __builtin_sub_overflow(x, y, &r);
    else if (op == "Mul")
      bad = __builtin_mul_overflow(x, y, &r);
    else if (y == 0 || (x == INT64_MIN && y == -1))
      bad = true;
    else
      r = x / y;
    if (bad) return std::nullopt;
    out.push_back(r);
  }
  return make(dtype::kInt64, dims, out);
}

std::optional<TensorValue> cast(const InferNode& n) {
  const TensorValue* v = int_value(n, 0);
  const int64_t to = n.node.attr_int("to", 0);
  if (!v || (to != dtype::kInt64 && to != dtype::kInt32)) return std::nullopt;
  for (int64_t x : v->ints)
    if (to == dtype::kInt32 && (x < INT32_MIN || x > INT32_MAX)) return std::nullopt;
  return make(static_cast<int32_t>(to), v->dims, v->ints);
}

// ConstantOfShape of a known shape with an integer value (torch's
// `torch.ones(n, dtype=torch.long)` in shape arithmetic, and the Expand
// shapes of `x.expand_as`).
std::optional<TensorValue> constant_of_shape(const InferNode& n) {
  const TensorValue* shape = int_value(n, 0);
  if (!shape || shape->dims.size() != 1) return std::nullopt;
  int64_t count = 1;
  for (int64_t d : shape->ints) {
    if (d < 0 || (d > 0 && count > static_cast<int64_t>(kMaxFoldedElements) / d))
      return std::nullopt;
    count *= d;
  }
  int32_t type = dtype::kFloat;
  int64_t fill = 0;
  if (const Attribute* v = n.node.attr("value"); v && v->tensor >= 0) {
    auto value = n.model.tensor_value(v->tensor);
    if (!value || value->ints.size() != 1) return std::nullopt;
    type = value->elem_type;
    fill = value->ints[0];
  }
  if (!is_integer(type)) return std::nullopt;
  return make(type, shape->ints, std::vector<int64_t>(static_cast<size_t>(count), fill));
}

// Range of integer scalars: torch's `torch.arange(x.size(0))`, which a slice
// assignment over a dynamic batch (`x[:, a:b] = y`) exports into its indices.
std::optional<TensorValue> range(const InferNode& n) {
  const TensorValue* start = int_value(n, 0);
  const TensorValue* limit = int_value(n, 1);
  const TensorValue* delta = int_value(n, 2);
  if (!start || !limit || !delta || start->ints.size() != 1 || limit->ints.size() != 1 ||
      delta->ints.size() != 1 || delta->ints[0] == 0)
    return std::nullopt;
  const int64_t from = start->ints[0], to = limit->ints[0], step = delta->ints[0];
  const double steps =
      std::ceil((static_cast<double>(to) - static_cast<double>(from)) / static_cast<double>(step));
  if (!(steps <= static_cast<double>(kMaxFoldedElements))) return std::nullopt;
  std::vector<int64_t> values;
  for (int64_t i = 0; i < static_cast<int64_t>(steps); ++i) values.push_back(from + i * step);
  const auto count = static_cast<int64_t>(values.size());
  return make(start->elem_type, {count}, std::move(values));
}

// NumPy broadcasting of small integer tensors: the output dims and, for each
// output element, the element of each input it reads.
bool broadcast_dims(const std::vector<const TensorValue*>& ins, std::vector<int64_t>* dims) {
  size_t rank = 0;
  for (const TensorValue* v : ins) rank = std::max(rank, v->dims.size());
  dims->assign(rank, 1);
  for (const TensorValue* v : ins)
    for (size_t k = 0; k < v->dims.size(); ++k) {
      int64_t& d = (*dims)[rank - v->dims.size() + k];
      const int64_t e = v->dims[k];
      if (e == d || e == 1) continue;
      if (d != 1) return false;
      d = e;
    }
  int64_t count = 1;
  for (int64_t d : *dims) {
    if (d < 0 || (d > 0 && count > static_cast<int64_t>(kMaxFoldedElements) / d)) return false;
    count *= d;
  }
  return true;
}

int64_t element_at(const TensorValue& v, const std::vector<int64_t>& dims, int64_t flat) {
  // Walk the output index from the last dim, mapping it onto v's (broadcast) dims.
  int64_t offset = 0, stride = 1;
  for (size_t k = dims.size(); k-- > 0;) {
    const int64_t i = flat % dims[k];
    flat /= dims[k];
    const size_t vk = k + v.dims.size();
    if (vk < dims.size()) continue;  // v has no such dim
    const int64_t vd = v.dims[vk - dims.size()];
    offset += (vd == 1 ? 0 : i) * stride;
    stride *= vd;
  }
  return v.ints[static_cast<size_t>(offset)];
}

std::optional<TensorValue> broadcast_op(const InferNode& n) {
  std::vector<const TensorValue*> ins;
  const std::string_view op = n.node.op_type;
  const size_t count = op == "Where" ? 3 : op == "Expand" ? 1 : 2;
  for (size_t i = 0; i < count; ++i) {
    const TensorValue* v = int_value(n, i);
    if (!v) return std::nullopt;
    int64_t elements = 1;
    for (int64_t d : v->dims) {
      if (d < 0 || d > static_cast<int64_t>(kMaxFoldedElements)) return std::nullopt;
      elements *= d;
      if (elements > static_cast<int64_t>(kMaxFoldedElements)) return std::nullopt;
    }
    if (elements != static_cast<int64_t>(v->ints.size())) return std::nullopt;
    ins.push_back(v);
  }
  TensorValue shape_ones;
  if (op == "Expand") {
    const TensorValue* shape = int_value(n, 1);
    if (!shape || shape->dims.size() != 1) return std::nullopt;
    shape_ones.dims = shape->ints;
    for (int64_t d : shape->ints)
      if (d < 0) return std::nullopt;
    ins.push_back(&shape_ones);  // only its dims take part
  }
  std::vector<int64_t> dims;
  if (!broadcast_dims(ins, &dims)) return std::nullopt;
  int64_t total = 1;
  for (int64_t d : dims) total *= d;
  std::vector<int64_t> out;
  for (int64_t f = 0; f < total; ++f) {
    if (op == "Equal")
      out.push_back(element_at(*ins[0], dims, f) == element_at(*ins[1], dims, f));
    else if (op == "Where")
      out.push_back(element_at(*ins[0], dims, f) ? element_at(*ins[1], dims, f)
                                                 : element_at(*ins[2], dims, f));
    else
      out.push_back(element_at(*ins[0], dims, f));  // Expand
  }
  const int32_t type = op == "Equal"   ? dtype::kBool
                       : op == "Where" ? ins[1]->elem_type
                                       : ins[0]->elem_type;
  return make(type, dims, out);
}

}  // namespace

void fold_values(InferNode& n) {
  if (!n.node.in_onnx_domain() || n.out.empty()) return;
  const std::string_view op = n.node.op_type;
  std::optional<TensorValue> v;
  if (op == "Shape")
    v = shape_of(n);
  else if (op == "Gather")
    v = gather(n);
  else if (op == "Concat")
    v = concat(n);
  else if (op == "Unsqueeze" || op == "Squeeze" || op == "Reshape" || op == "Identity")
    v = reshaped(n);
  else if (op == "Slice")
    v = slice(n);
  else if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div")
    v = arithmetic(n);
  else if (op == "Cast")
    v = cast(n);
  else if (op == "ConstantOfShape")
    v = constant_of_shape(n);
  else if (op == "Range")
    v = range(n);
  else if (op == "Equal" || op == "Where" || op == "Expand")
    v = broadcast_op(n);
  if (v) n.out_val[0] = std::move(v);
}

}  // namespace onnx_lint
