// OL605 trt-partition: how ONNX Runtime's TensorRT provider would split the
// main graph. TensorRT's parser takes runs of supported nodes in topological
// order; a node it cannot take (unsupported, restricted, a custom domain, or
// named in trt_op_types_to_exclude) ends the run and falls back to CUDA, or to
// the CPU when it only computes shapes. ONNX Runtime 1.21+ excludes nothing by
// default, so the data-dependent-shape ops go to TensorRT; the estimate with
// them excluded is the alternative the fix offers.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL605", "trt-partition", Severity::kInfo,
                         "How ONNX Runtime's TensorRT provider would split the graph: TensorRT "
                         "subgraphs, fallback nodes, CUDA-CPU copies (--target ort-trt)",
                         ""};

enum class Place { kTensorRt, kCuda, kCpu };

struct Partition {
  std::vector<Place> place;  // per main-graph node
  int subgraphs = 0, tensorrt = 0, cuda = 0, cpu = 0, copies = 0;
  std::map<std::string_view, int> fallback_ops;  // op type -> nodes
};

bool is_dds(const Target& t, const Node& n) {
  return std::find(t.dds_ops.begin(), t.dds_ops.end(), n.op_type) != t.dds_ops.end();
}

bool excluded(const Target& t, const Node& n, bool dds_excluded) {
  return dds_excluded && is_dds(t, n);
}

// A fallback node that only computes on shapes runs on the CPU (ONNX Runtime
// keeps shape arithmetic there): Shape/Size themselves, or a node whose
// computed inputs all come from Shape/Size or from other CPU nodes.
bool on_cpu(const Graph& g, const Node& n, const std::vector<Place>& place) {
  if (n.op_type == "Shape" || n.op_type == "Size") return true;
  bool any = false;
  for (std::string_view in : n.inputs) {
    const Node* p = in.empty() ? nullptr : g.producer(in);
    if (!p || p->op_type == "Constant") continue;
    if (place[p->index] != Place::kCpu && p->op_type != "Shape" && p->op_type != "Size")
      return false;
    any = true;
  }
  return any;
}

// Whether TensorRT takes a node. A control-flow node (If, Loop, Scan) only
// when every node of its bodies is taken too: ONNX Runtime's TensorRT provider
// excludes the op otherwise (its GetCapability checks that each subgraph is
// fully assigned to TensorRT). `depth` bounds the walk into nested bodies.
bool takes_node(const Model& m, const Graph& g, const Node& n, const Target& t, bool dds_excluded,
                int depth = 0) {
  if (!n.in_onnx_domain() || t.unsupported.count(n.op_type) || excluded(t, n, dds_excluded) ||
      breaks_a_restriction(m, g, n, t))
    return false;
  for (const Attribute& a : n.attributes)
    for (int id : a.graphs) {
      if (id <= 0 || id >= static_cast<int>(m.graphs.size()) || depth > 16) return false;
      const Graph& body = m.graphs[id];
      for (const Node& inner : body.nodes)
        if (!takes_node(m, body, inner, t, dds_excluded, depth + 1)) return false;
    }
  return true;
}

Partition estimate(const Model& m, const Target& t, bool dds_excluded) {
  const Graph& g = m.main();
  Partition p;
  p.place.resize(g.nodes.size(), Place::kTensorRt);
  bool in_run = false;
  for (const Node& n : g.nodes) {
    const bool takes = takes_node(m, g, n, t, dds_excluded);
    if (takes) {
      p.subgraphs += !in_run;
      in_run = true;
      ++p.tensorrt;
      continue;
    }
    in_run = false;
    p.place[n.index] = on_cpu(g, n, p.place) ? Place::kCpu : Place::kCuda;
    ++(p.place[n.index] == Place::kCpu ? p.cpu : p.cuda);
    ++p.fallback_ops[n.op_type];
  }
  // A tensor that crosses between the GPU (TensorRT or CUDA) and the CPU is a copy.
  for (const Node& n : g.nodes)
    for (std::string_view in : n.inputs) {
      const Node* src = in.empty() ? nullptr : g.producer(in);
      if (src && (p.place[src->index] == Place::kCpu) != (p.place[n.index] == Place::kCpu))
        ++p.copies;
    }
  return p;
}

std::string verdict(const Partition& p, size_t nodes) {
  if (p.subgraphs == 1 && p.tensorrt * 10 >= static_cast<int>(nodes) * 9) return "good";
  if (p.subgraphs <= 3) return "maybe";
  return "poor";
}

std::string fallback_list(const Partition& p) {
  std::vector<std::pair<int, std::string>> ops;
  for (const auto& [op, count] : p.fallback_ops) ops.emplace_back(count, op);
  std::stable_sort(ops.begin(), ops.end(), [](auto& a, auto& b) { return a.first > b.first; });
  std::vector<std::string> words;
  for (const auto& [count, op] : ops) words.push_back(fmt::format("{} ×{}", op, count));
  return fmt::format("{}", fmt::join(words, ", "));
}

class TrtPartitionRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    const Target& t = ctx.target;
    if (t.parser.empty()) return;
    const size_t nodes = ctx.model.main().nodes.size();
    if (nodes == 0) return;
    // The parser reads the model's opset or none of it: outside its window,
    // ONNX Runtime gives TensorRT nothing and the whole graph runs on CUDA.
    const auto opset = ctx.model.opset("");
    if (opset && (*opset < t.parser_min_opset || *opset > t.parser_max_opset)) {
      sink.report(fmt::format("{}: TensorRT would take none of the {} nodes: the model imports "
                              "opset {}, and the TensorRT parser reads opsets {} to {} ({}), so "
                              "the whole graph runs on the CUDA provider: poor (estimate)",
                              t.runtime, nodes, *opset, t.parser_min_opset, t.parser_max_opset,
                              t.evidence))
          .fix = fmt::format("re-export with opset_version={} to give TensorRT the graph",
                             *opset > t.parser_max_opset ? t.parser_max_opset : t.parser_min_opset);
      return;
    }
    const Partition p = estimate(ctx.model, t, false);
    const std::string v = verdict(p, nodes);
    Diagnostic& d = sink.report(fmt::format(
        "{}: TensorRT would take {} of {} nodes in {} subgraph{}; {} fall back ({} to CUDA, {} "
        "shape nodes to the CPU) with {} CUDA-CPU cop{} at the boundaries: {} ({}; estimate)",
        t.runtime, p.tensorrt, nodes, p.subgraphs, p.subgraphs == 1 ? "" : "s", p.cuda + p.cpu,
        p.cuda, p.cpu, p.copies, p.copies == 1 ? "y" : "ies", v,
        v == "good"    ? "one subgraph covers nearly all nodes"
        : v == "maybe" ? "a few subgraphs"
                       : "many subgraphs"));
    const bool whole = p.cuda + p.cpu == 0;
    std::string fix = whole ? "nothing to change: TensorRT takes the whole graph"
                            : fmt::format("the nodes that fall back: {}", fallback_list(p));
    // In the main graph and in the bodies of its If/Loop nodes, by op type:
    // the message lists the ones the model has, with counts.
    std::map<std::string_view, int> dds_counts;
    for_each_node(ctx.model, [&](const Graph&, const Node& n) {
      if (is_dds(t, n)) ++dds_counts[n.op_type];
    });
    int dds = 0;
    std::vector<std::string> dds_list, dds_types;
    for (const auto& [op, count] : dds_counts) {
      dds += count;
      dds_list.push_back(count == 1 ? std::string(op) : fmt::format("{} ×{}", op, count));
      dds_types.emplace_back(op);
    }
    if (dds > 0) {
      const Partition kept_off = estimate(ctx.model, t, true);
      fix += fmt::format(
          "; TensorRT takes the {} data-dependent-shape node{} ({}) in this estimate ({}); if "
          "they run slowly there (TensorRT 10.0-10.7), set `trt_op_types_to_exclude=\"{}\"`: "
          "then {} of {} nodes stay on TensorRT, in {} subgraph{}; measure both",
          dds, dds == 1 ? "" : "s", fmt::join(dds_list, ", "), t.dds_evidence,
          fmt::join(dds_types, ","), kept_off.tensorrt, nodes, kept_off.subgraphs,
          kept_off.subgraphs == 1 ? "" : "s");
    }
    d.fix =
        whole ? fix : fix + "; `onnx-lint --target trt-10` shows the fix for each unsupported node";
  }
};

}  // namespace

std::unique_ptr<Rule> MakeTrtPartitionRule() { return std::make_unique<TrtPartitionRule>(); }

}  // namespace onnx_lint
