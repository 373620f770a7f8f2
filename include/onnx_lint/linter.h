// One model: settings -> load -> rules -> waivers -> its FileReport.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "onnx_lint/loader.h"
#include "onnx_lint/report.h"
#include "onnx_lint/settings.h"

namespace onnx_lint {

/// Loads a model (load_model) and completes it: infers the types and shapes of
/// its tensors (unless options.infer_types is kNever) and runs the structural
/// checker, whose verdict OL000 reports.
LoadResult read_model(const std::string& path, const LoadOptions& options = {});
LoadResult read_model_from_bytes(std::string_view bytes, const std::string& display_path,
                                 const LoadOptions& options = {});
/// The completion step alone, for a model loaded some other way.
void complete_model(Model& model, const LoadOptions& options);

/// Runs the enabled rules over a loaded model with their effective severities;
/// diagnostics come back sorted, with module/source attached. No waivers.
std::vector<Diagnostic> lint_model(const Model& model, const LintSettings& settings);

/// How to lint each file: the flags, which config governs it, how to load it.
struct LintJob {
  SettingsLayer flags;
  ConfigChoice config;
  LoadOptions load;
  bool hash = false;     // fill FileReport::sha256 (the JSON report shows it)
  int excerpt_hops = 0;  // > 0: attach each finding's neighbourhood this many hops out (HTML)
};

/// Loads and lints one file under its own config (looked up once), then
/// applies waivers. Never throws: every failure is the report's one-line error.
/// With `keep`, the loaded model is moved there (for `diff`, which compares it).
FileReport lint_file(const std::string& path, const LintJob& job,
                     std::optional<Model>* keep = nullptr);
/// The same for a model already in memory (the Python binding's bytes, a
/// ModelProto): `name` stands for the file in the report and errors. No
/// config is looked up (there is no folder): only job.config.file applies,
/// and external data is never resolved.
FileReport lint_bytes(std::string_view bytes, const std::string& name, const LintJob& job);

}  // namespace onnx_lint
