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
constexpr Alias kAliases[] = {{"trt-10", "trt-10.1"}, {"trt-8", "trt-8.6"}};

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

Target read_target(std::string_view file, const toml::table& t) {
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
  if (const toml::array* opsets = t["opsets"].as_array()) {
    if (opsets->size() != 2 || !opsets->get(0)->is_integer() || !opsets->get(1)->is_integer())
      bad(file, name, "`opsets` is [min, max]");
    target.min_opset = static_cast<int>(*opsets->get(0)->value<int64_t>());
    target.max_opset = static_cast<int>(*opsets->get(1)->value<int64_t>());
  }
  for (auto& op : strings(file, name, t.get("unsupported"), "unsupported"))
    target.unsupported.insert(std::move(op));
  for (auto& op : strings(file, name, t.get("cpu_only"), "cpu_only"))
    target.cpu_only.insert(std::move(op));
  if (const toml::array* rs = t["restriction"].as_array())
    for (const auto& r : *rs) {
      if (!r.is_table()) bad(file, name, "[[target.restriction]] must be a table");
      target.restrictions.push_back(read_restriction(file, name, *r.as_table()));
    }
  target.parser = t["parser"].value_or(std::string());
  target.excluded_by_default =
      strings(file, name, t.get("excluded_by_default"), "excluded_by_default");
  target.excluded_evidence = t["excluded_evidence"].value_or(std::string());
  if (target.has_facts() && target.evidence.empty())
    bad(file, name, "facts need `evidence`: the document they come from");
  return target;
}

std::vector<Target> read_all() {
  std::vector<Target> out;
  for (const TargetFile& f : target_files()) {
    toml::table doc;
    try {
      doc = toml::parse(f.text, f.path);
    } catch (const toml::parse_error& e) {
      throw std::runtime_error(fmt::format("{}: {}", f.path, e.description()));
    }
    if (const toml::array* ts = doc["target"].as_array())
      for (const auto& t : *ts)
        if (t.is_table()) out.push_back(read_target(f.path, *t.as_table()));
  }
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
    t.min_opset = p->min_opset;
    t.max_opset = p->max_opset;
    t.unsupported = p->unsupported;
    t.restrictions = p->restrictions;
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
