#include "engine/targets.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <stdexcept>

#include "engine/target_data.h"

namespace onnx_lint {
namespace {

// Names users reach for, mapped to the entry that answers them.
struct Alias {
  std::string_view alias, name;
};
constexpr Alias kAliases[] = {
    {"trt-10", "trt-10.15"}, {"trt-11", "trt-11.5"}, {"trt-8", "trt-8.6"}};

[[noreturn]] void bad(std::string_view file, const std::string& name, const std::string& what) {
  throw std::runtime_error(
      fmt::format("{}: target '{}': {}", file, name.empty() ? "?" : name, what));
}

std::vector<std::string> strings(std::string_view file, const std::string& name,
                                 const toml::node* node, std::string_view key) {
  std::vector<std::string> out;
  if (!node) return out;
  const toml::array* a = node->as_array();
  if (!a) bad(file, name, fmt::format("`{}` must be a list of strings", key));
  for (const auto& v : *a) {
    auto s = v.value<std::string>();
    if (!s) bad(file, name, fmt::format("`{}` must be a list of strings", key));
    out.push_back(*s);
  }
  return out;
}

TargetRestriction read_restriction(std::string_view file, const std::string& name,
                                   const toml::table& t) {
  TargetRestriction r;
  r.check = t["check"].value_or(std::string());
  r.fact = t["fact"].value_or(std::string());
  r.limit = t["limit"].value_or(int64_t{0});
  r.evidence = t["source"].value_or(std::string());
  r.ops = strings(file, name, t.get("ops"), "ops");
  const std::string severity = t["severity"].value_or(std::string("error"));
  if (severity != "error" && severity != "warning")
    bad(file, name,
        fmt::format("a restriction's severity is error or warning, not '{}'", severity));
  r.severity = severity == "warning" ? Severity::kWarning : Severity::kError;
  if (r.check.empty() || r.fact.empty() || r.ops.empty())
    bad(file, name, "a restriction needs `check`, `ops` and `fact`");
  if (!restriction_check_known(r.check))
    bad(file, name, fmt::format("no check '{}' in rules/restricted_usage.cc", r.check));
  return r;
}

int32_t dtype_code(std::string_view file, const std::string& name, const std::string& word) {
  for (int32_t code = 1; code <= dtype::kFloat6e3m2; ++code)
    if (dtype::name(code) == word) return code;
  bad(file, name, fmt::format("unknown element type '{}'", word));
}

std::vector<int32_t> dtypes(std::string_view file, const std::string& name, const toml::node* node,
                            std::string_view key) {
  std::vector<int32_t> out;
  for (const std::string& w : strings(file, name, node, key))
    out.push_back(dtype_code(file, name, w));
  return out;
}

// One [[release]]: a parser's facts, written as changes to its `base`
// (targets/tensorrt_matrix.toml, generated; targets/tensorrt_release_notes.toml).
struct ReleaseEntry {
  std::string_view file;
  std::string name, base;
  const toml::table* table;
};

void apply_release(const ReleaseEntry& e, Target& f) {
  const toml::table& t = *e.table;
  const std::string& name = e.name;
  f.evidence = t["source"].value_or(std::string());
  if (f.evidence.empty()) bad(e.file, name, "a release needs `source`: the document it comes from");
  if (const toml::array* opsets = t["opsets"].as_array()) {
    if (opsets->size() != 2 || !opsets->get(0)->is_integer() || !opsets->get(1)->is_integer())
      bad(e.file, name, "`opsets` is [min, max]");
    f.min_opset = static_cast<int>(*opsets->get(0)->value<int64_t>());
    f.max_opset = static_cast<int>(*opsets->get(1)->value<int64_t>());
  }
  if (t.contains("unsupported")) {
    f.unsupported.clear();
    for (auto& op : strings(e.file, name, t.get("unsupported"), "unsupported"))
      f.unsupported.insert(std::move(op));
  }
  for (auto& op : strings(e.file, name, t.get("unsupported_add"), "unsupported_add"))
    f.unsupported.insert(std::move(op));
  for (const auto& op : strings(e.file, name, t.get("unsupported_remove"), "unsupported_remove"))
    if (!f.unsupported.erase(op))
      bad(e.file, name, fmt::format("unsupported_remove: '{}' is not unsupported in its base", op));
  if (t.contains("quantized_types"))
    f.quantized_types = dtypes(e.file, name, t.get("quantized_types"), "quantized_types");
  if (t.contains("cast_down"))
    f.cast_down_types = dtypes(e.file, name, t.get("cast_down"), "cast_down");
  if (t.contains("unchecked")) f.unchecked = strings(e.file, name, t.get("unchecked"), "unchecked");
  for (const auto& check :
       strings(e.file, name, t.get("restriction_remove"), "restriction_remove")) {
    auto it = std::find_if(f.restrictions.begin(), f.restrictions.end(),
                           [&](const TargetRestriction& r) { return r.check == check; });
    if (it == f.restrictions.end())
      bad(e.file, name, fmt::format("restriction_remove: its base has no '{}'", check));
    f.restrictions.erase(it);
  }
  if (const toml::array* rs = t["restriction"].as_array())
    for (const auto& r : *rs) {
      if (!r.is_table()) bad(e.file, name, "[[release.restriction]] must be a table");
      TargetRestriction read = read_restriction(e.file, name, *r.as_table());
      auto it = std::find_if(f.restrictions.begin(), f.restrictions.end(),
                             [&](const TargetRestriction& o) { return o.check == read.check; });
      if (it != f.restrictions.end())
        *it = std::move(read);
      else
        f.restrictions.push_back(std::move(read));
    }
  for (const auto& op : strings(e.file, name, t.get("types_remove"), "types_remove"))
    f.op_types.erase(op);
  if (const toml::table* types = t["types"].as_table())
    for (const auto& [op, list] : *types)
      f.op_types[std::string(op.str())] = dtypes(e.file, name, &list, "types");
}

// A release's facts: its base's, then its own changes. `seen` stops a cycle.
Target resolve_release(const std::vector<ReleaseEntry>& all, const std::string& name,
                       std::vector<std::string>& seen) {
  auto e =
      std::find_if(all.begin(), all.end(), [&](const ReleaseEntry& r) { return r.name == name; });
  if (e == all.end()) throw std::runtime_error(fmt::format("targets/: no release '{}'", name));
  if (std::find(seen.begin(), seen.end(), name) != seen.end())
    bad(e->file, name, "its `base` chain comes back to it");
  seen.push_back(name);
  Target f = e->base.empty() ? Target{} : resolve_release(all, e->base, seen);
  apply_release(*e, f);
  return f;
}

Target read_target(std::string_view file, const toml::table& t,
                   const std::vector<ReleaseEntry>& releases) {
  Target target;
  target.name = t["name"].value_or(std::string());
  const std::string& name = target.name;
  target.runtime = t["runtime"].value_or(std::string());
  target.summary = t["summary"].value_or(std::string());
  target.evidence = t["evidence"].value_or(std::string());
  if (name.empty() || target.runtime.empty() || target.summary.empty())
    bad(file, name, "a target needs `name`, `runtime` and `summary`");
  target.rules = strings(file, name, t.get("rules"), "rules");
  if (target.rules.empty()) bad(file, name, "`rules` lists the rules it runs");
  if (auto release = t["release"].value<std::string>()) {
    std::vector<std::string> seen;
    Target facts = resolve_release(releases, *release, seen);
    target.min_opset = facts.min_opset;
    target.max_opset = facts.max_opset;
    target.unsupported = std::move(facts.unsupported);
    target.restrictions = std::move(facts.restrictions);
    target.op_types = std::move(facts.op_types);
    target.quantized_types = std::move(facts.quantized_types);
    target.cast_down_types = std::move(facts.cast_down_types);
    target.unchecked = std::move(facts.unchecked);
    target.evidence = std::move(facts.evidence);
  }
  if (const toml::array* opsets = t["opsets"].as_array()) {
    if (opsets->size() != 2 || !opsets->get(0)->is_integer() || !opsets->get(1)->is_integer())
      bad(file, name, "`opsets` is [min, max]");
    target.min_opset = static_cast<int>(*opsets->get(0)->value<int64_t>());
    target.max_opset = static_cast<int>(*opsets->get(1)->value<int64_t>());
  }
  target.max_ir = t["ir_max"].value_or(int64_t{0});
  target.window_evidence = t["opsets_source"].value_or(std::string());
  for (auto& op : strings(file, name, t.get("cpu_only"), "cpu_only"))
    target.cpu_only.insert(std::move(op));
  target.strongly_typed = t["strongly_typed"].value_or(false);
  if (const toml::table* plugins = t["removed_plugins"].as_table())
    for (const auto& [plugin, instead] : *plugins) {
      auto s = instead.value<std::string>();
      if (!s) bad(file, name, "`removed_plugins` maps a plugin to what replaces it (a string)");
      target.removed_plugins[std::string(plugin.str())] = *s;
    }
  target.removed_plugins_evidence = t["removed_plugins_source"].value_or(std::string());
  if (!target.removed_plugins.empty() && target.removed_plugins_evidence.empty())
    bad(file, name, "`removed_plugins` needs `removed_plugins_source`");
  target.parser = t["parser"].value_or(std::string());
  target.dds_ops = strings(file, name, t.get("dds_ops"), "dds_ops");
  target.dds_evidence = t["dds_evidence"].value_or(std::string());
  if (target.has_facts() && target.evidence.empty())
    bad(file, name, "facts need `evidence`: the document they come from");
  return target;
}

std::vector<Target> read_all() {
  std::vector<toml::table> docs;
  docs.reserve(target_files().size());
  for (const TargetFile& f : target_files()) {
    try {
      docs.push_back(toml::parse(f.text, f.path));
    } catch (const toml::parse_error& e) {
      throw std::runtime_error(fmt::format("{}: {}", f.path, e.description()));
    }
  }
  std::vector<ReleaseEntry> releases;
  for (size_t i = 0; i < docs.size(); ++i)
    if (const toml::array* rs = docs[i]["release"].as_array())
      for (const auto& r : *rs)
        if (const toml::table* t = r.as_table())
          releases.push_back({target_files()[i].path, (*t)["name"].value_or(std::string()),
                              (*t)["base"].value_or(std::string()), t});
  std::vector<Target> out;
  for (size_t i = 0; i < docs.size(); ++i)
    if (const toml::array* ts = docs[i]["target"].as_array())
      for (const auto& t : *ts)
        if (t.is_table())
          out.push_back(read_target(target_files()[i].path, *t.as_table(), releases));
  // A runtime that hands subgraphs to a parser reads with that parser's facts.
  for (Target& t : out) {
    if (t.parser.empty()) continue;
    auto p =
        std::find_if(out.begin(), out.end(), [&](const Target& o) { return o.name == t.parser; });
    if (p == out.end() || !p->parser.empty())
      throw std::runtime_error(
          fmt::format("targets/: '{}' names parser '{}', which is not a "
                      "parser target",
                      t.name, t.parser));
    t.parser_min_opset = p->min_opset;
    t.parser_max_opset = p->max_opset;
    if (t.max_opset == 0) {
      t.min_opset = p->min_opset;
      t.max_opset = p->max_opset;
    }
    t.unsupported = p->unsupported;
    t.restrictions = p->restrictions;
    t.op_types = p->op_types;
    t.evidence = p->evidence + (t.evidence.empty() ? "" : "; " + t.evidence);
  }
  std::stable_partition(out.begin(), out.end(),
                        [](const Target& t) { return t.name == kDefaultTarget; });
  if (out.empty() || out.front().name != kDefaultTarget)
    throw std::runtime_error("targets/: no 'cheatsheet' target");
  return out;
}

}  // namespace

const std::vector<Target>& all_targets() {
  static const std::vector<Target> targets = read_all();
  return targets;
}

const Target* find_target(std::string_view name) {
  for (const Alias& a : kAliases)
    if (a.alias == name) name = a.name;
  for (const Target& t : all_targets())
    if (t.name == name) return &t;
  return nullptr;
}

std::string unknown_target_error(std::string_view name) {
  std::string names;
  for (const Target& t : all_targets()) names += (names.empty() ? "" : ", ") + t.name;
  return fmt::format("unknown target '{}': choose one of {} (`onnx-lint --list-targets`)", name,
                     names);
}

}  // namespace onnx_lint
