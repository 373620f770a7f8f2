// `onnx-lint fix`: load, lint, rewrite what can be rewritten safely, write
// the new model, lint it again.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "onnx_lint/linter.h"
#include "onnx_lint/model_edit.h"

namespace onnx_lint {

struct FixJob {
  LintJob lint;        // flags (--select, --ignore, --target, ...), config, load options
  std::string output;  // -o FILE
  bool in_place = false;
  bool diff = false;    // say what would change; write nothing
  bool unsafe = false;  // --unsafe-fixes
  std::vector<std::pair<std::string, std::vector<int64_t>>> input_shapes;  // --set-input-shape
};

struct FixReport {
  std::string path, output;
  std::string error;     // one line naming the file; nothing was written
  bool written = false;  // the fixed model is at `output`
  std::vector<FixNote> notes;
  std::vector<Diagnostic> before, after;  // findings of the model, and of the fixed model
};

/// Never throws and never leaves a partial file: every failure is the
/// report's error, and the output then does not exist (or is unchanged).
FixReport fix_file(const std::string& path, const FixJob& job);

}  // namespace onnx_lint
