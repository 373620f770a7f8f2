// Checks where external-data locations point, without opening anything.
#pragma once

#include <string>

#include "onnx_lint/model.h"

namespace onnx_lint {

/// Classifies every external tensor's location against the model's directory:
/// unsafe when absolute, containing `..`, or resolving (through symlinks)
/// outside it; missing when it is not a regular file there. Uses realpath and
/// stat only. `model_path` "" means a model from memory: nothing on disk is
/// looked at, locations are only checked lexically.
void check_external_data(Model& model, const std::string& model_path);

}  // namespace onnx_lint
