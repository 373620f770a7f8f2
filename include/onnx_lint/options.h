// Every setting, in one struct: the command line fills it (and later a config
// file), the linter and reporters read it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "onnx_lint/diagnostic.h"

namespace onnx_lint {

enum class Format { kText, kJson };
enum class ColorMode { kAuto, kAlways, kNever };

/// The lowest severity that makes the exit code 1; nullopt means never.
using FailOn = std::optional<Severity>;

struct Options {
  std::vector<std::string> inputs;
  Format format = Format::kText;
  std::string output;  // "" = stdout
  ColorMode color = ColorMode::kAuto;
  FailOn fail_on = Severity::kError;
  bool quiet = false;
  /// The default-domain opset the deployment expects (the cheatsheet says 12).
  int target_opset = 12;
};

}  // namespace onnx_lint
