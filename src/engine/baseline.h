// Baselines: record today's findings, then report only new ones.
#pragma once

#include <string>

#include "onnx_lint/report.h"

namespace onnx_lint {

/// The model path as a baseline records it: relative to the baseline file's
/// directory, with '/' separators, so the file can be committed.
std::string baseline_model_path(const std::string& model, const std::string& baseline_path);
/// Stable across runs and node reordering: rule + model + graph + anchor.
std::string fingerprint(const Diagnostic& d, const std::string& baseline_model);

/// Fills every finding's fingerprint, keyed by the model path as reports show it.
void stamp_fingerprints(FileReport& report);

/// Writes the report's findings (sorted, one per line of JSON) to `path`.
bool write_baseline(RunReport& report, const std::string& path, std::string* error);
/// Removes findings recorded in the baseline at `path` from the report, counts
/// them, and lists the entries for linted models that matched nothing.
bool apply_baseline(RunReport& report, const std::string& path, std::string* error);

}  // namespace onnx_lint
