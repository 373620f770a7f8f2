// One node's inference step: what its inputs are known to be, and what its
// outputs are worked out to be. Shared by the element-type rules
// (elem_types.cc), the shape functions (shapes_*.cc) and the folding of small
// integer tensors (value_folding.cc); the driver is type_inference.cc.
#pragma once

#include <absl/container/flat_hash_set.h>
#include <absl/container/inlined_vector.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

#include "analysis/op_signatures.h"
#include "onnx_lint/model.h"

namespace onnx_lint {

/// The most elements a folded value may have: shape arithmetic, not weights.
inline constexpr size_t kMaxFoldedElements = 4096;
/// The highest rank inference believes: no exported network comes near it,
/// and a hostile file must not make it allocate without bound.
inline constexpr size_t kMaxInferredRank = 64;

struct InferNode {
  InferNode(const Model& m, const Node& n) : model(m), node(n) {}
  const Model& model;
  const Node& node;
  const OpSignature* sig = nullptr;  // nullptr: an op the table does not know
  int64_t opset = 0;                 // of the node's domain
  // Inline for the few inputs and outputs most nodes have: a node's step
  // allocates nothing of its own (a million-node graph made 5 million).
  absl::InlinedVector<const TensorType*, 4> in;    // per actual input; nullptr when absent
  absl::InlinedVector<const TensorValue*, 4> val;  // per actual input; its value when known
  absl::InlinedVector<TensorType, 2> out;  // per output: what inference found (elem 0 = unknown)
  absl::InlinedVector<std::optional<TensorValue>, 1> out_val;  // folded output values
  // The output types of the node's subgraph (If: then/else; Loop/Scan: body), filled by the driver.
  std::vector<std::vector<const TensorType*>> branch_outputs;

  const TensorType* input(size_t i) const { return i < in.size() ? in[i] : nullptr; }
  const TensorValue* value(size_t i) const { return i < val.size() ? val[i] : nullptr; }
  bool has_input(size_t i) const { return !node.input(i).empty(); }
  /// Input i's rank when its shape is known.
  std::optional<size_t> rank(size_t i) const;
  /// The integer values of input i, when it is a known integer tensor.
  std::optional<std::vector<int64_t>> ints(size_t i) const;
  /// An ints attribute, or an integer input at `input` (the form newer opsets moved it to).
  std::optional<std::vector<int64_t>> ints_attr_or_input(std::string_view attr, size_t input) const;
};

/// Element types of the outputs (out[k].elem_type), from the signature and the op's own rules.
void infer_elem_types(InferNode& n);
/// Shapes of the outputs, for the ops whose shape function onnx-lint has; never a wrong one.
void infer_output_shapes(InferNode& n);
/// Values of small integer outputs (shape arithmetic: Shape, Gather, Concat, ...).
void fold_values(InferNode& n);

// Shape helpers for the shapes_*.cc families.
/// Input i when its shape (its rank at least) is known.
inline const TensorType* shaped(const InferNode& n, size_t i) {
  const TensorType* t = n.input(i);
  return t && t->has_shape ? t : nullptr;
}
/// Output k gets these dims; its element type stays.
inline void set_out(InferNode& n, size_t k, std::vector<Dim> dims) {
  if (k < n.out.size()) n.out[k] = TensorType{n.out[k].elem_type, true, true, std::move(dims)};
}
TensorType with_shape(std::vector<Dim> dims);
/// Multidirectional (NumPy) broadcasting of the shapes; nullopt when a rank is unknown.
std::optional<std::vector<Dim>> broadcast(std::span<const TensorType* const> shapes);
inline std::optional<std::vector<Dim>> broadcast(std::initializer_list<const TensorType*> shapes) {
  return broadcast(std::span<const TensorType* const>(shapes.begin(), shapes.size()));
}
/// `axis` in [-rank, rank) as [0, rank); nullopt when out of range.
std::optional<size_t> normalize_axis(int64_t axis, size_t rank);
/// A dimension's static value.
Dim static_dim(int64_t v);
/// a + b and a * b of dim sizes; -1 on overflow or a negative result (a hostile file's dims).
int64_t dim_add(int64_t a, int64_t b);
int64_t dim_mul(int64_t a, int64_t b);

/// The ops every output of which has input 0's shape, shared with the size
/// analysis (sym_elementwise.cc).
const absl::flat_hash_set<std::string_view>& same_shape_ops();
/// The ops that broadcast their inputs the NumPy way (from opset 7), shared
/// with the size analysis (sym_elementwise.cc).
const absl::flat_hash_set<std::string_view>& broadcasting_ops();

// The shape families: each returns true when it knows the op.
bool infer_elementwise_shape(InferNode& n);
bool infer_nn_shape(InferNode& n);
bool infer_layout_shape(InferNode& n);
bool infer_indexing_shape(InferNode& n);
bool infer_reduce_shape(InferNode& n);
bool infer_sized_shape(InferNode& n);

}  // namespace onnx_lint
