// `.onnx-lint.toml`: the same settings as the command line, per project.
#pragma once

#include <string>

#include "onnx_lint/options.h"

namespace onnx_lint {

inline constexpr const char* kConfigFileName = ".onnx-lint.toml";

/// Applies the settings in a config file to `options` (only the keys it sets).
/// False with a one-line error naming the file and the key or value at fault.
bool apply_config_file(const std::string& path, Options& options, std::string* error);

/// The nearest .onnx-lint.toml in the model's directory or a parent, or "".
std::string find_config(const std::string& model_path);

/// The options for one model: defaults, then the config file (if any), then
/// whatever the command line gave. `config` may be "" for none.
bool effective_options(const Options& cli, const std::string& config, Options* out,
                       std::string* error);

}  // namespace onnx_lint
