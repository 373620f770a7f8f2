// `.onnx-lint.toml`: the same settings as the command line, per project.
#pragma once

#include <string>

#include "onnx_lint/settings.h"

namespace onnx_lint {

inline constexpr const char* kConfigFileName = ".onnx-lint.toml";

/// Reads a config file into a settings layer (only the keys it sets). False
/// with a one-line error naming the file and the line, key or value at fault.
bool read_config_file(const std::string& path, SettingsLayer* out, std::string* error);

/// The nearest .onnx-lint.toml in `dir` or a parent, or "".
std::string find_config_from(const std::string& dir);
/// The config that governs a model: the chosen file, none, or the nearest one
/// from the model's directory up.
std::string config_for_model(const std::string& model_path, const ConfigChoice& choice);
/// The config of the run as a whole (exit-code settings): the chosen file,
/// none, or the nearest one from the working directory up.
std::string config_for_run(const ConfigChoice& choice);

/// The settings under `config` ("" for none) with the flags on top, and every
/// selector checked. False with a one-line error naming the file at fault.
bool settings_for(const std::string& config, const SettingsLayer& flags, LintSettings* out,
                  std::string* error);

}  // namespace onnx_lint
