// SARIF 2.1.0. A model is a binary artifact: results point at the file with no
// region, and at the node through a logical location (GitHub code scanning
// accepts this shape and shows the file).
#include <nlohmann/json.hpp>
#include <set>

#include "diagnostics/report_paths.h"
#include "onnx_lint/writers.h"

namespace onnx_lint {
namespace {

using json = nlohmann::ordered_json;

std::string_view level(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "note";
  }
  return "warning";
}

// The doc page without its title line, as plain text for `help.text`.
std::string doc_text(std::string_view markdown) {
  std::string s(markdown);
  if (s.rfind("# ", 0) == 0) s = s.substr(s.find('\n') + 1);
  return s;
}

json rule_json(const RuleInfo& m) {
  const std::string& doc = m.markdown;
  json r{{"id", m.code},
         {"name", m.name},
         {"shortDescription", {{"text", m.summary}}},
         {"fullDescription",
          {{"text",
            m.cheatsheet.empty() ? m.summary : m.summary + " (cheatsheet: " + m.cheatsheet + ")"}}},
         {"help", {{"text", doc_text(doc)}, {"markdown", doc}}},
         {"defaultConfiguration", {{"level", level(m.severity)}}}};
  if (!m.cheatsheet.empty()) r["properties"] = {{"tags", {"onnx", "tensorrt"}}};
  return r;
}

json logical_location(const Diagnostic& d) {
  const std::string where = logical_path(d);
  if (!d.node && !d.tensor) return {{"fullyQualifiedName", where}, {"kind", "module"}};
  return {{"name", d.node ? *d.node : *d.tensor},
          {"fullyQualifiedName", where},
          {"kind", d.node ? "function" : "variable"}};
}

// One result per group: the first finding's text, every node of the group as
// a logical location. The fingerprint is the first node's, so the alert stays
// the same while the group grows or shrinks; all of them are in properties.
json result_json(const FileReport& f, const FindingGroup& g, const std::string& uri,
                 std::map<std::string, int>& rule_index) {
  const Diagnostic& d = f.diagnostics[g.members.front()];
  std::string text = (g.grouped() ? g.title : logical_path(d)) + ": " + d.message;
  if (d.module || d.source)
    text += " (PyTorch: " + d.module.value_or("") + (d.module && d.source ? " at " : "") +
            d.source.value_or("") + ")";
  if (d.code) text += ": `" + *d.code + "`";
  if (!d.fix.empty()) text += ". Fix: " + d.fix;
  json logical = json::array();
  for (size_t i : g.members) logical.push_back(logical_location(f.diagnostics[i]));
  json result{{"ruleId", d.rule},
              {"ruleIndex", rule_index.count(d.rule) ? rule_index[d.rule] : -1},
              {"level", level(d.severity)},
              {"message", {{"text", text}}},
              {"locations",
               {{{"physicalLocation", {{"artifactLocation", {{"uri", uri}}}}},
                 {"logicalLocations", std::move(logical)}}}},
              {"partialFingerprints", {{"onnxLintFingerprint/v1", d.fingerprint}}}};
  if (result["ruleIndex"] == -1) result.erase("ruleIndex");
  if (g.grouped()) {
    json prints = json::array();
    for (size_t i : g.members) prints.push_back(f.diagnostics[i].fingerprint);
    result["properties"] = {{"count", g.members.size()}, {"fingerprints", std::move(prints)}};
  }
  return result;
}

}  // namespace

void write_sarif(const RunReport& report, const WriteStyle&, std::ostream& out) {
  json rules = json::array();
  std::map<std::string, int> rule_index;
  for (const RuleInfo& r : report.catalogue) {
    rule_index[r.code] = static_cast<int>(rules.size());
    rules.push_back(rule_json(r));
  }
  json results = json::array();
  json notifications = json::array();
  for (const auto& f : report.files) {
    const std::string uri = artifact_uri(f.path);
    if (!f.ok) {
      notifications.push_back(
          {{"level", "error"},
           {"message", {{"text", f.error}}},
           {"locations", {{{"physicalLocation", {{"artifactLocation", {{"uri", uri}}}}}}}}});
      continue;
    }
    for (const FindingGroup& g : f.entries()) results.push_back(result_json(f, g, uri, rule_index));
  }
  // Which deployment target and precision each model was linted for
  // (--target, --precision).
  std::set<std::string> targets, precisions;
  for (const auto& f : report.files) {
    if (!f.target.empty()) targets.insert(f.target);
    if (!f.precision.empty()) precisions.insert(f.precision);
  }
  json invocation{{"executionSuccessful", notifications.empty()}};
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = notifications;
  json sarif{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       {{{"tool",
          {{"driver", {{"name", "onnx-lint"}, {"version", ONNX_LINT_VERSION}, {"rules", rules}}}}},
         {"invocations", {invocation}},
         {"results", results},
         {"properties", {{"onnxLintTargets", targets}, {"onnxLintPrecisions", precisions}}}}}}};
  out << sarif.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
}

}  // namespace onnx_lint
