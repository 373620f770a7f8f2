#include "onnx_lint/linter.h"

#include <fmt/format.h>

#include <chrono>
#include <exception>

#include "analysis/source_map.h"
#include "engine/baseline.h"
#include "engine/config.h"
#include "engine/diagnostic_order.h"
#include "engine/excerpts.h"
#include "engine/model_summary.h"
#include "engine/selection.h"
#include "engine/sha256.h"
#include "engine/targets.h"
#include "engine/waivers.h"

namespace onnx_lint {
namespace {

// Module, source line and code line of each finding, from what the model
// carries (analysis/source_map.h); a rule's own values are kept.
void attach_sources(const Model& model, std::vector<Diagnostic>& ds) {
  for (auto& d : ds) {
    if (d.graph_id < 0 || d.graph_id >= static_cast<int>(model.graphs.size())) continue;
    const Graph& g = model.graphs[d.graph_id];
    const Node* node = nullptr;
    if (d.node_index) {
      if (*d.node_index < 0 || *d.node_index >= static_cast<int>(g.nodes.size())) continue;
      node = &g.nodes[*d.node_index];
    } else if (!d.tensor || !g.is_graph_input(*d.tensor)) {
      continue;
    }
    SourceLocation loc = source_in_model(model, g, node, d.tensor.value_or(""));
    if (!d.module) d.module = std::move(loc.module);
    if (!d.source) d.source = std::move(loc.source);
    if (!d.code) d.code = std::move(loc.code);
  }
}

// A config error names the file at fault: the config (which the error may
// already start with), or the model when there is no config.
std::string settings_error(const std::string& path, const std::string& config,
                           const std::string& error) {
  if (config.empty()) return fmt::format("{}: {}", path, error);
  if (error.rfind(config, 0) == 0) return error;
  return fmt::format("{}: {} (config of {})", config, error, path);
}

// Everything after loading: rules, waivers, OL002, order, identity.
void lint_loaded(const Model& model, const LintSettings& settings, const LintJob& job,
                 FileReport& report) {
  if (!model.inference_note.empty()) report.notes.push_back(model.inference_note);
  if (!model.checker_note.empty()) report.notes.push_back(model.checker_note);
  report.model = summarize(model);
  report.file_size = model.file_size;
  report.diagnostics = lint_model(model, settings);
  const std::set<std::string> enabled = enabled_rules(settings);
  report.rules_run.assign(enabled.begin(), enabled.end());
  const std::vector<WaiverOutcome> own = apply_waivers(model, settings, report);
  report_waiver_findings(own, enabled, settings, report.diagnostics);
  sort_diagnostics(report.diagnostics);
  stamp_fingerprints(report);
  if (job.excerpt_hops > 0) attach_excerpts(model, report.diagnostics, {job.excerpt_hops, 8});
  if (job.hash && model.file) report.sha256 = sha256_hex(model.file->bytes());
}

}  // namespace

std::vector<Diagnostic> lint_model(const Model& model, const LintSettings& settings) {
  std::vector<Diagnostic> out;
  const Target* target = find_target(settings.target);
  if (!target) target = find_target(kDefaultTarget);
  const LintContext ctx{model, settings.target_opset, *target, settings.precision};
  run_enabled_rules(settings, enabled_rules(settings), out,
                    [&](const Rule& rule, DiagnosticSink& sink) { rule.check(ctx, sink); });
  attach_sources(model, out);
  sort_diagnostics(out);
  return out;
}

namespace {

// The part of a lint every source of bytes shares: settings, load, lint,
// and every failure as the report's one line.
template <typename Load>
FileReport lint_loaded_by(const std::string& path, const std::string& config, const LintJob& job,
                          std::optional<Model>* keep, Load&& load) {
  const auto start = std::chrono::steady_clock::now();
  FileReport report;
  report.path = path;
  try {
    LintSettings settings;
    std::string error;
    if (!settings_for(config, job.flags, &settings, &error)) {
      report.error = settings_error(path, config, error);
      report.settings_error = true;
      return report;
    }
    const Target* target = find_target(settings.target);
    report.target = target ? target->name : settings.target;
    report.precision = std::string(precision_name(settings.precision));
    LoadResult loaded = load();
    if (!loaded.model) {
      report.error = loaded.error;
      return report;
    }
    lint_loaded(*loaded.model, settings, job, report);
    report.ok = true;
    if (keep) *keep = std::move(loaded.model);
  } catch (const std::bad_alloc&) {
    report.error = fmt::format("{}: out of memory while linting", path);
  } catch (const std::exception& e) {
    report.error = fmt::format("{}: internal error: {}", path, e.what());
  }
  report.lint_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace

FileReport lint_file(const std::string& path, const LintJob& job, std::optional<Model>* keep) {
  std::string config;
  try {
    config = config_for_model(path, job.config);
  } catch (const std::exception& e) {
    FileReport report;
    report.path = path;
    report.error = fmt::format("{}: internal error: {}", path, e.what());
    return report;
  }
  return lint_loaded_by(path, config, job, keep, [&] { return read_model(path, job.load); });
}

FileReport lint_bytes(std::string_view bytes, const std::string& name, const LintJob& job) {
  const std::string config = job.config.isolated ? "" : job.config.file;
  return lint_loaded_by(name, config, job, nullptr,
                        [&] { return read_model_from_bytes(bytes, name, job.load); });
}

}  // namespace onnx_lint
