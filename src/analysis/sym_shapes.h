// Export fidelity: the sizes a trace froze. The TorchScript exporter records
// every Python number it sees as a constant; where such a constant meets a
// size the model declares dynamic (or one the data decides), the graph only
// runs, or only computes what the module does, at the export example's size.
//
// The analysis gives every dynamic dim an unknown, propagates sizes as
// expressions of the unknowns through every op it knows (shape arithmetic
// included, into If/Loop/Scan bodies and model-local functions), collects
// what each node requires of them (Reshape's element count, broadcasting,
// Concat's and MatMul's matching dims, Split's parts, Resize to a constant
// size, an output declared dynamic) and solves each requirement for the
// values it allows. A requirement that pins an unknown to one value or a few,
// set by a number the trace wrote down, is a frozen size; one set by the
// model's own weights is a fixed-size design. Linear in the graph; nothing
// runs for a model with no dynamic dim and no data-decided size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "onnx_lint/model.h"

namespace onnx_lint {

enum class ConstraintKind : uint8_t {
  kBroadcast,     // elementwise broadcasting, Expand: equal, or one of them 1
  kEqual,         // sizes that must match: Concat's other dims, MatMul's inner dims, RNN batch
  kElementCount,  // Reshape: as many elements out as in
  kSplitSum,      // Split: the parts add up to the axis
  kResize,        // Resize/Upsample to a constant size where the input's size is dynamic
  kOutput,        // a graph output declared dynamic whose size is a constant
  kLoop,          // a Python loop unrolled over a dynamic dim: constant-index Gathers 0..k-1
};

/// One frozen size: the facts a rule words.
struct FrozenSize {
  ConstraintKind kind = ConstraintKind::kBroadcast;
  /// The model's own weights fix the size: eager PyTorch refuses other sizes too.
  bool by_weights = false;
  int graph = 0, node = -1;  // where it was frozen (the node whose requirement pins it)
  /// The dims it pins, by name ("batch", "dim 0 of 'x'"); with the inputs that declare them.
  struct Dim {
    std::string name, input;
    int axis = -1;
    bool data_count = false;                // a size the data decides
    int count_graph = -1, count_node = -1;  // ... at this node
  };
  std::vector<Dim> dims;
  std::vector<int64_t> allowed;  // the values (of the one dim) the graph still runs at
  int64_t frozen = -1;           // the value it was frozen at (of the dim, or of their product)
  std::vector<int64_t> silent;   // sizes at which it runs only because a size-1 dim broadcasts
  std::vector<int64_t> example;  // two dims: one pair of sizes at which it runs
  std::string size;              // the size as the graph computes it: "batch*4"
  int64_t fixed = -1;            // the constant it must equal
  std::string fixed_text;        // the size it must equal, as text ("2", or "5" for a slice `:5`)
  std::vector<int64_t> fixed_sizes;  // kResize: the constant output size, one per dim
  std::string tensor;                // the tensor concerned (the output, the data), where one is
  int axis = -1;                     // its axis, where one is
  std::string weight;                // by_weights: the weight that fixes it
  int literal_node = -1;  // the node (same graph) whose constant made the fixed size, if known
  int also = 0;           // further requirements that pin the same dim(s)
  /// A Reshape target with every frozen entry that stands for an input dim
  /// written as 0 (copy that dim) or -1: what the module computes at every size.
  std::optional<std::vector<int64_t>> reshape_target;
};

std::vector<FrozenSize> find_frozen_sizes(const Model& model);

}  // namespace onnx_lint
