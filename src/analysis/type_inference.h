// onnx-lint's own type and shape inference: the element type and shape of
// every tensor of every graph, subgraph and model-local function, for every
// operator of ai.onnx opsets 1-24 (and ai.onnx.ml 1-5) the signature table
// knows. In process, with bounded work per node; what it cannot know stays
// unknown. Found types go into Graph::types with TensorType::inferred set;
// declared types are kept and only completed (a missing shape or dim).
#pragma once

#include <cstddef>

#include "onnx_lint/model.h"

namespace onnx_lint {

struct InferenceCounts {
  size_t tensors = 0;      // node outputs seen
  size_t typed = 0;        // with an element type after inference (declared or found)
  size_t unknown_ops = 0;  // nodes of ops neither the table nor a local function define
};

InferenceCounts infer_types(Model& model);

}  // namespace onnx_lint
