// One entry per cause: findings of one rule made by one line of PyTorch.
#include <fmt/format.h>

#include <map>
#include <tuple>

#include "onnx_lint/report.h"

namespace onnx_lint {
namespace {

// The cause a finding shares with others: its rule and its source line, or
// without one its module and op type. Empty when nothing ties it to others:
// a model-level finding, or a node with neither source nor module.
std::string cause_key(const Diagnostic& d) {
  if (!d.node) return "";
  if (d.source) return fmt::format("{}\x1f{}", d.rule, *d.source);
  if (d.module) return fmt::format("{}\x1f{}\x1f{}", d.rule, *d.module, d.op_type.value_or(""));
  return "";
}

std::string group_title(const std::vector<Diagnostic>& ds, const std::vector<size_t>& members) {
  const Diagnostic& first = ds[members.front()];
  bool one_op = true;
  for (size_t i : members) one_op = one_op && ds[i].op_type == first.op_type;
  std::string title = one_op && first.op_type
                          ? fmt::format("{} \u00d7{}", *first.op_type, members.size())
                          : fmt::format("{} nodes", members.size());
  if (first.module || first.source) {
    title += " at";
    if (first.module) title += " " + *first.module;
    if (first.source)
      title += first.module ? fmt::format(" ({})", *first.source) : " " + *first.source;
  }
  return title;
}

}  // namespace

std::vector<FindingGroup> group_findings(const std::vector<Diagnostic>& ds, bool group) {
  std::vector<FindingGroup> out;
  std::map<std::string, size_t> by_cause;  // key -> index in out
  for (size_t i = 0; i < ds.size(); ++i) {
    const std::string key = group ? cause_key(ds[i]) : "";
    if (key.empty()) {
      out.push_back({{i}, ""});
      continue;
    }
    auto [it, fresh] = by_cause.emplace(key, out.size());
    if (fresh) out.push_back({{}, ""});
    out[it->second].members.push_back(i);
  }
  for (FindingGroup& g : out)
    if (g.grouped()) g.title = group_title(ds, g.members);
  return out;
}

std::vector<FindingGroup> FileReport::entries() const {
  if (!groups.empty()) return groups;
  return group_findings(diagnostics, false);
}

}  // namespace onnx_lint
