#include "cli/cli.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli/args.h"
#include "cli/catalogue.h"
#include "cli/diff_command.h"
#include "cli/fix_command.h"
#include "cli/progress_bar.h"
#include "engine/config.h"
#include "engine/targets.h"
#include "onnx_lint/writers.h"

namespace onnx_lint {
namespace {

constexpr int kExitUsage = 2;
constexpr size_t kProgressMinFiles = 20;

bool use_color(ColorMode mode, bool to_file) {
  if (mode == ColorMode::kAlways) return true;
  if (mode == ColorMode::kNever || to_file) return false;
  if (std::getenv("NO_COLOR")) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return isatty(fileno(stdout)) != 0;
}

// What fails the run: the flags over the config of the working directory
// (each model's own config decides its rules, not the run's exit code).
bool run_exit_policy(const RunSettings& run, ExitPolicy* policy) {
  const ConfigChoice& choice = run.batch.lint.config;
  std::error_code ec;
  if (!choice.file.empty() && !std::filesystem::is_regular_file(choice.file, ec)) {
    std::cerr << fmt::format("onnx-lint: --config '{}': no such file\n", choice.file);
    return false;
  }
  LintSettings settings;
  std::string error;
  if (!settings_for(config_for_run(choice), run.batch.lint.flags, &settings, &error)) {
    std::cerr << "onnx-lint: " << error << "\n";
    return false;
  }
  *policy = settings.exit;
  return true;
}

// Lints, writes the report; the exit code.
int lint(const RunSettings& run) {
  ExitPolicy policy;
  if (!run_exit_policy(run, &policy)) return kExitUsage;
  std::ofstream file;
  if (!run.output.empty()) {
    file.open(run.output, std::ios::out | std::ios::trunc);
    if (!file) {
      std::cerr << fmt::format("onnx-lint: cannot write the report to '{}': {}\n", run.output,
                               std::strerror(errno));
      return kExitUsage;
    }
  }
  std::ostream& out = run.output.empty() ? std::cout : file;
  ProgressBar bar(isatty(fileno(stderr)) && !run.quiet, kProgressMinFiles);
  RunReport report;
  try {
    report = lint_files(run.batch, [&](size_t done, size_t total) { bar.update(done, total); });
  } catch (const std::runtime_error& e) {  // baseline read/write errors
    std::cerr << "onnx-lint: " << e.what() << "\n";
    return kExitUsage;
  }
  const WriteStyle style{use_color(run.color, !run.output.empty()), run.quiet, run.statistics,
                         run.graph_hops};
  find_writer(run.format)->write(report, style, out);
  out.flush();
  if (!out) {
    std::cerr << "onnx-lint: failed to write the report\n";
    return kExitUsage;
  }
  const int code = exit_code(report, policy);
  if (!report.wrote_baseline.empty()) return code == 2 ? 2 : 0;
  return code;
}

int run(int argc, char** argv) {
  // A subcommand, not a model: `./fix` still lints a file named fix.
  if (argc > 1 && std::string_view(argv[1]) == "fix") return run_fix(argc - 1, argv + 1);
  if (argc > 1 && std::string_view(argv[1]) == "diff") return run_diff(argc - 1, argv + 1);
  const Args args = parse_args(argc, argv);
  switch (args.action) {
    case Action::kExit:
      return args.exit_code;
    case Action::kListRules:
      list_rules(std::cout);
      return 0;
    case Action::kListTargets:
      list_targets(std::cout);
      return 0;
    case Action::kExplain:
      if (explain_rule(args.explain, std::cout)) return 0;
      std::cerr << fmt::format(
          "onnx-lint: unknown rule '{}'; `onnx-lint --list-rules` lists them\n", args.explain);
      return kExitUsage;
    case Action::kLint:
      break;
  }
  if (const auto& target = args.run.batch.lint.flags.target; target && !find_target(*target)) {
    std::cerr << "onnx-lint: " << unknown_target_error(*target) << "\n";
    return kExitUsage;
  }
  if (args.run.batch.inputs.empty()) {
    std::cerr << "onnx-lint: no model given. Usage: onnx-lint [OPTIONS] MODEL.onnx|DIR...\n"
                 "Run `onnx-lint --help` for options.\n";
    return kExitUsage;
  }
  return lint(args.run);
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
