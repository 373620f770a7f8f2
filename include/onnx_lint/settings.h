// Lint settings: which rules run, at what level, what fails the run, and the
// waivers. The command line and `.onnx-lint.toml` each give a SettingsLayer;
// resolve_settings is the one place that combines them with the defaults.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "onnx_lint/diagnostic.h"
#include "onnx_lint/precision.h"
#include "onnx_lint/report.h"

namespace onnx_lint {

/// A waiver: findings of `rules` at nodes matching `nodes` are not reported.
/// Written as `[[ignore]]` in a config file or `onnx_lint.ignore` in a model.
struct Waiver {
  std::vector<std::string> rules;  // selectors: code, name, prefix or ALL
  std::vector<std::string>
      nodes;  // globs over node names, module paths or tensor names; empty = all
  std::vector<std::string> models;  // globs over model paths (config entries only); empty = all
  std::string reason;
  std::string origin;  // "path/.onnx-lint.toml [[ignore]] #2" or "model metadata onnx_lint.ignore"
  std::string base_dir;  // models globs are relative to this directory
};

/// The settings of one model's run.
struct LintSettings {
  std::vector<std::string> select{"ALL"};
  std::vector<std::string> extend_select;
  std::vector<std::string> ignore;
  std::map<std::string, Severity> severity;  // selector -> level
  ExitPolicy exit;
  /// The default-domain opset the deployment expects (the cheatsheet says 12).
  int target_opset = 12;
  /// The deployment target (targets/*.toml): which rules run, with which facts.
  std::string target = "cheatsheet";
  /// The precision the model will run in (the precision rules, OL7xx).
  Precision precision = Precision::kFp32;
  std::vector<Waiver> waivers;
};

/// What one source of settings gives; what it does not give stays unset.
struct SettingsLayer {
  std::optional<std::vector<std::string>> select;  // replaces the selection
  std::vector<std::string> extend_select, ignore;  // add up across layers
  std::map<std::string, Severity> severity;        // per selector, later layers win
  std::optional<FailOn> fail_on;
  std::optional<int> max_warnings;
  std::optional<bool> exit_zero;
  std::optional<int> target_opset;
  std::optional<std::string> target;
  std::optional<Precision> precision;
  std::vector<Waiver> waivers;  // add up across layers
};

/// The defaults, then each layer in order: a later layer wins each setting it
/// gives; lists that add up, add up.
LintSettings resolve_settings(std::initializer_list<const SettingsLayer*> layers);

/// Which config file governs a model.
struct ConfigChoice {
  std::string file;       // --config FILE: this one for every model
  bool isolated = false;  // --isolated: none
};

}  // namespace onnx_lint
