#include "onnx_lint/selection.h"

#include <cctype>

#include <fmt/format.h>

#include "onnx_lint/registry.h"

namespace onnx_lint {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// How specific a matching selector is, for precedence; -1 when it does not match.
int specificity(std::string_view selector, std::string_view code, std::string_view name) {
  const std::string sel = upper(selector);
  if (sel == "ALL") return 0;
  if (sel == code || selector == name) return 1000;
  // A prefix of the code: "OL", "OL1", "OL10". Only letters+digits, to keep
  // typos ("OL1x") from matching nothing silently; those fail validation.
  if (sel.size() >= 2 && sel.size() < code.size() && code.substr(0, sel.size()) == sel)
    return static_cast<int>(sel.size());
  return -1;
}

}  // namespace

bool selector_matches(std::string_view selector, std::string_view code, std::string_view name) {
  return specificity(selector, code, name) >= 0;
}

bool selector_known(std::string_view selector) {
  for (const auto& r : all_rules())
    if (selector_matches(selector, r->meta().code, r->meta().name)) return true;
  return false;
}

bool validate_selectors(const Options& o, std::string* error) {
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
  for (const auto& sup : o.suppressions)
    for (const auto& s : sup.rules)
      if (!check(s, sup.origin)) return false;
  return true;
}

std::set<std::string> enabled_rules(const Options& o) {
  std::set<std::string> out;
  for (const auto& r : all_rules()) {
    const auto& m = r->meta();
    bool on = false;
    for (const auto& s : o.select) on = on || selector_matches(s, m.code, m.name);
    for (const auto& s : o.extend_select) on = on || selector_matches(s, m.code, m.name);
    for (const auto& s : o.ignore) on = on && !selector_matches(s, m.code, m.name);
    if (on) out.insert(std::string(m.code));
  }
  return out;
}

Severity effective_severity(const Options& o, std::string_view code, std::string_view name,
                            Severity default_level) {
  int best = -1;
  Severity level = default_level;
  for (const auto& [sel, sev] : o.severity) {
    int s = specificity(sel, code, name);
    if (s > best) best = s, level = sev;
  }
  return level;
}

}  // namespace onnx_lint
