// What the planners share: new node and tensor names derived from the node
// they replace (so the fixed graph still reads as the module that made it),
// and constant tensors in raw_data layout.
#pragma once

#include <fmt/format.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "fix/fixes.h"
#include "onnx_lint/model_edit.h"

namespace onnx_lint {

/// Why a fix is not offered, or the replacement when it is.
struct Planned {
  std::optional<NodeReplacement> replacement;
  std::string what;  // the fix in a few words, or the reason none is made
};

class ReplacementBuilder {
 public:
  ReplacementBuilder(const Node& node) : node_(node) { r_.node = node.index; }

  /// A new tensor name under the replaced node's name.
  std::string name(const std::string& part) const {
    return fmt::format("{}/onnx_lint_fix/{}", node_.name.empty() ? node_.outputs[0] : node_.name,
                       part);
  }

  std::string int64_tensor(const std::string& part, const std::vector<int64_t>& values,
                           std::vector<int64_t> dims) {
    NewTensor t{name(part), dtype::kInt64, std::move(dims), std::string(values.size() * 8, '\0')};
    if (!values.empty()) std::memcpy(t.raw.data(), values.data(), t.raw.size());
    r_.initializers.push_back(std::move(t));
    return r_.initializers.back().name;
  }

  std::string float_tensor(const std::string& part, const std::vector<float>& values,
                           std::vector<int64_t> dims) {
    NewTensor t{name(part), dtype::kFloat, std::move(dims), std::string(values.size() * 4, '\0')};
    if (!values.empty()) std::memcpy(t.raw.data(), values.data(), t.raw.size());
    r_.initializers.push_back(std::move(t));
    return r_.initializers.back().name;
  }

  std::string bool_tensor(const std::string& part, std::string bytes, std::vector<int64_t> dims) {
    r_.initializers.push_back(
        NewTensor{name(part), dtype::kBool, std::move(dims), std::move(bytes)});
    return r_.initializers.back().name;
  }

  /// Adds a node; its output is `output`, or a fresh name when empty.
  std::string node(const std::string& op, std::vector<std::string> inputs,
                   std::string_view given_output = "", std::vector<Attribute> attributes = {}) {
    const std::string part = op + "_" + std::to_string(r_.nodes.size());
    std::string output(given_output);
    if (output.empty()) output = name(part + "_output");
    r_.nodes.push_back(NewNode{op, name(part), std::move(inputs), {output}, std::move(attributes)});
    return output;
  }

  /// The Constant node that makes input i, when the replaced node is its only
  /// reader: it goes with the node (its value is now in the new constants).
  void drop_constant_input(const Graph& g, size_t i) {
    const Node* p = node_.input(i).empty() ? nullptr : g.producer(node_.input(i));
    if (!p || p->op_type != "Constant" || p->outputs.size() != 1) return;
    const auto readers = g.consumers(p->outputs[0]);
    if (readers.size() != 1 || readers[0] != node_.index) return;
    for (std::string_view out : g.outputs)
      if (out == p->outputs[0]) return;
    r_.dead_constants.push_back(p->index);
  }

  NodeReplacement take() { return std::move(r_); }

 private:
  const Node& node_;
  NodeReplacement r_;
};

inline Attribute int_attr(const std::string& name, int64_t v) {
  Attribute a;
  a.name = name;
  a.type = AttrType::kInt;
  a.i = v;
  return a;
}

inline Attribute ints_attr(const std::string& name, std::vector<int64_t> v) {
  Attribute a;
  a.name = name;
  a.type = AttrType::kInts;
  a.ints = std::move(v);
  return a;
}

/// A tensor's value: a constant, or what inference folded from constants and
/// static shapes (Graph::folded).
inline std::optional<TensorValue> known_value(const Model& m, const Graph& g,
                                              std::string_view name) {
  if (name.empty()) return std::nullopt;
  if (auto v = m.constant(g, name)) return v;
  auto it = g.folded.find(name);
  if (it != g.folded.end()) return it->second;
  return std::nullopt;
}

// The planners.
Planned plan_tile(const Model& m, const Graph& g, const Node& n);
Planned plan_frozen_reshape(const Model& m, const Graph& g, const Node& n);
Planned plan_resize(const Model& m, const Graph& g, const Node& n);
Planned plan_scatter(const Model& m, const Graph& g, const Node& n,
                     const std::vector<BatchProbe>& probes);
Planned plan_random_mean(const Model& m, const Graph& g, const Node& n);
Planned plan_constant_to_float(const Model& m, const Graph& g, const Node& n);
std::optional<std::vector<float>> to_float32(const TensorValue& v);
/// "" when graph input `input` can become int32, else why not.
std::string plan_input_to_int32(const Graph& g, const std::string& input);

}  // namespace onnx_lint
