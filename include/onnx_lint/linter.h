// load -> graph -> rules -> waivers -> diagnostics, for one file or a batch.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "onnx_lint/loader.h"
#include "onnx_lint/options.h"
#include "onnx_lint/report.h"

namespace onnx_lint {

/// Runs the enabled rules over a loaded model with their effective severities;
/// diagnostics come back sorted, with module/source attached. No waivers.
std::vector<Diagnostic> lint_model(const Model& model, const Options& options);
/// Loads and lints one file with its own config (found from its directory,
/// or options.config), then applies waivers. Never throws.
FileReport lint_file(const std::string& path, const Options& cli);

/// Directories become their *.onnx files (recursively, sorted); files stay as
/// given. A directory without models becomes an error entry of its own.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs,
                                       std::vector<std::string>* empty_dirs);

/// Called after each file with (files done, files total), from worker threads.
using Progress = std::function<void(size_t, size_t)>;
/// Lints every input on options.jobs threads; results keep the input order.
/// Then reports unused config waivers, and applies or writes the baseline.
RunReport lint_files(const Options& cli, const Progress& progress = {});

}  // namespace onnx_lint
