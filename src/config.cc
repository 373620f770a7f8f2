#include "onnx_lint/config.h"

#include <filesystem>

#include <fmt/format.h>
#include <toml++/toml.h>

namespace onnx_lint {
namespace fs = std::filesystem;
namespace {

std::string where(const std::string& path, const toml::node& node) {
  const auto& src = node.source();
  return src.begin.line ? fmt::format("{}:{}", path, src.begin.line) : path;
}

bool string_list(const std::string& path, const toml::node& node, std::string_view key,
                 std::vector<std::string>* out, std::string* error) {
  const toml::array* arr = node.as_array();
  if (!arr) {
    *error = fmt::format("{}: '{}' must be a list of strings", where(path, node), key);
    return false;
  }
  for (const auto& item : *arr) {
    auto s = item.value<std::string>();
    if (!s) {
      *error = fmt::format("{}: '{}' must be a list of strings", where(path, item), key);
      return false;
    }
    out->push_back(*s);
  }
  return true;
}

bool parse_fail_on(const std::string& text, FailOn* out) {
  if (text == "never") {
    *out = std::nullopt;
    return true;
  }
  auto s = parse_severity(text);
  if (!s) return false;
  *out = *s;
  return true;
}

bool parse_suppressions(const std::string& path, const toml::array& arr, Options& o,
                        std::string* error) {
  const std::string dir = fs::path(path).parent_path().string();
  int index = 0;
  for (const auto& item : arr) {
    ++index;
    const toml::table* t = item.as_table();
    if (!t) {
      *error = fmt::format("{}: [[ignore]] entries must be tables", where(path, item));
      return false;
    }
    Suppression s;
    s.origin = fmt::format("{} [[ignore]] #{}", path, index);
    s.base_dir = dir;
    for (const auto& [k, v] : *t) {
      const std::string key(k.str());
      bool ok = true;
      if (key == "rules") ok = string_list(path, v, key, &s.rules, error);
      else if (key == "nodes") ok = string_list(path, v, key, &s.nodes, error);
      else if (key == "models") ok = string_list(path, v, key, &s.models, error);
      else if (key == "reason") s.reason = v.value<std::string>().value_or("");
      else {
        *error = fmt::format("{}: unknown key '{}' in [[ignore]] #{} (known: rules, nodes, models, "
                             "reason)",
                             where(path, v), key, index);
        return false;
      }
      if (!ok) return false;
    }
    if (s.rules.empty()) {
      *error = fmt::format("{}: [[ignore]] #{} needs `rules = [...]`", where(path, item), index);
      return false;
    }
    if (s.reason.find_first_not_of(" \t") == std::string::npos) {
      *error = fmt::format("{}: [[ignore]] #{} needs a `reason` saying why the finding is "
                           "accepted",
                           where(path, item), index);
      return false;
    }
    o.suppressions.push_back(std::move(s));
  }
  return true;
}

}  // namespace

bool apply_config_file(const std::string& path, Options& o, std::string* error) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    *error = fmt::format("{}:{}:{}: invalid TOML: {}", path, b.line, b.column, e.description());
    if (e.description().find("'ignore'") != std::string_view::npos)
      *error += "; TOML cannot have both `ignore = [...]` and `[[ignore]]`: next to waivers, "
                "ignore a whole rule with a waiver that has no `nodes`";
    return false;
  } catch (const std::exception& e) {
    *error = fmt::format("{}: cannot read config: {}", path, e.what());
    return false;
  }
  for (const auto& [k, v] : root) {
    const std::string key(k.str());
    const std::string at = where(path, v);
    if (key == setting::kSelect) {
      o.select.clear();
      if (!string_list(path, v, key, &o.select, error)) return false;
    } else if (key == setting::kExtendSelect) {
      if (!string_list(path, v, key, &o.extend_select, error)) return false;
    } else if (key == setting::kIgnore) {
      // `ignore = ["OL402"]` ignores rules; `[[ignore]]` tables are waivers.
      if (v.is_array_of_tables()) {
        if (!parse_suppressions(path, *v.as_array(), o, error)) return false;
      } else if (!string_list(path, v, key, &o.ignore, error)) {
        return false;
      }
    } else if (key == setting::kSeverity) {
      const toml::table* t = v.as_table();
      if (!t) {
        *error = fmt::format("{}: 'severity' must be a table like [severity] OL102 = \"error\"", at);
        return false;
      }
      for (const auto& [rk, rv] : *t) {
        auto level = parse_severity(rv.value<std::string>().value_or(""));
        if (!level) {
          *error = fmt::format("{}: severity of '{}' must be \"error\", \"warning\" or \"info\"",
                               where(path, rv), rk.str());
          return false;
        }
        o.severity[std::string(rk.str())] = *level;
      }
    } else if (key == setting::kFailOn) {
      if (!parse_fail_on(v.value<std::string>().value_or(""), &o.fail_on)) {
        *error = fmt::format("{}: 'fail-on' must be \"error\", \"warning\", \"info\" or \"never\"",
                             at);
        return false;
      }
    } else if (key == setting::kMaxWarnings || key == setting::kTargetOpset) {
      auto n = v.value<int64_t>();
      if (!n || *n < 0 || *n > 1000000) {
        *error = fmt::format("{}: '{}' must be a non-negative integer", at, key);
        return false;
      }
      if (key == setting::kMaxWarnings) o.max_warnings = static_cast<int>(*n);
      else o.target_opset = static_cast<int>(*n);
    } else if (key == setting::kExitZero) {
      auto b = v.value<bool>();
      if (!b) {
        *error = fmt::format("{}: 'exit-zero' must be true or false", at);
        return false;
      }
      o.exit_zero = *b;
    } else {
      *error = fmt::format(
          "{}: unknown key '{}' (known: select, extend-select, ignore, severity, fail-on, "
          "max-warnings, target-opset, exit-zero, [[ignore]])",
          at, key);
      return false;
    }
  }
  return true;
}

std::string find_config(const std::string& model_path) {
  // A few stat() calls per model; not cached, so a config written between two
  // runs in one process (tests, editors) is always seen.
  std::error_code ec;
  fs::path dir = fs::absolute(fs::path(model_path), ec).parent_path();
  if (ec) return "";
  for (fs::path d = dir;; d = d.parent_path()) {
    fs::path candidate = d / kConfigFileName;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (d == d.parent_path()) return "";
  }
}

bool effective_options(const Options& cli, const std::string& config, Options* out,
                       std::string* error) {
  Options o;
  if (!config.empty() && !apply_config_file(config, o, error)) return false;
  // Command-line-only settings.
  o.inputs = cli.inputs;
  o.format = cli.format;
  o.output = cli.output;
  o.color = cli.color;
  o.quiet = cli.quiet;
  o.statistics = cli.statistics;
  o.jobs = cli.jobs;
  o.config = cli.config;
  o.no_config = cli.no_config;
  o.baseline = cli.baseline;
  o.write_baseline = cli.write_baseline;
  o.infer_types = cli.infer_types;
  // Settings both can give: the command line wins; lists that add up, add up.
  auto given = [&](const char* s) { return cli.given.count(s) > 0; };
  if (given(setting::kSelect)) o.select = cli.select;
  o.extend_select.insert(o.extend_select.end(), cli.extend_select.begin(), cli.extend_select.end());
  o.ignore.insert(o.ignore.end(), cli.ignore.begin(), cli.ignore.end());
  for (const auto& [k, v] : cli.severity) o.severity[k] = v;
  if (given(setting::kFailOn)) o.fail_on = cli.fail_on;
  if (given(setting::kMaxWarnings)) o.max_warnings = cli.max_warnings;
  if (given(setting::kTargetOpset)) o.target_opset = cli.target_opset;
  if (given(setting::kExitZero)) o.exit_zero = cli.exit_zero;
  o.suppressions.insert(o.suppressions.end(), cli.suppressions.begin(), cli.suppressions.end());
  o.given = cli.given;
  *out = std::move(o);
  return true;
}

}  // namespace onnx_lint
