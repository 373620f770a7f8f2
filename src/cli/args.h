// argv -> what to do: the run settings the CLI owns, and the flag layer of
// the lint settings (resolved with each model's config by the engine).
#pragma once

#include <string>

#include "onnx_lint/batch.h"
#include "onnx_lint/fix.h"

namespace onnx_lint {

enum class ColorMode { kAuto, kAlways, kNever };

/// Settings of the run as a whole: only the command line gives them.
struct RunSettings {
  BatchJob batch;  // inputs, flags, config choice, load options, jobs, baselines
  std::string format = "text";
  std::string output;  // "" = stdout
  ColorMode color = ColorMode::kAuto;
  bool quiet = false;
  bool statistics = false;
  int graph_hops = 2;  // HTML pictures: producers and consumers this far out
};

enum class Action { kLint, kListRules, kListTargets, kExplain, kExit };

struct Args {
  Action action = Action::kLint;
  int exit_code = 0;    // for kExit: --help, --version (0) or a usage error (2)
  std::string explain;  // for kExplain: the rule asked about
  RunSettings run;
};

/// Parses the command line. Help, version and usage errors are printed here
/// and come back as kExit with the exit code.
Args parse_args(int argc, char** argv);

/// `onnx-lint fix MODEL ...` (argv[0] is "fix").
struct FixArgs {
  bool exit = false;
  int exit_code = 0;
  std::string model;
  std::string format = "text";
  FixJob job;
};
FixArgs parse_fix_args(int argc, char** argv);

/// `onnx-lint diff OLD NEW ...` (argv[0] is "diff").
struct DiffArgs {
  bool exit = false;
  int exit_code = 0;
  std::string old_model, new_model;
  std::string format = "text";
  std::string output;    // "" = stdout
  std::string docs_url;  // markdown: where rule pages live
  bool fail_on_signature_change = false;
  LintJob lint;
};
DiffArgs parse_diff_args(int argc, char** argv);

}  // namespace onnx_lint
