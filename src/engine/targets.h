// The deployment targets: parsed once from the embedded targets/*.toml.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "onnx_lint/target.h"

namespace onnx_lint {

/// Every target, the default (cheatsheet) first. Throws std::runtime_error
/// naming the file and entry when the embedded data does not read.
const std::vector<Target>& all_targets();

/// A target by name or alias ("trt-10" is the newest 10.x); nullptr if none.
const Target* find_target(std::string_view name);

/// "unknown target 'x': ..." with the names to choose from.
std::string unknown_target_error(std::string_view name);

inline constexpr std::string_view kDefaultTarget = "cheatsheet";

}  // namespace onnx_lint
