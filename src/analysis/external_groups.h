// External-data locations grouped for reporting (OL901, OL902).
#pragma once

#include <string>
#include <vector>

#include "onnx_lint/model.h"

namespace onnx_lint {

/// One external location and the tensors that use it.
struct ExternalGroup {
  std::string location;
  const TensorData* first = nullptr;  // the first named tensor, in load order (else the first)
  int tensors = 0;
};

/// The locations whose check result is `check`, in the order they first appear.
std::vector<ExternalGroup> external_groups(const Model& model, ExternalCheck check);

}  // namespace onnx_lint
