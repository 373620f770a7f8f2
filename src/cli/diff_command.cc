// `onnx-lint diff`: runs the engine's diff_files, prints it in the format
// asked for, and turns what the change introduced into the exit code.
#include "cli/diff_command.h"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/args.h"
#include "engine/config.h"
#include "engine/targets.h"
#include "onnx_lint/batch.h"
#include "onnx_lint/diff.h"
#include "onnx_lint/writers.h"
#include "report/diff_writers.h"

namespace onnx_lint {
namespace {

constexpr int kExitFindings = 1, kExitUsage = 2;

// SARIF holds only what the change introduced: the lint's own SARIF writer,
// fed NEW's report with its findings replaced by the introduced ones.
void write_sarif(const ModelDiff& d, std::ostream& out) {
  FileReport introduced = d.new_side.report;
  introduced.diagnostics = d.findings.introduced;
  find_writer("sarif")->write(single_model_run(std::move(introduced)), WriteStyle{}, out);
}

// The fail-on level NEW is linted under: its config, then the flags.
FailOn fail_on_of(const DiffArgs& args) {
  LintSettings settings;
  std::string error;
  if (!settings_for(config_for_model(args.new_model, args.lint.config), args.lint.flags, &settings,
                    &error))
    return Severity::kError;  // diff_files already said what is wrong with it
  return settings.exit.fail_on;
}

}  // namespace

int run_diff(int argc, char** argv) {
  const DiffArgs args = parse_diff_args(argc, argv);
  if (args.exit) return args.exit_code;
  if (const auto& target = args.lint.flags.target; target && !find_target(*target)) {
    std::cerr << "onnx-lint diff: " << unknown_target_error(*target) << "\n";
    return kExitUsage;
  }
  const DiffResult result = diff_files(args.old_model, args.new_model, args.lint);
  if (!result.error.empty()) {
    std::cerr << "error: " << result.error << "\n";
    return kExitUsage;
  }
  std::ostringstream text;
  const DiffStyle style{args.docs_url};
  if (args.format == "json")
    write_diff_json(result.diff, style, text);
  else if (args.format == "markdown")
    write_diff_markdown(result.diff, style, text);
  else if (args.format == "sarif")
    write_sarif(result.diff, text);
  else
    write_diff_text(result.diff, style, text);
  if (args.output.empty()) {
    std::cout << text.str();
  } else {
    std::ofstream file(args.output, std::ios::binary);
    file << text.str();
    if (!file.flush()) {
      std::cerr << fmt::format("error: {}: cannot write the report\n", args.output);
      return kExitUsage;
    }
  }
  const FailOn fail_on = fail_on_of(args);
  for (const Diagnostic& d : result.diff.findings.introduced)
    if (fail_on && d.severity >= *fail_on) return kExitFindings;
  if (args.fail_on_signature_change && !result.diff.signature.empty()) return kExitFindings;
  return 0;
}

}  // namespace onnx_lint
