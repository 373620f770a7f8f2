#include "onnx_lint/model_diff.h"

#include <algorithm>

namespace onnx_lint {

bool ModelDiff::signature_breaking() const {
  return std::any_of(signature.begin(), signature.end(),
                     [](const SignatureChange& c) { return c.breaking; });
}

}  // namespace onnx_lint
