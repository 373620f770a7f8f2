// Every setting, in one struct: the command line and `.onnx-lint.toml` fill
// the same fields; the linter and reporters read them.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "onnx_lint/diagnostic.h"

namespace onnx_lint {

enum class Format { kText, kJson, kSarif, kGithub, kJunit };
enum class ColorMode { kAuto, kAlways, kNever };

/// The lowest severity that makes the exit code 1; nullopt means never.
using FailOn = std::optional<Severity>;

/// A waiver: findings of `rules` at nodes matching `nodes` are not reported.
struct Suppression {
  std::vector<std::string> rules;   // selectors: code, name, prefix or ALL
  std::vector<std::string> nodes;   // globs over node names, module paths or tensor names; empty = all
  std::vector<std::string> models;  // globs over model paths (config entries only); empty = all
  std::string reason;
  std::string origin;  // "path/.onnx-lint.toml [[ignore]] #2" or "model metadata onnx_lint.ignore"
  std::string base_dir;  // models globs are relative to this directory
};

/// The settings names, as the CLI flags and the config keys spell them. The
/// CLI records which it was given, so they win over the config file.
namespace setting {
inline constexpr const char* kSelect = "select";
inline constexpr const char* kIgnore = "ignore";
inline constexpr const char* kExtendSelect = "extend-select";
inline constexpr const char* kSeverity = "severity";
inline constexpr const char* kFailOn = "fail-on";
inline constexpr const char* kMaxWarnings = "max-warnings";
inline constexpr const char* kTargetOpset = "target-opset";
inline constexpr const char* kExitZero = "exit-zero";
}  // namespace setting

struct Options {
  // What to lint and how to print it (command line only).
  std::vector<std::string> inputs;
  Format format = Format::kText;
  std::string output;  // "" = stdout
  ColorMode color = ColorMode::kAuto;
  bool quiet = false;
  bool statistics = false;
  int jobs = 0;             // 0 = number of cores
  std::string config;       // --config FILE: use it for every model instead of searching
  bool no_config = false;   // --isolated: ignore config files
  std::string baseline;        // report only findings not in this baseline
  std::string write_baseline;  // record the current findings here
  /// ONNX type inference: "auto" (skipped above 250k nodes), "always", "never".
  std::string infer_types = "auto";

  // Lint settings (command line and config file).
  std::vector<std::string> select{"ALL"};
  std::vector<std::string> extend_select;
  std::vector<std::string> ignore;
  std::map<std::string, Severity> severity;  // selector -> level
  FailOn fail_on = Severity::kError;
  std::optional<int> max_warnings;
  bool exit_zero = false;
  /// The default-domain opset the deployment expects (the cheatsheet says 12).
  int target_opset = 12;
  std::vector<Suppression> suppressions;

  /// Settings (setting::k*) given on the command line; they beat the config.
  std::set<std::string> given;
};

}  // namespace onnx_lint
