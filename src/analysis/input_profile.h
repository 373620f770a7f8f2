// The shapes an optimization profile needs for a graph input with dynamic
// dims: its static dims as they are, each dynamic dim as 1 / 8 / 32 standing
// for the smallest, typical and largest size served. Shared by OL402 and OL604.
#pragma once

#include <string>
#include <vector>

#include "onnx_lint/model.h"

namespace onnx_lint {

struct InputProfile {
  std::string input;
  std::vector<std::string> dynamic;  // "dim 0 'batch'", "dim 2 (unnamed)"
  std::string min, opt, max;         // "1x3x224x224"
};

/// Every non-initializer input of the main graph with a dynamic dim; inputs of
/// unknown rank are left out (they need a re-export, not a profile).
std::vector<InputProfile> input_profiles(const Model& model);

}  // namespace onnx_lint
