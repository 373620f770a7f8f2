// What must keep libonnx's inference away from a model: numbers that its
// inference turns into allocations or reads it trusts (found by fuzzing).
#pragma once

#include <string>

namespace onnx {
class ModelProto;
}

namespace onnx_lint {

/// Why libonnx inference must not run on this model, in a few words, or "".
std::string inference_hazard(const onnx::ModelProto& proto);

}  // namespace onnx_lint
