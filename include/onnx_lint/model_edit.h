// A change to a model's main graph, as plain data: what `onnx-lint fix`
// plans (src/fix) and the load layer writes (load/model_writer.h). Only the
// writer sees protobuf; a planner says which nodes to replace by which.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "onnx_lint/model.h"

namespace onnx_lint {

struct NewNode {
  std::string op_type, name;
  std::vector<std::string> inputs, outputs;
  std::vector<Attribute> attributes;  // kInt, kInts, kFloat, kFloats, kString only
};

/// A new initializer, its payload in raw_data layout (little-endian).
struct NewTensor {
  std::string name;
  int32_t elem_type = dtype::kUndefined;
  std::vector<int64_t> dims;
  std::string raw;
};

/// One fix: main-graph node `node` is replaced, in place, by `nodes`, which
/// compute its outputs under the same names.
struct NodeReplacement {
  int node = -1;
  std::vector<NewNode> nodes;
  std::vector<NewTensor> initializers;
  /// Constant nodes that fed only the replaced node, removed with it.
  std::vector<int> dead_constants;
};

/// What a fix did, or why it was not offered, for one finding.
struct FixNote {
  std::string rule;     // "OL201"
  std::string node;     // display name of the node
  std::string op_type;  // of the node
  bool applied = false;
  bool unsafe = false;               // an --unsafe-fixes fix
  std::string what;                  // "Tile -> Expand"; or the reason none was made
  std::vector<std::string> added;    // the new nodes, "Op name", for --diff
  std::vector<std::string> removed;  // the node replaced and the constants only it read
};

struct ModelEdit {
  std::vector<NodeReplacement> replacements;
  /// Graph inputs given a static shape (`--set-input-shape NAME=1x3x224x224`).
  std::vector<std::pair<std::string, std::vector<int64_t>>> input_shapes;
  /// Graph inputs given another element type (an --unsafe-fixes fix: the
  /// model's input contract changes).
  std::vector<std::pair<std::string, int32_t>> input_types;
  /// Initializers replaced by these (same name): float64 weights as float32.
  std::vector<NewTensor> initializers;
  /// Declared float64 outputs and value_info of the main graph become float32
  /// (with a float64 -> float32 fix, the computed types change).
  bool float64_declarations_to_float32 = false;
  bool empty() const {
    return replacements.empty() && input_shapes.empty() && input_types.empty() &&
           initializers.empty() && !float64_declarations_to_float32;
  }
};

}  // namespace onnx_lint
