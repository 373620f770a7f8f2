#include "analysis/scatter_idiom.h"

#include <algorithm>
#include <string_view>

namespace onnx_lint {
namespace {

bool is_one_of(std::string_view op, std::initializer_list<std::string_view> ops) {
  return std::find(ops.begin(), ops.end(), op) != ops.end();
}

// torch wraps index tensors in reshapes and casts; those do not change where
// the indices come from. Transpose is how a NonZero result becomes [N, rank].
std::string_view source_of(const Graph& g, std::string_view tensor) {
  for (int hops = 0; hops < 16; ++hops) {
    const Node* p = g.producer(tensor);
    if (!p || p->inputs.empty() || !p->in_onnx_domain() ||
        !is_one_of(p->op_type,
                   {"Unsqueeze", "Squeeze", "Reshape", "Cast", "Identity", "Flatten", "Transpose"}))
      return tensor;
    tensor = p->input(0);
  }
  return tensor;
}

bool made_by(const Graph& g, std::string_view tensor, std::string_view op) {
  const Node* p = g.producer(tensor);
  return p && p->op_type == op && p->in_onnx_domain();
}

bool all_zero(const TensorValue& v) {
  return std::all_of(v.ints.begin(), v.ints.end(), [](int64_t x) { return x == 0; }) &&
         std::all_of(v.floats.begin(), v.floats.end(), [](double x) { return x == 0; });
}

// torch's accumulate=True writes the values into a zero tensor of x's shape
// and adds x afterwards; the scatter itself never sums duplicates.
bool scatters_into_zeros_then_adds(const Model& m, const Graph& g, const Node& n) {
  const std::string_view data = n.input(0);
  bool zeros = false;
  if (auto v = m.constant(g, data)) {
    zeros = all_zero(*v);
  } else if (const Node* p = g.producer(data); p && p->op_type == "ConstantOfShape") {
    const Attribute* value = p->attr("value");
    auto t = value ? m.tensor_value(value->tensor) : std::nullopt;
    zeros = !value || (t && all_zero(*t));
  }
  if (!zeros || n.outputs.empty()) return false;
  auto users = g.consumers(n.outputs[0]);
  return std::any_of(users.begin(), users.end(),
                     [&](int i) { return g.nodes[i].op_type == "Add"; });
}

// Where the values of a masked write come from: x[mask] = y[mask] reads them
// with GatherND at the mask's indices; x[mask] = torch.zeros_like(x[mask])
// fills a ConstantOfShape; anything else is a compact src.
ScatterFacts masked_write(const Model& m, const Graph& g, const Node& n) {
  ScatterFacts facts{ScatterIdiom::kMaskedCompact, g.producer(source_of(g, n.input(1)))};
  std::string_view updates = n.input(2);
  for (int hops = 0; hops < 16; ++hops) {
    const Node* p = g.producer(updates);
    if (!p) break;
    if (p->op_type == "GatherND" && made_by(g, source_of(g, p->input(1)), "NonZero")) {
      facts.idiom = ScatterIdiom::kMaskedSameShape;
      break;
    }
    if (p->op_type == "ConstantOfShape") {
      const Attribute* value = p->attr("value");
      auto t = value ? m.tensor_value(value->tensor) : std::nullopt;
      if (value && (!t || t->size() != 1)) break;
      facts.idiom = ScatterIdiom::kMaskedFill;
      if (t) facts.fill = t->ints.empty() ? t->floats[0] : static_cast<double>(t->ints[0]);
      break;
    }
    if (p->inputs.empty() ||
        !is_one_of(p->op_type, {"Slice", "Reshape", "Flatten", "Identity", "Cast"}))
      break;
    updates = p->input(0);
  }
  return facts;
}

}  // namespace

ScatterFacts classify_scatter(const Model& m, const Graph& g, const Node& n) {
  if (scatters_into_zeros_then_adds(m, g, n)) return {ScatterIdiom::kAccumulate};
  const std::string_view source = source_of(g, n.input(1));
  if (made_by(g, source, "NonZero")) return masked_write(m, g, n);
  if (m.constant(g, source)) return {ScatterIdiom::kConstantIndex};
  if (g.is_graph_input(source)) return {ScatterIdiom::kIndexTensor};
  return {ScatterIdiom::kComputedIndex};
}

const Node* masked_write_of(const Graph& g, const Node& nonzero) {
  if (nonzero.outputs.empty()) return nullptr;
  for (int i : g.consumers(nonzero.outputs[0])) {
    const Node& t = g.nodes[i];
    if (t.op_type != "Transpose" || t.outputs.empty()) continue;
    for (int j : g.consumers(t.outputs[0])) {
      const Node& s = g.nodes[j];
      if (s.op_type == "ScatterND" && s.input(1) == t.outputs[0]) return &s;
    }
  }
  return nullptr;
}

}  // namespace onnx_lint
