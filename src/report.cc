#include "onnx_lint/report.h"

namespace onnx_lint {

Summary RunReport::summary() const {
  Summary s;
  s.files = files.size();
  for (const auto& f : files) {
    if (!f.ok) ++s.failed_files;
    for (const auto& d : f.diagnostics) {
      switch (d.severity) {
        case Severity::kError: ++s.errors; break;
        case Severity::kWarning: ++s.warnings; break;
        case Severity::kInfo: ++s.infos; break;
      }
    }
  }
  return s;
}

int exit_code(const RunReport& report, const FailOn& fail_on) {
  bool failing = false;
  for (const auto& f : report.files) {
    if (!f.ok) return 2;
    for (const auto& d : f.diagnostics)
      if (fail_on && d.severity >= *fail_on) failing = true;
  }
  return failing ? 1 : 0;
}

}  // namespace onnx_lint
