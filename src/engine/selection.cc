#include "engine/selection.h"

#include <fmt/format.h>

#include <cctype>

#include "engine/targets.h"
#include "onnx_lint/registry.h"

namespace onnx_lint {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// How specific a matching selector is, for precedence; -1 when it does not match.
int specificity(std::string_view selector, std::string_view code) {
  const std::string sel = upper(selector);
  if (sel == "ALL") return 0;
  // A code, a name, or a name the rule had before a rename.
  if (const Rule* r = find_rule(selector)) return r->meta().code == code ? 1000 : -1;
  // A prefix of the code: "OL", "OL1", "OL10". Only letters+digits, to keep
  // typos ("OL1x") from matching nothing silently; those fail validation.
  if (sel.size() >= 2 && sel.size() < code.size() && code.substr(0, sel.size()) == sel)
    return static_cast<int>(sel.size());
  return -1;
}

}  // namespace

bool selector_matches(std::string_view selector, std::string_view code) {
  return specificity(selector, code) >= 0;
}

bool selector_known(std::string_view selector) {
  for (const auto& r : all_rules())
    if (selector_matches(selector, r->meta().code)) return true;
  return false;
}

bool validate_selectors(const LintSettings& o, std::string* error) {
  auto check = [&](const std::string& sel, std::string_view where) {
    if (selector_known(sel)) return true;
    *error = fmt::format(
        "unknown rule '{}' in {}: use a code (OL101), a name (resize-linear), a code prefix (OL1) "
        "or ALL; `onnx-lint --list-rules` lists them",
        sel, where);
    return false;
  };
  for (const auto& s : o.select)
    if (!check(s, "select")) return false;
  for (const auto& s : o.extend_select)
    if (!check(s, "extend-select")) return false;
  for (const auto& s : o.ignore)
    if (!check(s, "ignore")) return false;
  for (const auto& [s, level] : o.severity)
    if (!check(s, "severity")) return false;
  for (const auto& w : o.waivers)
    for (const auto& s : w.rules)
      if (!check(s, w.origin)) return false;
  return true;
}

// A rule the target runs, or one asked for by its own code or name (so
// `--target trt-10 --extend-select OL101` still runs OL101).
bool target_runs(const LintSettings& o, std::string_view code) {
  const Target* target = find_target(o.target);
  if (!target) return true;
  for (const auto& s : target->rules)
    if (selector_matches(s, code)) return true;
  for (const auto* list : {&o.select, &o.extend_select})
    for (const auto& s : *list)
      if (specificity(s, code) >= 1000) return true;
  return false;
}

std::set<std::string> enabled_rules(const LintSettings& o) {
  std::set<std::string> out;
  for (const auto& r : all_rules()) {
    const auto& m = r->meta();
    bool on = false;
    for (const auto& s : o.select) on = on || selector_matches(s, m.code);
    for (const auto& s : o.extend_select) on = on || selector_matches(s, m.code);
    on = on && target_runs(o, m.code);
    for (const auto& s : o.ignore) on = on && !selector_matches(s, m.code);
    if (on) out.insert(std::string(m.code));
  }
  return out;
}

Severity effective_severity(const LintSettings& o, std::string_view code, Severity default_level) {
  int best = -1;
  Severity level = default_level;
  for (const auto& [sel, sev] : o.severity) {
    int s = specificity(sel, code);
    if (s > best) best = s, level = sev;
  }
  return level;
}

void run_enabled_rules(const LintSettings& settings, const std::set<std::string>& enabled,
                       std::vector<Diagnostic>& out,
                       const std::function<void(const Rule&, DiagnosticSink&)>& run) {
  for (const auto& rule : all_rules()) {
    const RuleMeta& meta = rule->meta();
    if (!enabled.count(std::string(meta.code))) continue;
    const size_t first = out.size();
    DiagnosticSink sink(meta, out);
    run(*rule, sink);
    const Severity level = effective_severity(settings, meta.code, meta.severity);
    for (size_t i = first; i < out.size(); ++i)
      out[i].severity = out[i].at_most ? std::min(level, *out[i].at_most) : level;
  }
}

}  // namespace onnx_lint
