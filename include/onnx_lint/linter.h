// load -> graph -> rules -> diagnostics, for one file.
#pragma once

#include <string>

#include "onnx_lint/loader.h"
#include "onnx_lint/options.h"
#include "onnx_lint/report.h"

namespace onnx_lint {

/// Runs every rule over a loaded model; diagnostics come back sorted.
std::vector<Diagnostic> lint_model(const Model& model, const Options& options);
/// Loads and lints one file. Never throws: a bad file becomes !ok with an error.
FileReport lint_file(const std::string& path, const Options& options);
RunReport lint_files(const Options& options);

}  // namespace onnx_lint
