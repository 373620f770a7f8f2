// Where tensors of a given element type are born: the graph input, the
// initializer or the node whose output first has the type, and how many
// tensors derive from it. Read by the dtype rules (OL301-OL303).
#pragma once

#include <string>
#include <vector>

#include "onnx_lint/model.h"

namespace onnx_lint {

enum class DtypeOrigin { kGraphInput, kInitializer, kNodeOutput };

/// A tensor of the element type whose inputs are not of it: the place to fix.
struct DtypeBirth {
  int graph = 0;
  DtypeOrigin origin = DtypeOrigin::kNodeOutput;
  int node = -1;  // producer, for kNodeOutput
  std::string tensor;
  bool inferred = false;  // the type came from ONNX type inference
  int downstream = 0;     // tensors of the same type computed from this one
};

/// Every birth of `elem_type` in every graph, in graph and node order. Linear
/// in the size of the model.
std::vector<DtypeBirth> find_dtype_births(const Model& model, int32_t elem_type);

}  // namespace onnx_lint
