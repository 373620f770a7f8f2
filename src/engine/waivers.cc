#include "engine/waivers.h"

#include <fmt/format.h>
#include <fnmatch.h>

#include <filesystem>

#include "analysis/text_split.h"
#include "engine/selection.h"

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

bool parse_model_waivers(std::string_view value, std::vector<Waiver>* out, std::string* error) {
  for (const std::string& entry : fields(value, ';')) {
    Waiver s;
    const size_t colon = entry.find(':');
    s.rules = fields(std::string_view(entry).substr(0, colon), ',');
    if (colon != std::string::npos)
      s.nodes = fields(std::string_view(entry).substr(colon + 1), '|');
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

bool waiver_applies_to_model(const Waiver& s, const std::string& model_path) {
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

bool waiver_covers(const Waiver& s, const Diagnostic& d) {
  bool rule = false;
  for (const auto& sel : s.rules) rule = rule || selector_matches(sel, d.rule);
  if (!rule) return false;
  if (s.nodes.empty()) return true;
  for (const auto& g : s.nodes) {
    if (d.node && glob_match(g, *d.node)) return true;
    if (d.module && glob_match(g, *d.module)) return true;
    if (d.tensor && glob_match(g, *d.tensor)) return true;
  }
  return false;
}

namespace {

WaiverOutcome outcome_of(const Waiver& w, std::string scope) {
  WaiverOutcome o;
  o.origin = w.origin;
  o.rules = w.rules;
  o.nodes = w.nodes;
  o.scope = std::move(scope);
  return o;
}

// The model's own waivers, and an outcome for each entry that cannot be read.
std::vector<Waiver> model_waivers(const Model& model, std::vector<WaiverOutcome>* unreadable) {
  std::vector<Waiver> out;
  for (const auto& [key, value] : model.metadata) {
    if (key != kModelIgnoreKey) continue;
    std::vector<Waiver> parsed;
    std::string error;
    if (!parse_model_waivers(value, &parsed, &error)) {
      WaiverOutcome o;
      o.origin = std::string(kModelIgnoreKey);
      o.error = error;
      unreadable->push_back(std::move(o));
      continue;
    }
    out.insert(out.end(), parsed.begin(), parsed.end());
  }
  return out;
}

}  // namespace

std::vector<WaiverOutcome> apply_waivers(const Model& model, const LintSettings& settings,
                                         FileReport& report) {
  std::vector<const Waiver*> waivers;
  for (const auto& w : settings.waivers)
    if (waiver_applies_to_model(w, report.path)) {
      waivers.push_back(&w);
      report.config_waivers.push_back(outcome_of(w, ""));
    }
  const size_t config_count = waivers.size();
  std::vector<WaiverOutcome> unreadable, model_outcomes;
  const std::vector<Waiver> own = model_waivers(model, &unreadable);
  for (const auto& w : own) {
    waivers.push_back(&w);
    model_outcomes.push_back(outcome_of(w, "in this model"));
  }

  std::vector<Diagnostic> kept;
  for (auto& d : report.diagnostics) {
    size_t hit = 0;
    while (hit < waivers.size() && !waiver_covers(*waivers[hit], d)) ++hit;
    if (hit == waivers.size()) {
      kept.push_back(std::move(d));
      continue;
    }
    ++report.waived;
    ++(hit < config_count ? report.config_waivers[hit] : model_outcomes[hit - config_count]).hits;
  }
  report.diagnostics = std::move(kept);
  model_outcomes.insert(model_outcomes.end(), unreadable.begin(), unreadable.end());
  return model_outcomes;
}

void report_waiver_findings(const std::vector<WaiverOutcome>& outcomes,
                            const std::set<std::string>& enabled, const LintSettings& settings,
                            std::vector<Diagnostic>& out) {
  if (outcomes.empty()) return;
  run_enabled_rules(settings, enabled, out, [&](const Rule& rule, DiagnosticSink& sink) {
    rule.check_waivers(outcomes, sink);
  });
}

}  // namespace onnx_lint
