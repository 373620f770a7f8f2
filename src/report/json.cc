// Machine output: exactly one JSON object (see README "JSON report").
#include <nlohmann/json.hpp>

#include "diagnostics/report_paths.h"
#include "onnx_lint/writers.h"

namespace onnx_lint {
namespace {

// ordered_json keeps the documented key order, which makes the report readable.
using json = nlohmann::ordered_json;

template <typename T>
json or_null(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

json diagnostic_json(const Diagnostic& d) {
  return json{{"rule", d.rule},
              {"name", d.name},
              {"severity", severity_name(d.severity)},
              {"message", d.message},
              {"graph", d.graph},
              {"node", or_null(d.node)},
              {"node_index", or_null(d.node_index)},
              {"op_type", or_null(d.op_type)},
              {"tensor", or_null(d.tensor)},
              {"module", or_null(d.module)},
              {"source", or_null(d.source)},
              {"code", or_null(d.code)},
              {"fix", d.fix},
              {"cheatsheet", d.cheatsheet},
              {"doc", d.doc}};
}

json file_json(const FileReport& f) {
  json j{{"path", f.path},
         {"target", f.target.empty() ? json(nullptr) : json(f.target)},
         {"precision", f.precision.empty() ? json(nullptr) : json(f.precision)},
         {"status", f.ok ? "ok" : "error"}};
  j["error"] = f.ok ? json(nullptr) : json(f.error);
  if (f.ok) {
    json opsets = json::object();
    for (const auto& o : f.model.opsets) opsets[o.domain] = o.version;
    json ops = json::object();
    for (const auto& [op, n] : f.model.op_types) ops[op] = n;
    j["model"] = {{"ir_version", f.model.ir_version},
                  {"opsets", opsets},
                  {"producer", f.model.producer},
                  {"nodes", f.model.nodes},
                  {"graphs", f.model.graphs},
                  {"parameters", f.model.parameters},
                  {"op_types", ops}};
    j["file_size"] = f.file_size;
    j["sha256"] = f.sha256.empty() ? json(nullptr) : json(f.sha256);
  } else {
    j["model"] = nullptr;
    j["file_size"] = nullptr;
    j["sha256"] = nullptr;
  }
  j["lint_time_ms"] = f.lint_ms;
  json counts = json::object();
  for (const auto& [code, n] : f.counts()) counts[code] = n;
  j["counts"] = counts;
  j["notes"] = f.notes;
  j["suppressed"] = f.waived;
  j["baselined"] = f.baselined;
  json ds = json::array();
  for (const auto& d : f.diagnostics) ds.push_back(diagnostic_json(d));
  j["diagnostics"] = std::move(ds);
  // Findings of one rule from one cause; every node stays in "diagnostics".
  json groups = json::array();
  for (const FindingGroup& g : f.entries()) {
    if (!g.grouped()) continue;
    json nodes = json::array();
    for (size_t i : g.members) nodes.push_back(or_null(f.diagnostics[i].node));
    groups.push_back({{"rule", f.diagnostics[g.members.front()].rule},
                      {"title", g.title},
                      {"count", g.members.size()},
                      {"nodes", std::move(nodes)},
                      {"diagnostics", g.members}});
  }
  j["groups"] = std::move(groups);
  return j;
}

}  // namespace

void write_json(const RunReport& report, const WriteStyle&, std::ostream& out) {
  json files = json::array();
  for (const auto& f : report.files) files.push_back(file_json(f));
  Summary s = report.summary();
  json stale = json::array();
  for (const auto& e : report.stale_baseline)
    stale.push_back({{"fingerprint", e.fingerprint},
                     {"rule", e.rule},
                     {"model", e.model},
                     {"graph", e.graph},
                     {"node", e.anchor}});
  json j{{"version", 1},
         {"tool", {{"name", "onnx-lint"}, {"version", ONNX_LINT_VERSION}}},
         {"files", std::move(files)},
         {"summary",
          {{"files", s.files},
           {"errors", s.errors},
           {"warnings", s.warnings},
           {"infos", s.infos},
           {"failed_files", s.failed_files},
           {"suppressed", s.waived},
           {"baselined", s.baselined},
           {"stale_baseline", stale}}}};
  // Invalid UTF-8 in names from a hostile file must not abort the report.
  out << j.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace onnx_lint
