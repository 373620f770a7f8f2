// `onnx-lint diff OLD NEW`: both models linted under the same settings, then
// compared (src/diff): what the export change introduced and resolved.
#pragma once

#include <string>

#include "onnx_lint/linter.h"
#include "onnx_lint/model_diff.h"

namespace onnx_lint {

struct DiffResult {
  ModelDiff diff;
  /// One line naming the file that did not load (or whose config is bad);
  /// the diff is empty then.
  std::string error;
};

/// Never throws. Each model is loaded once; neither's external data is read.
DiffResult diff_files(const std::string& old_path, const std::string& new_path, const LintJob& job);

}  // namespace onnx_lint
