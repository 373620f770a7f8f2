#include "engine/config.h"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>

#include "engine/selection.h"
#include "engine/targets.h"

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

bool read_waiver(const std::string& path, const toml::table& t, int index, Waiver* w,
                 std::string* error) {
  for (const auto& [k, v] : t) {
    const std::string key(k.str());
    bool ok = true;
    if (key == "rules") {
      ok = string_list(path, v, key, &w->rules, error);
    } else if (key == "nodes") {
      ok = string_list(path, v, key, &w->nodes, error);
    } else if (key == "models") {
      ok = string_list(path, v, key, &w->models, error);
    } else if (key == "reason") {
      w->reason = v.value<std::string>().value_or("");
    } else {
      *error = fmt::format(
          "{}: unknown key '{}' in [[ignore]] #{} (known: rules, nodes, models, reason)",
          where(path, v), key, index);
      return false;
    }
    if (!ok) return false;
  }
  if (w->rules.empty()) {
    *error = fmt::format("{}: [[ignore]] #{} needs `rules = [...]`", where(path, t), index);
    return false;
  }
  if (w->reason.find_first_not_of(" \t") == std::string::npos) {
    *error = fmt::format("{}: [[ignore]] #{} needs a `reason` saying why the finding is accepted",
                         where(path, t), index);
    return false;
  }
  return true;
}

bool read_waivers(const std::string& path, const toml::array& arr, SettingsLayer& layer,
                  std::string* error) {
  int index = 0;
  for (const auto& item : arr) {
    ++index;
    const toml::table* t = item.as_table();
    if (!t) {
      *error = fmt::format("{}: [[ignore]] entries must be tables", where(path, item));
      return false;
    }
    Waiver w;
    w.origin = fmt::format("{} [[ignore]] #{}", path, index);
    w.base_dir = fs::path(path).parent_path().string();
    if (!read_waiver(path, *t, index, &w, error)) return false;
    layer.waivers.push_back(std::move(w));
  }
  return true;
}

bool read_severities(const std::string& path, const toml::node& v, SettingsLayer& layer,
                     std::string* error) {
  const toml::table* t = v.as_table();
  if (!t) {
    *error = fmt::format("{}: 'severity' must be a table like [severity] OL102 = \"error\"",
                         where(path, v));
    return false;
  }
  for (const auto& [rk, rv] : *t) {
    auto level = parse_severity(rv.value<std::string>().value_or(""));
    if (!level) {
      *error = fmt::format("{}: severity of '{}' must be \"error\", \"warning\" or \"info\"",
                           where(path, rv), rk.str());
      return false;
    }
    layer.severity[std::string(rk.str())] = *level;
  }
  return true;
}

// A non-negative integer setting; false with an error naming the key.
bool read_count(const std::string& path, const toml::node& v, const std::string& key,
                std::optional<int>* out, std::string* error) {
  auto n = v.value<int64_t>();
  if (!n || *n < 0 || *n > 1000000) {
    *error = fmt::format("{}: '{}' must be a non-negative integer", where(path, v), key);
    return false;
  }
  *out = static_cast<int>(*n);
  return true;
}

bool read_key(const std::string& path, const std::string& key, const toml::node& v,
              SettingsLayer& layer, std::string* error) {
  const std::string at = where(path, v);
  if (key == "select") {
    layer.select.emplace();
    return string_list(path, v, key, &*layer.select, error);
  }
  if (key == "extend-select") return string_list(path, v, key, &layer.extend_select, error);
  // `ignore = ["OL402"]` ignores rules; `[[ignore]]` tables are waivers.
  if (key == "ignore")
    return v.is_array_of_tables() ? read_waivers(path, *v.as_array(), layer, error)
                                  : string_list(path, v, key, &layer.ignore, error);
  if (key == "severity") return read_severities(path, v, layer, error);
  if (key == "fail-on") {
    layer.fail_on = parse_fail_on(v.value<std::string>().value_or(""));
    if (!layer.fail_on)
      *error =
          fmt::format("{}: 'fail-on' must be \"error\", \"warning\", \"info\" or \"never\"", at);
    return layer.fail_on.has_value();
  }
  if (key == "max-warnings") return read_count(path, v, key, &layer.max_warnings, error);
  if (key == "target-opset") return read_count(path, v, key, &layer.target_opset, error);
  if (key == "target") {
    layer.target = v.value<std::string>();
    if (!layer.target) *error = fmt::format("{}: 'target' must be a string such as \"trt-10\"", at);
    return layer.target.has_value();
  }
  if (key == "precision") {
    layer.precision = parse_precision(v.value<std::string>().value_or(""));
    if (!layer.precision)
      *error = fmt::format("{}: 'precision' must be \"fp32\", \"fp16\" or \"bf16\"", at);
    return layer.precision.has_value();
  }
  if (key == "exit-zero") {
    layer.exit_zero = v.value<bool>();
    if (!layer.exit_zero) *error = fmt::format("{}: 'exit-zero' must be true or false", at);
    return layer.exit_zero.has_value();
  }
  *error = fmt::format(
      "{}: unknown key '{}' (known: select, extend-select, ignore, severity, fail-on, "
      "max-warnings, target-opset, target, precision, exit-zero, [[ignore]])",
      at, key);
  return false;
}

}  // namespace

bool read_config_file(const std::string& path, SettingsLayer* out, std::string* error) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    *error = fmt::format("{}:{}:{}: invalid TOML: {}", path, b.line, b.column, e.description());
    if (e.description().find("'ignore'") != std::string_view::npos)
      *error +=
          "; TOML cannot have both `ignore = [...]` and `[[ignore]]`: next to waivers, "
          "ignore a whole rule with a waiver that has no `nodes`";
    return false;
  } catch (const std::exception& e) {
    *error = fmt::format("{}: cannot read config: {}", path, e.what());
    return false;
  }
  SettingsLayer layer;
  for (const auto& [k, v] : root)
    if (!read_key(path, std::string(k.str()), v, layer, error)) return false;
  *out = std::move(layer);
  return true;
}

std::string find_config_from(const std::string& dir) {
  // A few stat() calls per model; not cached, so a config written between two
  // runs in one process (tests, editors) is always seen.
  std::error_code ec;
  const fs::path start = fs::absolute(fs::path(dir), ec);
  if (ec) return "";
  for (fs::path d = start;; d = d.parent_path()) {
    fs::path candidate = d / kConfigFileName;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (d == d.parent_path()) return "";
  }
}

std::string config_for_model(const std::string& model_path, const ConfigChoice& choice) {
  if (choice.isolated) return "";
  if (!choice.file.empty()) return choice.file;
  std::error_code ec;
  return find_config_from(fs::absolute(fs::path(model_path), ec).parent_path().string());
}

std::string config_for_run(const ConfigChoice& choice) {
  if (choice.isolated) return "";
  if (!choice.file.empty()) return choice.file;
  std::error_code ec;
  return find_config_from(fs::current_path(ec).string());
}

bool settings_for(const std::string& config, const SettingsLayer& flags, LintSettings* out,
                  std::string* error) {
  SettingsLayer file;
  if (!config.empty() && !read_config_file(config, &file, error)) return false;
  *out = resolve_settings({&file, &flags});
  if (!find_target(out->target)) {
    *error =
        (config.empty() || flags.target ? "" : config + ": ") + unknown_target_error(out->target);
    return false;
  }
  return validate_selectors(*out, error);
}

}  // namespace onnx_lint
