#include "analysis/precision_flow.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

namespace onnx_lint {
namespace {

bool is_float(int32_t t) {
  return t == dtype::kFloat || t == dtype::kFloat16 || t == dtype::kBfloat16 || t == dtype::kDouble;
}

bool one_of(std::string_view op, std::initializer_list<std::string_view> ops) {
  return std::find(ops.begin(), ops.end(), op) != ops.end();
}

// Ops that pass a value on unchanged (or pick it): inf in, inf out.
bool carries(const Node& n, size_t input) {
  if (n.op_type == "Where") return input > 0;  // the condition is no value
  return one_of(n.op_type,
                {"Identity", "Cast", "CastLike", "Reshape", "Expand", "Unsqueeze", "Squeeze",
                 "Flatten", "Transpose", "Concat", "Slice", "Gather", "Tile", "Split", "Neg"});
}

// Ops an additive mask passes through on its way to the scores' Softmax.
bool builds_mask(const Node& n) { return one_of(n.op_type, {"Add", "Sub", "Mul"}); }

}  // namespace

bool is_arithmetic_op(std::string_view op) {
  return one_of(op, {"Add",
                     "Sub",
                     "Mul",
                     "Div",
                     "MatMul",
                     "Gemm",
                     "Conv",
                     "ConvTranspose",
                     "Sum",
                     "Mean",
                     "Pow",
                     "Sqrt",
                     "Exp",
                     "Log",
                     "Reciprocal",
                     "Softmax",
                     "LogSoftmax",
                     "ReduceSum",
                     "ReduceMean",
                     "ReduceProd",
                     "ReduceSumSquare",
                     "ReduceL1",
                     "ReduceL2",
                     "ReduceLogSum",
                     "ReduceLogSumExp",
                     "CumSum",
                     "Einsum",
                     "Attention",
                     "LayerNormalization",
                     "BatchNormalization",
                     "InstanceNormalization",
                     "GroupNormalization",
                     "RMSNormalization"});
}

void for_each_float_constant(const Model& model, const Graph& graph,
                             const std::function<bool(int32_t)>& wants,
                             const std::function<void(const FloatConstant&)>& fn) {
  const auto visit = [&](std::string_view name, int tensor_index) {
    if (tensor_index < 0 || tensor_index >= static_cast<int>(model.tensors.size())) return;
    const int32_t type = model.tensors[tensor_index].elem_type;
    if (!is_float(type) || !wants(type)) return;
    if (const auto bytes = model.tensor_bytes(tensor_index)) fn({name, type, *bytes});
  };
  // In file order: findings come out in a stable order.
  std::vector<std::pair<std::string_view, int>> inits(graph.initializers.begin(),
                                                      graph.initializers.end());
  std::sort(inits.begin(), inits.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  for (const auto& [name, index] : inits) visit(name, index);
  for (const Node& n : graph.nodes) {
    if (!n.in_onnx_domain() || n.outputs.empty() || n.outputs[0].empty()) continue;
    if (n.op_type != "Constant" && n.op_type != "ConstantOfShape") continue;
    for (const Attribute& a : n.attributes) {
      if (a.type == AttrType::kTensor && (n.op_type == "Constant" || a.name == "value")) {
        visit(n.outputs[0], a.tensor);
      } else if (n.op_type == "Constant" &&
                 (a.type == AttrType::kFloat || a.type == AttrType::kFloats) &&
                 wants(dtype::kFloat)) {
        // value_float(s): float32 by definition, stored here as doubles.
        const std::vector<double> values =
            a.type == AttrType::kFloat ? std::vector<double>{a.f} : a.floats;
        std::string bytes(values.size() * sizeof(float), '\0');
        for (size_t i = 0; i < values.size(); ++i) {
          const float f = static_cast<float>(values[i]);
          std::memcpy(bytes.data() + i * sizeof f, &f, sizeof f);
        }
        fn({n.outputs[0], dtype::kFloat, bytes});
      }
    }
  }
}

ArithmeticUse first_arithmetic_use(const Graph& graph, std::string_view tensor) {
  ArithmeticUse use;
  // From each first reader, the tensors its values reach through carriers and
  // Add/Sub/Mul/Where: every op on such a path keeps it a mask path.
  for (int first : graph.consumers(tensor)) {
    std::deque<TensorId> queue;
    std::vector<TensorId> seen;
    bool arithmetic = false;
    const Node* softmax = nullptr;
    const auto follow = [&](const Node& n, size_t input) {
      if (n.op_type == "Softmax" || n.op_type == "LogSoftmax") {
        arithmetic = true;
        if (!softmax) softmax = &n;
        return;
      }
      if (is_arithmetic_op(n.op_type)) arithmetic = true;
      if (!carries(n, input) && !builds_mask(n)) return;
      for (size_t k = 0; k < n.outputs.size(); ++k) {
        const TensorId out = graph.output_id(n, k);
        if (out == kNoTensor || std::find(seen.begin(), seen.end(), out) != seen.end()) continue;
        seen.push_back(out);
        queue.push_back(out);
      }
    };
    const Node& reader = graph.nodes[first];
    for (size_t i = 0; i < reader.inputs.size(); ++i)
      if (reader.inputs[i] == tensor) follow(reader, i);
    // A few hops are enough: a mask is built within a handful of ops of its
    // constant, and a long walk per constant would cost a large graph dearly.
    for (int hops = 0; !queue.empty() && hops < 64; ++hops) {
      const TensorId t = queue.front();
      queue.pop_front();
      for (int c : graph.consumers(t)) {
        const Node& n = graph.nodes[c];
        for (size_t i = 0; i < n.inputs.size(); ++i)
          if (n.inputs.id(i) == t) follow(n, i);
      }
    }
    if (arithmetic && !use.reader) use.reader = &reader;
    if (softmax) {
      use.reader = &reader;
      use.softmax = softmax;
      break;
    }
  }
  return use;
}

}  // namespace onnx_lint
