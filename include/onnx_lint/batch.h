// A run: every input file linted on worker threads, in input order, then the
// run-level findings (config waivers that hid nothing) and the baseline.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "onnx_lint/linter.h"
#include "onnx_lint/report.h"

namespace onnx_lint {

struct BatchJob {
  std::vector<std::string> inputs;  // files, or directories to search for *.onnx
  LintJob lint;
  int jobs = 0;                // 0 = number of cores
  std::string baseline;        // report only findings not in this baseline
  std::string write_baseline;  // record the current findings here
  bool group = true;           // one report entry per cause (FileReport::groups)
};

/// Directories become their *.onnx files (recursively, sorted); files stay as
/// given. A directory without models becomes an error entry of its own.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs,
                                       std::vector<std::string>* empty_dirs);

/// Called after each file with (files done, files total), from worker threads.
using Progress = std::function<void(size_t, size_t)>;
/// Lints every input; throws std::runtime_error when the baseline cannot be
/// read or written.
RunReport lint_files(const BatchJob& job, const Progress& progress = {});

/// One model's report as a run of it alone reports it (unused config waivers,
/// the catalogue of the rules that ran, findings grouped by cause): what the
/// reporters read, for a model linted by lint_file or lint_bytes.
RunReport single_model_run(FileReport file, bool group = true);

}  // namespace onnx_lint
