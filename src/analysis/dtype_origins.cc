#include "analysis/dtype_origins.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace onnx_lint {
namespace {

// The element type of a node's output where its attributes decide it (so it
// is known even where type inference gave up); nullopt for other nodes.
std::optional<int32_t> attribute_type(const Model& m, const Node& n) {
  if (!n.in_onnx_domain()) return std::nullopt;
  const std::string_view op = n.op_type;
  if (op == "Cast") return static_cast<int32_t>(n.attr_int("to", 0));
  if (op == "Constant" || op == "ConstantOfShape") {
    for (const auto& a : n.attributes) {
      if (a.tensor >= 0) return m.tensors[a.tensor].elem_type;
      if (a.type == AttrType::kInt || a.type == AttrType::kInts) return dtype::kInt64;
      if (a.type == AttrType::kFloat || a.type == AttrType::kFloats) return dtype::kFloat;
    }
    if (op == "ConstantOfShape") return dtype::kFloat;
  }
  if (op == "RandomNormal" || op == "RandomUniform")
    return static_cast<int32_t>(n.attr_int("dtype", dtype::kFloat));
  if (op == "Multinomial") return static_cast<int32_t>(n.attr_int("dtype", dtype::kInt32));
  if ((op == "RandomNormalLike" || op == "RandomUniformLike" || op == "Bernoulli") &&
      n.attr("dtype"))
    return static_cast<int32_t>(n.attr_int("dtype", 0));
  return std::nullopt;
}

// The element type of a node output: from its attributes where they decide
// it, else from the declared or inferred type.
std::pair<int32_t, bool> output_type(const Model& m, const Graph& g, const Node& n,
                                     std::string_view out) {
  if (auto t = attribute_type(m, n)) return {*t, false};
  if (const TensorType* t = g.type_of(out)) return {t->elem_type, t->inferred};
  return {dtype::kUndefined, false};
}

// Whether any tensor of `g` can have elem_type: a declared or inferred type, an
// initializer, or a node whose attributes decide its output type. A sequential
// pass over the graph's arrays, with no per-tensor lookup: most graphs hold no
// uint8, int16 or float64 at all, and a million-node graph then costs one scan
// instead of a million hashed lookups per element type.
bool may_hold(const Model& m, const Graph& g, int32_t elem_type) {
  for (const TensorType& type : g.types)  // an untyped slot is kUndefined
    if (type.elem_type == elem_type) return true;
  for (const auto& [name, index] : g.initializers)
    if (m.tensors[index].elem_type == elem_type) return true;
  for (const Node& n : g.nodes)
    if (attribute_type(m, n) == elem_type) return true;
  return false;
}

}  // namespace

std::vector<DtypeBirth> find_dtype_births(const Model& m, int32_t elem_type) {
  std::vector<DtypeBirth> births;
  for (const Graph& g : m.graphs) {
    if (!may_hold(m, g, elem_type)) continue;
    // tensor -> index of its birth in `births`, for tensors of elem_type
    // defined in this graph. Nodes are in topological order (ONNX requires it),
    // so one forward pass assigns every derived tensor to a birth.
    // Keys are views of the graph's own names (inputs, initializer keys, node
    // outputs), which outlive this map; never of the births' copies.
    NameMap<size_t> birth_of;
    std::vector<std::pair<std::string_view, DtypeBirth>> roots;
    for (const auto& in : g.inputs) {
      const TensorType* t = g.type_of(in);
      if (t && t->elem_type == elem_type && !g.initializers.count(in))
        roots.push_back({in, {g.id, DtypeOrigin::kGraphInput, -1, in, t->inferred, 0}});
    }
    for (const auto& [name, index] : g.initializers)
      if (m.tensors[index].elem_type == elem_type)
        roots.push_back({name, {g.id, DtypeOrigin::kInitializer, -1, std::string(name), false, 0}});
    // Initializers come from a hash map: put them in name order for stable output.
    std::sort(roots.begin(), roots.end(), [](const auto& a, const auto& b) {
      return std::tie(a.second.origin, a.second.tensor) <
             std::tie(b.second.origin, b.second.tensor);
    });
    for (auto& [key, birth] : roots) {
      birth_of.try_emplace(key, births.size());
      births.push_back(std::move(birth));
    }
    auto add = [&](std::string_view key, DtypeBirth b) {
      birth_of.try_emplace(key, births.size());
      births.push_back(std::move(b));
    };

    for (const Node& n : g.nodes) {
      // The first input of this type that descends from a birth, if any.
      std::optional<size_t> parent;
      for (const auto& in : n.inputs) {
        auto it = birth_of.find(in);
        if (it != birth_of.end()) {
          parent = it->second;
          break;
        }
      }
      for (const auto& out : n.outputs) {
        if (out.empty()) continue;
        auto [type, inferred] = output_type(m, g, n, out);
        if (type != elem_type) continue;
        if (parent) {
          ++births[*parent].downstream;
          birth_of.try_emplace(out, *parent);
        } else {
          add(out, {g.id, DtypeOrigin::kNodeOutput, n.index, std::string(out), inferred, 0});
        }
      }
    }
  }
  return births;
}

}  // namespace onnx_lint
