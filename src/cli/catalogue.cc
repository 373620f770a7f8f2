#include "cli/catalogue.h"

#include <fmt/format.h>

#include <algorithm>

#include "engine/targets.h"
#include "onnx_lint/registry.h"

namespace onnx_lint {

void list_rules(std::ostream& out) {
  size_t width = 0;
  for (const auto& r : all_rules()) width = std::max(width, r->meta().name.size());
  for (const auto& r : all_rules()) {
    const RuleMeta& m = r->meta();
    out << fmt::format("{}  {:<{}}  {:<7}  {}\n", m.code, m.name, width, severity_name(m.severity),
                       m.summary);
  }
}

void list_targets(std::ostream& out) {
  size_t width = 0;
  for (const Target& t : all_targets()) width = std::max(width, t.name.size());
  for (const Target& t : all_targets()) {
    out << fmt::format("{:<{}}  {}\n", t.name, width, t.summary);
    if (t.has_facts())
      out << fmt::format("{:<{}}  opsets {} to {}", "", width, t.min_opset, t.max_opset);
    if (!t.unsupported.empty() || !t.restrictions.empty())
      out << fmt::format("; {} ops unsupported, {} restrictions checked", t.unsupported.size(),
                         t.restrictions.size());
    if (!t.unchecked.empty())
      out << fmt::format(" (not checked: {})", fmt::join(t.unchecked, ", "));
    if (t.has_facts()) out << "\n";
    if (!t.evidence.empty()) out << fmt::format("{:<{}}  facts: {}\n", "", width, t.evidence);
  }
}

bool explain_rule(std::string_view key, std::ostream& out) {
  const Rule* rule = find_rule(key);
  if (!rule) return false;
  const RuleInfo info = rule_info(*rule);
  if (info.markdown.empty()) {
    out << fmt::format("# {} {}\n\n{}\n", info.code, info.name, info.summary);
  } else {
    out << info.markdown;
    if (info.markdown.back() != '\n') out << "\n";
  }
  return true;
}

}  // namespace onnx_lint
