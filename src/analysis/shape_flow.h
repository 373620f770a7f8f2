// Where tensor shapes start to depend on tensor values. Used by OL401.
//
// Every tensor gets two facts, propagated forward through each graph in node
// order (ONNX graphs are topologically sorted) and into subgraphs:
//   - where its *values* come from: constants, shapes only (Shape/Size and
//     arithmetic on them, what `x.shape` gives), or data;
//   - whether its *shape* depends on data, and if so which root node made it so.
// A root is NonZero / Unique / NonMaxSuppression / Compress wherever it
// stands (each is its own line of PyTorch to change), or a node whose output
// shape depends on values while none of its inputs' shapes do: a
// shape-taking input (Reshape's shape, Expand's shape, Slice's ends, ...) fed
// by data, TopK with a data k, a Loop whose trip count or condition comes from
// data, an If on a data condition whose branches differ in shape.
#pragma once

#include <string>
#include <vector>

#include "onnx_lint/model.h"

namespace onnx_lint {

enum class RootKind {
  kInherent,       // NonZero, Unique, NonMaxSuppression, Compress
  kShapeInput,     // a shape-taking input computed from data
  kLoopTripCount,  // Loop trip count or condition computed from data
  kIfCondition,    // If on a data condition, branches of different shapes
};

struct DynamicShapeRoot {
  int graph = 0;
  int node = 0;
  RootKind kind = RootKind::kInherent;
  std::string input;       // the offending input tensor (kShapeInput, kLoopTripCount, kIfCondition)
  std::string input_role;  // "shape", "ends", "k", "trip count", ...
  int downstream = 0;      // nodes it makes data-dependent that no earlier root already did
};

/// Every root in the model, in graph and node order. Linear in model size.
std::vector<DynamicShapeRoot> find_dynamic_shape_roots(const Model& model);

}  // namespace onnx_lint
