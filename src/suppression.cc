#include "onnx_lint/suppression.h"

#include <fnmatch.h>

#include <filesystem>

#include <fmt/format.h>

#include "onnx_lint/selection.h"
#include "split.h"

namespace onnx_lint {
namespace fs = std::filesystem;
namespace {

// Non-empty, trimmed parts.
std::vector<std::string> fields(std::string_view s, char sep) {
  std::vector<std::string> out;
  for (std::string_view part : split(s, sep))
    if (!trim(part).empty()) out.emplace_back(trim(part));
  return out;
}

}  // namespace

bool parse_model_suppressions(std::string_view value, std::vector<Suppression>* out,
                              std::string* error) {
  for (const std::string& entry : fields(value, ';')) {
    Suppression s;
    const size_t colon = entry.find(':');
    s.rules = fields(std::string_view(entry).substr(0, colon), ',');
    if (colon != std::string::npos) s.nodes = fields(std::string_view(entry).substr(colon + 1), '|');
    if (s.rules.empty()) {
      *error = fmt::format("metadata {}: entry '{}' names no rule", kModelIgnoreKey, entry);
      return false;
    }
    s.origin = fmt::format("model metadata {} '{}'", kModelIgnoreKey, entry);
    s.reason = "waived in the model's metadata at export time";
    out->push_back(std::move(s));
  }
  return true;
}

bool glob_match(const std::string& pattern, const std::string& text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

bool suppression_applies_to_model(const Suppression& s, const std::string& model_path) {
  if (s.models.empty()) return true;
  std::error_code ec;
  std::string relative = model_path;
  if (!s.base_dir.empty()) {
    fs::path rel = fs::absolute(model_path, ec).lexically_relative(fs::absolute(s.base_dir, ec));
    if (!ec && !rel.empty()) relative = rel.string();
  }
  for (const auto& g : s.models)
    if (glob_match(g, relative) || glob_match(g, model_path)) return true;
  return false;
}

bool suppression_covers(const Suppression& s, const Diagnostic& d) {
  bool rule = false;
  for (const auto& sel : s.rules) rule = rule || selector_matches(sel, d.rule, d.name);
  if (!rule) return false;
  if (s.nodes.empty()) return true;
  for (const auto& g : s.nodes) {
    if (d.node && glob_match(g, *d.node)) return true;
    if (d.module && glob_match(g, *d.module)) return true;
    if (d.tensor && glob_match(g, *d.tensor)) return true;
  }
  return false;
}

}  // namespace onnx_lint
