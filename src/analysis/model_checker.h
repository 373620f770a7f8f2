// onnx-lint's own structural checker (OL000's judge), for the IR versions and
// opsets of the operator table (onnx 1.23.2: IR 14, ai.onnx 28): the graph is in topological order
// and single assignment, every input is defined, every op exists at the imported opset with the
// inputs, outputs and attributes its signature allows and the types its constraints allow, and the
// IR version allows the features used.
#pragma once

#include <string>

#include "onnx_lint/model.h"

namespace onnx_lint {

struct CheckResult {
  std::string error;       // the first problem, one line ("" = accepted)
  std::string note;        // what was not checked and why ("" = everything)
  CheckerFinding finding;  // the kind of the error
};

/// Call after infer_types: the type-constraint check reads inferred types.
CheckResult check_model(const Model& model);

}  // namespace onnx_lint
