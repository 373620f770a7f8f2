#include "onnx_lint/report.h"

namespace onnx_lint {

std::map<std::string, size_t> FileReport::counts() const {
  std::map<std::string, size_t> out;
  for (const auto& d : diagnostics) ++out[d.rule];
  return out;
}

Summary RunReport::summary() const {
  Summary s;
  s.files = files.size();
  for (const auto& f : files) {
    if (!f.ok) ++s.failed_files;
    s.waived += f.waived;
    s.baselined += f.baselined;
    for (const auto& d : f.diagnostics) {
      switch (d.severity) {
        case Severity::kError:
          ++s.errors;
          break;
        case Severity::kWarning:
          ++s.warnings;
          break;
        case Severity::kInfo:
          ++s.infos;
          break;
      }
    }
  }
  return s;
}

std::vector<RuleCount> RunReport::rule_counts() const {
  std::map<std::string, RuleCount> by_code;
  for (const auto& f : files)
    for (const auto& d : f.diagnostics) {
      RuleCount& c = by_code[d.rule];
      c.code = d.rule;
      c.name = d.name;
      ++c.findings;
    }
  std::vector<RuleCount> out;
  for (auto& [code, c] : by_code) out.push_back(std::move(c));
  return out;
}

const RuleInfo* RunReport::rule(std::string_view code) const {
  for (const auto& r : catalogue)
    if (r.code == code) return &r;
  return nullptr;
}

int exit_code(const RunReport& report, const ExitPolicy& options) {
  bool failing = false;
  for (const auto& f : report.files) {
    if (!f.ok) return 2;
    for (const auto& d : f.diagnostics)
      if (options.fail_on && d.severity >= *options.fail_on) failing = true;
  }
  if (options.max_warnings &&
      report.summary().warnings > static_cast<size_t>(*options.max_warnings))
    failing = true;
  return failing && !options.exit_zero ? 1 : 0;
}

}  // namespace onnx_lint
