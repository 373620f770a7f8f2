// The result of a run: one entry per input file, in input order.
#pragma once

#include <string>
#include <vector>

#include "onnx_lint/diagnostic.h"
#include "onnx_lint/model.h"
#include "onnx_lint/options.h"

namespace onnx_lint {

/// The model facts a report shows (kept so reporters never need the Model).
struct ModelSummary {
  int64_t ir_version = 0;
  std::vector<OpsetImport> opsets;
  std::string producer;  // "pytorch 1.13.1"
  size_t nodes = 0;      // in every graph, subgraphs and functions included
  size_t graphs = 0;
};

struct FileReport {
  std::string path;
  bool ok = false;
  std::string error;  // one line, when !ok
  ModelSummary model;
  std::vector<Diagnostic> diagnostics;
};

struct Summary {
  size_t files = 0, errors = 0, warnings = 0, infos = 0, failed_files = 0;
};

struct RunReport {
  std::vector<FileReport> files;
  Summary summary() const;
};

/// 0 clean, 1 findings at or above fail_on, 2 a file could not be linted.
int exit_code(const RunReport& report, const FailOn& fail_on);

}  // namespace onnx_lint
