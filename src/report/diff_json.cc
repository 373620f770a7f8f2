// `onnx-lint diff --format json`: docs/diff.schema.json describes it.
#include <nlohmann/json.hpp>

#include "report/diff_writers.h"

namespace onnx_lint {
namespace {

using nlohmann::ordered_json;

ordered_json opt(const std::optional<std::string>& s) { return s ? ordered_json(*s) : nullptr; }

ordered_json finding(const Diagnostic& d) {
  return {{"rule", d.rule},
          {"name", d.name},
          {"severity", std::string(severity_name(d.severity))},
          {"message", d.message},
          {"fix", d.fix},
          {"graph", d.graph},
          {"node", opt(d.node)},
          {"op_type", opt(d.op_type)},
          {"tensor", opt(d.tensor)},
          {"module", opt(d.module)},
          {"source", opt(d.source)},
          {"doc", d.doc}};
}

ordered_json findings(const std::vector<Diagnostic>& ds) {
  ordered_json out = ordered_json::array();
  for (const Diagnostic& d : ds) out.push_back(finding(d));
  return out;
}

ordered_json io(const std::optional<IoSignature>& s) {
  if (!s) return nullptr;
  return {{"type", s->type}, {"shape", s->has_shape ? ordered_json(s->dims) : nullptr}};
}

ordered_json ops(const std::vector<OpCountChange>& changes) {
  ordered_json out = ordered_json::array();
  for (const OpCountChange& c : changes)
    out.push_back({{"op", c.op}, {"old", c.old_count}, {"new", c.new_count}});
  return out;
}

ordered_json side(const DiffSide& s) {
  return {{"path", s.path},
          {"sha256", s.sha256},
          {"target", s.report.target},
          {"precision", s.report.precision},
          {"counts", s.report.counts()}};
}

}  // namespace

void write_diff_json(const ModelDiff& d, const DiffStyle&, std::ostream& out) {
  ordered_json signature = ordered_json::array();
  for (const SignatureChange& c : d.signature)
    signature.push_back({{"kind", c.kind},
                         {"name", c.name},
                         {"change", c.change},
                         {"old", io(c.old_io)},
                         {"new", io(c.new_io)},
                         {"what", c.what},
                         {"breaking", c.breaking}});
  ordered_json modules = ordered_json::array();
  for (const ModuleOpsChange& m : d.graph.modules)
    modules.push_back({{"module", m.module}, {"ops", ops(m.ops)}});
  const GraphDiff& g = d.graph;
  ordered_json graph{
      {"opsets", {{"old", g.old_opsets}, {"new", g.new_opsets}}},
      {"ir_version", {{"old", g.old_ir}, {"new", g.new_ir}}},
      {"producer", {{"old", g.old_producer}, {"new", g.new_producer}}},
      {"nodes", {{"old", g.old_nodes}, {"new", g.new_nodes}}},
      {"ops", ops(g.ops)},
      {"modules", modules},
      {"functions", {{"added", g.functions_added}, {"removed", g.functions_removed}}}};
  const WeightsDiff& w = d.weights;
  ordered_json tensors = ordered_json::array();
  for (const TensorChange& t : w.tensors)
    tensors.push_back(
        {{"name", t.name},
         {"change", t.change},
         {"old", t.old_desc.empty() ? ordered_json(nullptr) : ordered_json(t.old_desc)},
         {"new", t.new_desc.empty() ? ordered_json(nullptr) : ordered_json(t.new_desc)}});
  ordered_json weights{
      {"initializers", {{"old", w.old_count}, {"new", w.new_count}}},
      {"bytes", {{"old", w.old_bytes}, {"new", w.new_bytes}}},
      {"types", {{"old", w.old_types}, {"new", w.new_types}}},
      {"tensors", tensors},
      {"external_data", {{"added", w.external_added}, {"removed", w.external_removed}}}};
  ordered_json targets = ordered_json::array();
  for (const TargetVerdict& t : d.targets)
    targets.push_back({{"target", t.target},
                       {"old_builds", t.old_ok},
                       {"new_builds", t.new_ok},
                       {"why", t.why.empty() ? ordered_json(nullptr) : ordered_json(t.why)}});
  ordered_json doc{{"old", side(d.old_side)},
                   {"new", side(d.new_side)},
                   {"findings",
                    {{"introduced", findings(d.findings.introduced)},
                     {"resolved", findings(d.findings.resolved)},
                     {"unchanged", findings(d.findings.unchanged)}}},
                   {"signature", signature},
                   {"signature_breaking", d.signature_breaking()},
                   {"graph", graph},
                   {"weights", weights},
                   {"targets", targets}};
  out << doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) << "\n";
}

}  // namespace onnx_lint
