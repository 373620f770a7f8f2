#include "onnx_lint/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "graph/tensor_value.h"

namespace onnx_lint {

std::string dtype::name(int32_t type) {
  static constexpr std::string_view kNames[] = {
      "undefined", "float32", "uint8", "int8", "uint16", "int16", "int32", "int64", "string",
      "bool", "float16", "float64", "uint32", "uint64", "complex64", "complex128", "bfloat16",
      // IR 9-12 (opsets 19-24): 8-bit, 4-bit floats and 4-bit integers
      "float8e4m3fn", "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz", "uint4", "int4",
      "float4e2m1", "float8e8m0",
      // IR 13-14 (opsets 25-28): 2-bit integers and 6-bit floats
      "uint2", "int2", "float6e2m3", "float6e3m2"};
  if (type >= 0 && type < static_cast<int32_t>(std::size(kNames))) return std::string(kNames[type]);
  return fmt::format("dtype({})", type);
}

int64_t TensorData::num_elements() const {
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0) return -1;
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d) return -1;  // overflow: not real
    n *= d;
  }
  return n;
}

std::optional<std::vector<int64_t>> Graph::static_dims(std::string_view tensor) const {
  const TensorType* t = type_of(tensor);
  if (!t || !t->has_shape) return std::nullopt;
  std::vector<int64_t> dims;
  for (const Dim& d : t->dims) {
    if (!d.is_static()) return std::nullopt;
    dims.push_back(d.value);
  }
  return dims;
}

// ---- Node -------------------------------------------------------------------

const Attribute* Node::attr(std::string_view attr_name) const {
  for (const auto& a : attributes)
    if (a.name == attr_name) return &a;
  return nullptr;
}

int64_t Node::attr_int(std::string_view attr_name, int64_t fallback) const {
  const Attribute* a = attr(attr_name);
  return a && a->type == AttrType::kInt ? a->i : fallback;
}

std::string Node::attr_string(std::string_view attr_name, std::string fallback) const {
  const Attribute* a = attr(attr_name);
  return a && a->type == AttrType::kString ? a->s : fallback;
}

std::string_view Node::input(size_t i) const {
  // Not a ?: with "": its common type is std::string, a temporary the view would outlive.
  if (i < inputs.size()) return inputs[i];
  return {};
}

std::string_view Node::meta(std::string_view key) const {
  if (!notes) return "";
  for (const auto& [k, v] : notes->metadata)
    if (k == key) return v;
  return "";
}

std::string Node::display_name() const {
  return name.empty() ? fmt::format("#{}", index) : std::string(name);
}

// ---- Graph ------------------------------------------------------------------

void Graph::index() {
  input_index.clear();
  for (size_t i = 0; i < inputs.size(); ++i)
    input_index.try_emplace(inputs[i], static_cast<int>(i));
  // The loader numbered the nodes' tensors as it built them; the graph's own
  // names are numbered here (most are a node's already).
  auto number = [&](std::string_view name) {
    if (name.empty()) return kNoTensor;
    return tensors.add(name);
  };
  for (const std::string& in : inputs) number(in);
  for (const std::string& out : outputs) number(out);
  for (const auto& [name, index] : initializers) number(name);
  for (const auto& [name, type] : declared_types) number(name);

  const size_t count = tensors.size();
  types.assign(count, TensorType{});
  typed.assign(count, 0);
  for (auto& [name, type] : declared_types) {
    if (name.empty()) continue;  // "" names no tensor (an omitted optional input)
    const auto id = static_cast<size_t>(tensors.find(name));
    types[id] = std::move(type);
    typed[id] = 1;
  }
  NameMap<TensorType>().swap(declared_types);

  // Each tensor's producer, and its readers in one flat array, in node order.
  // The first producer wins: a malformed graph with duplicates still has one
  // answer, and the checker reports the duplicate.
  links.assign(count, TensorLinks{});
  for (const Node& n : nodes) {
    for (size_t k = 0; k < n.outputs.size(); ++k)
      if (TensorId id = output_id(n, k); id >= 0 && links[id].producer < 0)
        links[id].producer = n.index;
    for (size_t k = 0; k < n.inputs.size(); ++k)
      if (TensorId id = input_id(n, k); id >= 0) ++links[id].readers_end;  // placed below
  }
  int offset = 0;
  for (TensorLinks& l : links) {
    const int readers = l.readers_end;
    l.readers_begin = l.readers_end = offset;
    offset += readers;
  }
  consumer_list.resize(static_cast<size_t>(offset));
  for (const Node& n : nodes)
    for (size_t k = 0; k < n.inputs.size(); ++k)
      // A node that reads a tensor twice is listed once per read.
      if (TensorId id = input_id(n, k); id >= 0)
        consumer_list[static_cast<size_t>(links[id].readers_end++)] = n.index;
}

TensorId Graph::id_of(std::string_view tensor) const { return tensors.find(tensor); }

const Node* Graph::producer(TensorId id) const {
  if (id < 0 || static_cast<size_t>(id) >= links.size()) return nullptr;
  const int p = links[static_cast<size_t>(id)].producer;
  return p < 0 ? nullptr : &nodes[static_cast<size_t>(p)];
}

std::span<const int> Graph::consumers(TensorId id) const {
  if (id < 0 || static_cast<size_t>(id) >= links.size()) return {};
  const TensorLinks& l = links[static_cast<size_t>(id)];
  return std::span<const int>(consumer_list)
      .subspan(static_cast<size_t>(l.readers_begin),
               static_cast<size_t>(l.readers_end - l.readers_begin));
}

bool Graph::is_graph_input(std::string_view tensor) const {
  return input_index.find(tensor) != input_index.end();
}

// ---- Model ------------------------------------------------------------------

std::optional<int64_t> Model::opset(std::string_view d) const {
  const bool want_default = is_onnx_domain(d);
  for (const auto& o : opsets) {
    const bool is_default = is_onnx_domain(o.domain);
    if (want_default ? is_default : o.domain == d) return o.version;
  }
  return std::nullopt;
}

size_t Model::node_count() const {
  size_t n = 0;
  for (const auto& g : graphs) n += g.nodes.size();
  return n;
}

namespace {

TensorValue from_attribute(const Attribute& a) {
  TensorValue v;
  switch (a.type) {
    case AttrType::kInt:
      v.elem_type = dtype::kInt64;
      v.ints = {a.i};
      break;
    case AttrType::kInts:
      v.elem_type = dtype::kInt64;
      v.dims = {static_cast<int64_t>(a.ints.size())};
      v.ints = a.ints;
      break;
    case AttrType::kFloat:
      v.elem_type = dtype::kFloat;
      v.floats = {a.f};
      break;
    case AttrType::kFloats:
      v.elem_type = dtype::kFloat;
      v.dims = {static_cast<int64_t>(a.floats.size())};
      v.floats = a.floats;
      break;
    default:
      break;
  }
  return v;
}

}  // namespace

std::optional<TensorValue> Model::tensor_value(int index) const {
  if (index < 0 || index >= static_cast<int>(tensors.size())) return std::nullopt;
  const TensorData& t = tensors[index];
  if (t.storage == Storage::kInline) return decode_tensor(t, t.bytes);
  std::optional<std::string> payload = tensor_bytes(index);
  if (!payload) return std::nullopt;
  return decode_tensor(t, *payload);
}

std::optional<std::string> Model::tensor_bytes(int index) const {
  if (index < 0 || index >= static_cast<int>(tensors.size())) return std::nullopt;
  const TensorData& t = tensors[index];
  if (t.storage == Storage::kInline) return t.bytes;
  if (t.storage != Storage::kSkipped || !file) return std::nullopt;  // external data: never read
  const int64_t n = t.num_elements();
  if (element_size(t.elem_type) == 0 || n < 0 || n > kMaxLazyElements) return std::nullopt;
  // Read on demand from the mapped file: only this tensor's pages are touched.
  return file->skipped_payload(t);
}

std::optional<TensorValue> Model::constant(const Graph& graph, std::string_view tensor) const {
  if (tensor.empty()) return std::nullopt;
  // A subgraph sees its own names first, then its enclosing graphs' (ONNX scoping).
  for (const Graph* g = &graph; g != nullptr; g = g->parent >= 0 ? &graphs[g->parent] : nullptr) {
    if (const Node* n = g->producer(tensor)) {
      if (n->op_type != "Constant" || !n->in_onnx_domain()) return std::nullopt;
      for (const auto& a : n->attributes) {
        if (a.tensor >= 0) return tensor_value(a.tensor);
        if (a.type == AttrType::kInt || a.type == AttrType::kInts || a.type == AttrType::kFloat ||
            a.type == AttrType::kFloats)
          return from_attribute(a);
      }
      return std::nullopt;
    }
    auto it = g->initializers.find(tensor);
    if (it != g->initializers.end()) return tensor_value(it->second);
    if (g->is_graph_input(tensor)) return std::nullopt;  // fed at run time
  }
  return std::nullopt;
}

}  // namespace onnx_lint
