#include "engine/excerpts.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <utility>

namespace onnx_lint {
namespace {

std::string type_label(const Graph& g, std::string_view tensor) {
  const TensorType* t = g.type_of(tensor);
  if (!t || t->elem_type == dtype::kUndefined) return std::string(tensor);
  std::string label = dtype::name(t->elem_type);
  if (!t->has_shape) return label + " [?]";
  std::vector<std::string> dims;
  for (const Dim& d : t->dims)
    dims.push_back(d.is_static()     ? std::to_string(d.value)
                   : d.param.empty() ? std::string("?")
                                     : std::string(d.param));
  return fmt::format("{} [{}]", label, fmt::join(dims, ", "));
}

// Grows the excerpt breadth-first from one node or tensor of one graph.
class ExcerptBuilder {
 public:
  ExcerptBuilder(const Graph& g, const std::set<std::pair<int, std::string>>& findings,
                 const ExcerptLimits& limits)
      : g_(g), findings_(findings), limits_(limits) {}

  GraphExcerpt build(const Diagnostic& d, std::string scope) {
    out_.scope = std::move(scope);
    std::vector<int> frontier;
    if (d.node_index) {
      frontier.push_back(node(*d.node_index));
    } else {
      frontier.push_back(tensor(*d.tensor));
    }
    out_.nodes[frontier[0]].flagged = true;
    for (int hop = 0; hop < limits_.hops && !frontier.empty(); ++hop) {
      std::vector<int> next;
      for (int at : frontier) expand(at, next);
      frontier = std::move(next);
    }
    return std::move(out_);
  }

 private:
  // Index of the excerpt node for graph node i (added on first sight).
  int node(int i) {
    auto [it, fresh] = index_.try_emplace(fmt::format("n{}", i), out_.nodes.size());
    if (fresh) {
      const Node& n = g_.nodes[i];
      GraphExcerpt::Node e{n.display_name(), std::string(n.op_type), GraphExcerpt::Node::kNode};
      e.other_finding = findings_.count({i, ""}) > 0;
      out_.nodes.push_back(std::move(e));
      origin_.push_back(i);
    }
    return static_cast<int>(it->second);
  }

  // A graph input or output, drawn as a tensor.
  int tensor(std::string_view name) {
    auto [it, fresh] = index_.try_emplace(fmt::format("t{}", name), out_.nodes.size());
    if (fresh) {
      GraphExcerpt::Node e{std::string(name), "", GraphExcerpt::Node::kTensor};
      e.other_finding = findings_.count({-1, std::string(name)}) > 0;
      out_.nodes.push_back(std::move(e));
      origin_.push_back(-1);
    }
    return static_cast<int>(it->second);
  }

  int more(size_t count) {
    out_.nodes.push_back({fmt::format("+ {} more", count), "", GraphExcerpt::Node::kMore});
    origin_.push_back(-1);
    return static_cast<int>(out_.nodes.size()) - 1;
  }

  void edge(int from, int to, std::string_view tensor_name) {
    if (edges_.insert({from, to}).second)
      out_.edges.push_back({from, to, type_label(g_, tensor_name)});
  }

  // Adds the producers and consumers of excerpt node `at`; new ones go to next.
  void expand(int at, std::vector<int>& next) {
    const int i = origin_[at];
    const GraphExcerpt::Node::Kind kind = out_.nodes[at].kind;
    if (kind == GraphExcerpt::Node::kMore) return;
    // Copies, not views: adding excerpt nodes below moves out_.nodes' strings.
    std::vector<std::string> ins, outs;
    if (i >= 0) {
      ins.assign(g_.nodes[i].inputs.begin(), g_.nodes[i].inputs.end());
      outs.assign(g_.nodes[i].outputs.begin(), g_.nodes[i].outputs.end());
    } else {
      outs.push_back(out_.nodes[at].name);  // a graph input: what reads it
    }
    size_t shown = 0, hidden = 0;
    for (const std::string& in : ins) {
      if (in.empty() || g_.initializers.count(in)) continue;  // weights are not drawn
      const Node* p = g_.producer(in);
      if (!p && !g_.is_graph_input(in)) continue;  // from an enclosing graph
      if (shown == static_cast<size_t>(limits_.max_fanout)) {
        ++hidden;
        continue;
      }
      ++shown;
      const size_t before = out_.nodes.size();
      const int from = p ? node(p->index) : tensor(in);
      if (out_.nodes.size() > before) next.push_back(from);
      edge(from, at, in);
    }
    if (hidden) edge(more(hidden), at, "");
    shown = hidden = 0;
    for (const std::string& o : outs) {
      for (int c : g_.consumers(o)) {
        if (shown == static_cast<size_t>(limits_.max_fanout)) {
          ++hidden;
          continue;
        }
        ++shown;
        const size_t before = out_.nodes.size();
        const int to = node(c);
        if (out_.nodes.size() > before) next.push_back(to);
        edge(at, to, o);
      }
    }
    if (hidden) edge(at, more(hidden), "");
  }

  const Graph& g_;
  const std::set<std::pair<int, std::string>>& findings_;
  const ExcerptLimits& limits_;
  GraphExcerpt out_;
  std::vector<int> origin_;  // per excerpt node: the graph node index, or -1
  std::map<std::string, size_t> index_;
  std::set<std::pair<int, int>> edges_;
};

// "Loop 'l' body, in main" for a subgraph; "main" and "function:x" as they are.
std::string scope_of(const Model& m, const Graph& g) {
  if (g.parent < 0 || g.parent_node < 0) return g.path;
  const Graph& parent = m.graphs[g.parent];
  const Node& owner = parent.nodes[g.parent_node];
  const std::string attr = g.path.substr(g.path.rfind('.') + 1);
  return fmt::format("{} '{}' {}, in {}", owner.op_type, owner.display_name(), attr, parent.path);
}

}  // namespace

void attach_excerpts(const Model& model, std::vector<Diagnostic>& diagnostics,
                     const ExcerptLimits& limits) {
  std::map<int, std::set<std::pair<int, std::string>>> findings;  // graph -> node / tensor
  for (const auto& d : diagnostics) {
    if (d.node_index)
      findings[d.graph_id].insert({*d.node_index, ""});
    else if (d.tensor)
      findings[d.graph_id].insert({-1, *d.tensor});
  }
  for (auto& d : diagnostics) {
    if (d.graph_id < 0 || d.graph_id >= static_cast<int>(model.graphs.size())) continue;
    const Graph& g = model.graphs[d.graph_id];
    const bool at_node =
        d.node_index && *d.node_index >= 0 && *d.node_index < static_cast<int>(g.nodes.size());
    const bool at_tensor = !d.node_index && d.tensor && g.is_graph_input(*d.tensor);
    if (!at_node && !at_tensor) continue;
    d.excerpt = ExcerptBuilder(g, findings[d.graph_id], limits).build(d, scope_of(model, g));
  }
}

}  // namespace onnx_lint
