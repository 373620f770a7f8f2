// Reporters format a RunReport; they never analyse.
#pragma once

#include <ostream>

#include "onnx_lint/report.h"

namespace onnx_lint {

struct TextStyle {
  bool color = false;
  bool quiet = false;       // no summary line
  bool statistics = false;  // counts per rule instead of each finding
};

void write_text(const RunReport& report, const TextStyle& style, std::ostream& out);
void write_json(const RunReport& report, std::ostream& out);
/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
void write_sarif(const RunReport& report, std::ostream& out);
/// GitHub Actions workflow commands (::error file=...::...), errors first.
void write_github(const RunReport& report, std::ostream& out);
/// JUnit XML: a testsuite per model, a testcase per rule.
void write_junit(const RunReport& report, std::ostream& out);

/// "main/decoder/up/Resize": the graph path and the node or tensor a finding is at.
std::string logical_path(const Diagnostic& d);
/// A model path as a report URI: relative to the working directory when
/// inside it, '/'-separated, with spaces and '%' escaped.
std::string artifact_uri(const std::string& path);

}  // namespace onnx_lint
