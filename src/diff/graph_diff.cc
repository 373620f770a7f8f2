#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "diff/compare.h"

namespace onnx_lint {
namespace {

OpCounts module_ops(const ModelFacts& f, std::string_view module) {
  OpCounts out;
  const auto it = f.by_module.find(std::string(module));
  if (it != f.by_module.end())
    for (const auto& [op, n] : it->second) out[f.op_names[op]] += n;
  return out;
}

std::vector<OpCountChange> changed(const OpCounts& a, const OpCounts& b) {
  std::set<std::string> ops;
  for (const auto& [op, n] : a) ops.insert(op);
  for (const auto& [op, n] : b) ops.insert(op);
  std::vector<OpCountChange> out;
  for (const std::string& op : ops) {
    const auto x = a.find(op), y = b.find(op);
    const int64_t before = x == a.end() ? 0 : x->second, after = y == b.end() ? 0 : y->second;
    if (before != after) out.push_back({op, before, after});
  }
  return out;
}

}  // namespace

GraphDiff diff_graph(const ModelFacts& a, const ModelFacts& b) {
  GraphDiff d;
  d.old_opsets = a.opsets;
  d.new_opsets = b.opsets;
  d.old_ir = a.ir;
  d.new_ir = b.ir;
  d.old_producer = a.producer;
  d.new_producer = b.producer;
  d.old_nodes = a.nodes;
  d.new_nodes = b.nodes;
  d.ops = changed(a.ops, b.ops);
  // Most modules are unchanged: their counts are compared as (op name,
  // count) lists first, and only a changed one is spelled out.
  const auto names = [](const ModelFacts& f, const auto& counts) {
    absl::InlinedVector<std::pair<std::string_view, int32_t>, 4> out;
    for (const auto& [op, n] : counts) out.emplace_back(f.op_names[op], n);
    std::sort(out.begin(), out.end());
    return out;
  };
  for (const auto& [m, ops] : a.by_module) {
    const auto it = b.by_module.find(m);
    if (it != b.by_module.end() && names(a, ops) == names(b, it->second)) continue;
    d.modules.push_back({m, changed(module_ops(a, m), module_ops(b, m))});
  }
  for (const auto& [m, ops] : b.by_module)
    if (!a.by_module.contains(m))
      d.modules.push_back({m, changed(module_ops(a, m), module_ops(b, m))});
  std::erase_if(d.modules, [](const ModuleOpsChange& c) { return c.ops.empty(); });
  std::sort(d.modules.begin(), d.modules.end(),
            [](const ModuleOpsChange& x, const ModuleOpsChange& y) { return x.module < y.module; });
  for (const std::string& f : b.functions)
    if (!a.functions.count(f)) d.functions_added.push_back(f);
  for (const std::string& f : a.functions)
    if (!b.functions.count(f)) d.functions_removed.push_back(f);
  return d;
}

}  // namespace onnx_lint
