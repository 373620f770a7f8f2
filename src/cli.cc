// Command line -> Options -> lint -> reporter -> exit code.
#include "onnx_lint/cli.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "onnx_lint/linter.h"
#include "onnx_lint/registry.h"
#include "onnx_lint/reporters.h"
#include "onnx_lint/rule_docs.h"

namespace onnx_lint {
namespace {

constexpr int kExitUsage = 2;

void list_rules(std::ostream& out) {
  size_t width = 0;
  for (const auto& r : all_rules()) width = std::max(width, r->meta().name.size());
  for (const auto& r : all_rules()) {
    const RuleMeta& m = r->meta();
    out << fmt::format("{}  {:<{}}  {:<7}  {}\n", m.code, m.name, width, severity_name(m.severity),
                       m.summary);
  }
}

int explain(std::string_view key, std::ostream& out) {
  const Rule* rule = find_rule(key);
  if (!rule) {
    std::cerr << fmt::format("onnx-lint: unknown rule '{}'; `onnx-lint --list-rules` lists them\n",
                             key);
    return kExitUsage;
  }
  std::string_view doc = rule_doc(rule->meta().code);
  if (doc.empty()) {
    const RuleMeta& m = rule->meta();
    out << fmt::format("# {} {}\n\n{}\n", m.code, m.name, m.summary);
  } else {
    out << doc;
    if (doc.back() != '\n') out << "\n";
  }
  return 0;
}

bool use_color(ColorMode mode, bool to_file) {
  if (mode == ColorMode::kAlways) return true;
  if (mode == ColorMode::kNever || to_file) return false;
  if (std::getenv("NO_COLOR")) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return isatty(fileno(stdout)) != 0;
}

int run(int argc, char** argv) {
  CLI::App app{"onnx-lint: find the PyTorch export idioms that break TensorRT and ONNX Runtime",
               "onnx-lint"};
  app.set_version_flag("--version", std::string("onnx-lint ") + ONNX_LINT_VERSION);
  app.footer(
      "Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it; 2 usage error "
      "or a file that could not be linted.\nRules: onnx-lint --list-rules; onnx-lint --explain "
      "CODE.");

  Options opt;
  std::string fail_on = "error";
  bool want_list = false;
  std::string explain_key;
  app.add_option("files", opt.inputs, "ONNX model files to lint");
  app.add_option("--format", opt.format, "Report format")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, Format>{{"text", Format::kText}, {"json", Format::kJson}}))
      ->default_str("text");
  app.add_option("-o,--output", opt.output, "Write the report to FILE instead of stdout");
  app.add_option("--color", opt.color, "Colour the text report")
      ->transform(CLI::CheckedTransformer(std::map<std::string, ColorMode>{
          {"auto", ColorMode::kAuto}, {"always", ColorMode::kAlways}, {"never", ColorMode::kNever}}))
      ->default_str("auto");
  app.add_option("--fail-on", fail_on,
                 "Lowest severity that makes the exit code 1: error, warning, info or never")
      ->check(CLI::IsMember({"error", "warning", "info", "never"}))
      ->default_str("error");
  app.add_option("--target-opset", opt.target_opset,
                 "Default-domain opset the deployment expects (OL001)")
      ->check(CLI::Range(1, 1000))
      ->default_str("12");
  app.add_flag("-q,--quiet", opt.quiet, "Print findings only, no summary line");
  app.add_flag("--list-rules", want_list, "List every rule and exit");
  app.add_option("--explain", explain_key, "Print a rule's documentation (code or name) and exit");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "onnx-lint: " << e.what() << "\nRun `onnx-lint --help` for usage.\n";
    return kExitUsage;
  }

  if (want_list) {
    list_rules(std::cout);
    return 0;
  }
  if (!explain_key.empty()) return explain(explain_key, std::cout);
  if (opt.inputs.empty()) {
    std::cerr << "onnx-lint: no model given. Usage: onnx-lint [OPTIONS] MODEL.onnx...\n"
                 "Run `onnx-lint --help` for options.\n";
    return kExitUsage;
  }
  opt.fail_on = fail_on == "never" ? FailOn{} : parse_severity(fail_on);

  std::ofstream file;
  if (!opt.output.empty()) {
    file.open(opt.output, std::ios::out | std::ios::trunc);
    if (!file) {
      std::cerr << fmt::format("onnx-lint: cannot write the report to '{}': {}\n", opt.output,
                               std::strerror(errno));
      return kExitUsage;
    }
  }
  std::ostream& out = opt.output.empty() ? std::cout : file;

  RunReport report = lint_files(opt);
  if (opt.format == Format::kJson) {
    write_json(report, out);
  } else {
    write_text(report, TextStyle{use_color(opt.color, !opt.output.empty()), opt.quiet}, out);
  }
  out.flush();
  if (!out) {
    std::cerr << "onnx-lint: failed to write the report\n";
    return kExitUsage;
  }
  return exit_code(report, opt.fail_on);
}

}  // namespace

int run_cli(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "onnx-lint: internal error: " << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace onnx_lint
