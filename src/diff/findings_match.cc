#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "analysis/source_map.h"
#include "diff/compare.h"

namespace onnx_lint {
namespace {

// main, a subgraph by the op that holds it, or a function by its name
// (functions are named by their module's class, stable across exports).
std::string graph_kind(const Model& m, const Graph& g) {
  switch (g.kind) {
    case GraphKind::kMain:
      return "main";
    case GraphKind::kFunction:
      return g.path;
    case GraphKind::kSubgraph:
      break;
  }
  const Graph& parent = m.graphs[g.parent];
  const bool known = g.parent_node >= 0 && g.parent_node < static_cast<int>(parent.nodes.size());
  return fmt::format("{} body (depth {})", known ? parent.nodes[g.parent_node].op_type : "?",
                     g.depth);
}

// The op types that feed the node and read it: its neighbourhood's shape.
std::string around(const Graph& g, const Node& n) {
  std::multiset<std::string_view> in, out;
  for (size_t i = 0; i < n.inputs.size(); ++i)
    if (const Node* p = n.inputs[i].empty() ? nullptr : g.producer(n.inputs.id(i)))
      in.insert(p->op_type);
  for (size_t k = 0; k < n.outputs.size(); ++k)
    if (!n.outputs[k].empty())
      for (int c : g.consumers(n.outputs.id(k))) out.insert(g.nodes[c].op_type);
  return fmt::format("{} > {}", fmt::join(in, ","), fmt::join(out, ","));
}

}  // namespace

std::string finding_place(const Model& model, const Diagnostic& d) {
  const std::string where = fmt::format("{}|{}|{}|{}", d.rule, d.module.value_or(""),
                                        d.source.value_or(""), d.op_type.value_or(""));
  const bool known_graph = d.graph_id >= 0 && d.graph_id < static_cast<int>(model.graphs.size());
  if (!known_graph) return fmt::format("{}|{}", where, d.message);
  const Graph& g = model.graphs[d.graph_id];
  const std::string kind = graph_kind(model, g);
  if (d.node_index && *d.node_index >= 0 && *d.node_index < static_cast<int>(g.nodes.size()))
    return fmt::format("{}|{}|{}", where, kind, around(g, g.nodes[*d.node_index]));
  if (d.tensor) {
    const std::string& t = *d.tensor;
    const bool io =
        g.is_graph_input(t) || std::find(g.outputs.begin(), g.outputs.end(), t) != g.outputs.end();
    if (io) return fmt::format("{}|{}|io {}", where, kind, t);
    std::multiset<std::string_view> readers;
    for (int c : g.consumers(t)) readers.insert(g.nodes[c].op_type);
    return fmt::format("{}|{}|read by {}", where, kind, fmt::join(readers, ","));
  }
  // A finding about the model as a whole: its words are its identity.
  return fmt::format("{}|{}|{}", where, kind, d.message);
}

FindingsDiff match_findings(const ModelFacts& old_facts,
                            const std::vector<Diagnostic>& old_findings,
                            const ModelFacts& new_facts,
                            const std::vector<Diagnostic>& new_findings) {
  std::vector<bool> old_matched(old_findings.size()), new_matched(new_findings.size());
  // Pass 1 by place; pass 2, among what is left, by the looser key.
  for (auto keys : {&ModelFacts::places, &ModelFacts::loose}) {
    std::map<std::string, std::vector<size_t>> open;
    for (size_t i = 0; i < old_findings.size(); ++i)
      if (!old_matched[i]) open[(old_facts.*keys)[i]].push_back(i);
    for (size_t j = 0; j < new_findings.size(); ++j) {
      if (new_matched[j]) continue;
      auto it = open.find((new_facts.*keys)[j]);
      if (it == open.end() || it->second.empty()) continue;
      old_matched[it->second.front()] = true;
      it->second.erase(it->second.begin());
      new_matched[j] = true;
    }
  }
  FindingsDiff out;
  for (size_t j = 0; j < new_findings.size(); ++j)
    (new_matched[j] ? out.unchanged : out.introduced).push_back(new_findings[j]);
  for (size_t i = 0; i < old_findings.size(); ++i)
    if (!old_matched[i]) out.resolved.push_back(old_findings[i]);
  return out;
}

}  // namespace onnx_lint
