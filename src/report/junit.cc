// JUnit XML, for CI systems that chart test results: a model is a testsuite,
// each rule that ran on it a testcase, failing when it has findings.
#include <fmt/format.h>

#include "diagnostics/report_paths.h"
#include "onnx_lint/writers.h"
#include "report/markup.h"

namespace onnx_lint {
void write_junit(const RunReport& report, const WriteStyle&, std::ostream& out) {
  size_t tests = 0, failures = 0, errors = 0;
  std::string suites;
  for (const auto& f : report.files) {
    if (!f.ok) {
      ++tests, ++errors;
      suites += fmt::format(
          "  <testsuite name=\"{0}\" tests=\"1\" failures=\"0\" errors=\"1\">\n"
          "    <testcase classname=\"{0}\" name=\"load\">\n"
          "      <error message=\"{1}\"/>\n    </testcase>\n  </testsuite>\n",
          escape_markup(f.path), escape_markup(f.error));
      continue;
    }
    std::string cases;
    size_t suite_failures = 0;
    for (const auto& code : f.rules_run) {
      const RuleInfo* rule = report.rule(code);
      const std::string name = fmt::format("{} {}", code, rule ? rule->name : "");
      std::string body;
      size_t n = 0;
      for (const auto& d : f.diagnostics) {
        if (d.rule != code) continue;
        ++n;
        body += fmt::format("{}: {}: {}\nfix: {}\n", severity_name(d.severity), logical_path(d),
                            d.message, d.fix);
      }
      if (n == 0) {
        cases += fmt::format("    <testcase classname=\"{}\" name=\"{}\"/>\n",
                             escape_markup(f.path), escape_markup(name));
        continue;
      }
      ++suite_failures;
      cases += fmt::format(
          "    <testcase classname=\"{}\" name=\"{}\">\n"
          "      <failure message=\"{} finding{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
          escape_markup(f.path), escape_markup(name), n, n == 1 ? "" : "s", code,
          escape_markup(body));
    }
    tests += f.rules_run.size();
    failures += suite_failures;
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" time=\"{:.3f}\">\n{}"
        "  </testsuite>\n",
        escape_markup(f.path), f.rules_run.size(), suite_failures, f.lint_ms / 1000.0, cases);
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuites name=\"onnx-lint\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                     tests, failures, errors)
      << suites << "</testsuites>\n";
}

}  // namespace onnx_lint
