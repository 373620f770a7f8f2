// Command line -> Options -> lint -> reporter -> exit code.
#include "onnx_lint/cli.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "onnx_lint/config.h"
#include "onnx_lint/linter.h"
#include "onnx_lint/registry.h"
#include "onnx_lint/reporters.h"
#include "onnx_lint/rule_docs.h"
#include "onnx_lint/selection.h"

namespace onnx_lint {
namespace {

constexpr int kExitUsage = 2;
constexpr size_t kProgressMinFiles = 20;

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

// "OL101,resize-nearest" and repeated flags both add to the list.
std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    size_t start = 0;
    while (start <= v.size()) {
      size_t end = v.find(',', start);
      if (end == std::string::npos) end = v.size();
      if (end > start) out.push_back(v.substr(start, end - start));
      start = end + 1;
    }
  }
  return out;
}

bool parse_fail_on(const std::string& s, FailOn* out) {
  if (s == "never") return *out = std::nullopt, true;
  auto level = parse_severity(s);
  if (!level) return false;
  *out = *level;
  return true;
}

// A one-line progress bar on stderr, redrawn in place.
class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  void update(size_t done, size_t total) {
    if (!enabled_) return;
    std::lock_guard<std::mutex> lock(mu_);
    const size_t width = 30, filled = total ? done * width / total : width;
    std::cerr << fmt::format("\r[{:<{}}] {}/{} models", std::string(filled, '#'), width, done, total)
              << std::flush;
    if (done == total) std::cerr << "\r\x1b[K" << std::flush;
  }

 private:
  bool enabled_;
  std::mutex mu_;
};

int run(int argc, char** argv) {
  CLI::App app{"onnx-lint: find the PyTorch export idioms that break TensorRT and ONNX Runtime",
               "onnx-lint"};
  app.set_version_flag("--version", std::string("onnx-lint ") + ONNX_LINT_VERSION);
  app.footer(
      "Selectors: a rule code (OL101), a name (resize-linear), a code prefix (OL1) or ALL.\n"
      "Settings also come from the nearest .onnx-lint.toml (see docs/ci.md); flags win.\n"
      "Exit codes: 0 no finding at or above --fail-on; 1 findings at or above it (or more than\n"
      "--max-warnings warnings); 2 usage or config error, or a file that could not be linted.\n"
      "Rules: onnx-lint --list-rules; onnx-lint --explain CODE.");

  Options opt;
  std::string fail_on = "error";
  bool want_list = false;
  std::string explain_key;
  std::vector<std::string> select, ignore, extend_select, severity;
  app.add_option("files", opt.inputs, "ONNX model files, or directories to search for *.onnx");
  app.add_option("--format", opt.format, "Report format")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, Format>{{"text", Format::kText},
                                        {"json", Format::kJson},
                                        {"sarif", Format::kSarif},
                                        {"github", Format::kGithub},
                                        {"junit", Format::kJunit}}))
      ->default_str("text");
  app.add_option("-o,--output", opt.output, "Write the report to FILE instead of stdout");
  app.add_option("--color", opt.color, "Colour the text report")
      ->transform(CLI::CheckedTransformer(std::map<std::string, ColorMode>{
          {"auto", ColorMode::kAuto}, {"always", ColorMode::kAlways}, {"never", ColorMode::kNever}}))
      ->default_str("auto");
  // One value per flag (comma lists allowed), so a model path after the flag
  // is not taken for a rule; repeating the flag adds more.
  auto* select_opt = app.add_option("--select", select, "Rules to run (replaces the default ALL)")
                         ->expected(1)
                         ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
                         ->allow_extra_args(false);
  app.add_option("--extend-select", extend_select, "Rules to run in addition to the selection")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
                         ->allow_extra_args(false);
  app.add_option("--ignore", ignore, "Rules not to run")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
                         ->allow_extra_args(false);
  app.add_option("--severity", severity, "Override a rule's level: SELECTOR=error|warning|info")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
                         ->allow_extra_args(false);
  auto* fail_opt =
      app.add_option("--fail-on", fail_on,
                     "Lowest severity that makes the exit code 1: error, warning, info or never")
          ->check(CLI::IsMember({"error", "warning", "info", "never"}))
          ->default_str("error");
  auto* max_opt = app.add_option("--max-warnings", opt.max_warnings,
                                 "Exit 1 when there are more warnings than this")
                      ->check(CLI::NonNegativeNumber);
  auto* zero_opt = app.add_flag("--exit-zero", opt.exit_zero,
                                "Exit 0 even with findings (2 still means a file failed)");
  auto* opset_opt = app.add_option("--target-opset", opt.target_opset,
                                   "Default-domain opset the deployment expects (OL001)")
                        ->check(CLI::Range(1, 1000))
                        ->default_str("12");
  app.add_option("--config", opt.config, "Use this config file for every model");
  app.add_flag("--isolated", opt.no_config, "Ignore all .onnx-lint.toml files");
  app.add_option("--baseline", opt.baseline, "Report only findings not recorded in this baseline");
  app.add_option("--write-baseline", opt.write_baseline,
                 "Record the current findings in this baseline file");
  app.add_option("-j,--jobs", opt.jobs, "Models linted in parallel (default: number of cores)")
      ->check(CLI::Range(1, 1024));
  app.add_option("--infer-types", opt.infer_types,
                 "ONNX type inference: auto (skipped above 250000 nodes), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->default_str("auto");
  app.add_flag("--statistics", opt.statistics, "Text: count findings per rule instead of listing them");
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
    std::cerr << "onnx-lint: no model given. Usage: onnx-lint [OPTIONS] MODEL.onnx|DIR...\n"
                 "Run `onnx-lint --help` for options.\n";
    return kExitUsage;
  }

  if (select_opt->count()) {
    opt.select = split_commas(select);
    opt.given.insert(setting::kSelect);
  }
  opt.extend_select = split_commas(extend_select);
  opt.ignore = split_commas(ignore);
  for (const auto& item : severity) {
    const size_t eq = item.find('=');
    auto level = eq == std::string::npos ? std::nullopt : parse_severity(item.substr(eq + 1));
    if (!level) {
      std::cerr << fmt::format(
          "onnx-lint: --severity '{}': expected SELECTOR=error|warning|info, e.g. OL102=error\n",
          item);
      return kExitUsage;
    }
    opt.severity[item.substr(0, eq)] = *level;
  }
  parse_fail_on(fail_on, &opt.fail_on);
  if (fail_opt->count()) opt.given.insert(setting::kFailOn);
  if (max_opt->count()) opt.given.insert(setting::kMaxWarnings);
  if (zero_opt->count()) opt.given.insert(setting::kExitZero);
  if (opset_opt->count()) opt.given.insert(setting::kTargetOpset);

  // Run-level settings (exit code) come from the flags and the config of the
  // working directory; per-model settings from each model's own config.
  Options run_opt;
  std::string error;
  std::error_code ec;
  const std::string run_config =
      opt.no_config ? ""
      : !opt.config.empty()
          ? opt.config
          : find_config((std::filesystem::current_path(ec) / "onnx-lint-run").string());
  if (!opt.config.empty() && !std::filesystem::is_regular_file(opt.config, ec)) {
    std::cerr << fmt::format("onnx-lint: --config '{}': no such file\n", opt.config);
    return kExitUsage;
  }
  if (!effective_options(opt, run_config, &run_opt, &error) ||
      !validate_selectors(run_opt, &error)) {
    std::cerr << "onnx-lint: " << error << "\n";
    return kExitUsage;
  }

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

  ProgressBar bar(isatty(fileno(stderr)) && !opt.quiet);
  RunReport report;
  try {
    report = lint_files(opt, [&](size_t done, size_t total) {
      if (total >= kProgressMinFiles) bar.update(done, total);
    });
  } catch (const std::runtime_error& e) {  // baseline read/write errors
    std::cerr << "onnx-lint: " << e.what() << "\n";
    return kExitUsage;
  }
  switch (opt.format) {
    case Format::kJson: write_json(report, out); break;
    case Format::kSarif: write_sarif(report, out); break;
    case Format::kGithub: write_github(report, out); break;
    case Format::kJunit: write_junit(report, out); break;
    case Format::kText:
      write_text(report,
                 TextStyle{use_color(opt.color, !opt.output.empty()), opt.quiet, opt.statistics},
                 out);
      break;
  }
  out.flush();
  if (!out) {
    std::cerr << "onnx-lint: failed to write the report\n";
    return kExitUsage;
  }
  if (!report.wrote_baseline.empty()) return exit_code(report, run_opt) == 2 ? 2 : 0;
  return exit_code(report, run_opt);
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
