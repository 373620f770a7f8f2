// What the size analysis knows of each tensor while it walks a graph, and
// what one node's step may read and record. Shared by the driver
// (sym_shapes.cc), the op families (sym_ops_*.cc) and the solver
// (size_constraints.cc); nothing outside the analysis layer sees it.
#pragma once

#include <absl/container/inlined_vector.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "analysis/sym_expr.h"
#include "analysis/sym_shapes.h"
#include "onnx_lint/model.h"

namespace onnx_lint {

/// Where a constant size comes from, ordered so that the strongest wins when
/// sizes combine: a number the trace wrote down beats a weight's dim.
enum class Origin : uint8_t {
  kNone,      // a size that follows the inputs, or one the analysis cannot place
  kFixed,     // decided by the op itself (keepdims' 1, a Shape's rank) or by fallback inference
  kDeclared,  // a static dim a graph input declares
  kWeight,    // a dim of a tensor of learned values (a parameter, a buffer)
  kLiteral,   // a number written into the graph by the trace: a constant shape, a made-up tensor
};

struct SymDim {
  SymExpr e;
  Origin origin = Origin::kNone;  // for constant dims
  int node = -1;    // the node (in the analysed graph) whose constant set it, -1 for an initializer
  int tensor = -1;  // kWeight: the Model::tensors index of the weight
};

inline Origin stronger(Origin a, Origin b) { return a > b ? a : b; }

/// A tensor's dims (when its rank is known) and, for a small integer tensor
/// of rank 0 or 1, its elements (shape arithmetic: Shape -> Gather -> Concat).
struct SymTensor {
  bool ranked = false;
  std::vector<SymDim> dims;
  bool has_value = false;
  std::vector<SymDim> value;  // elements, row-major
  bool scalar = false;        // the value has rank 0
  bool floating = false;      // the value is of a floating type (sizes computed in float)
};

/// One requirement a node places on sizes: lhs == rhs, or (broadcast) lhs ==
/// rhs or either is 1, or (detached) an output size that no longer follows
/// its input. `fixed` is the constant side's provenance.
struct SizeConstraint {
  ConstraintKind kind = ConstraintKind::kBroadcast;
  int graph = 0, node = 0;
  SymExpr lhs, rhs;
  SymDim fixed;                  // the side the trace or a weight fixed
  int axis = -1;                 // the dim it is about, where one is
  std::string tensor;            // the input or output concerned, where one is
  std::vector<SymExpr> in_dims;  // Reshape: its input's dims (for the exact target)
};

using SymInputs = absl::InlinedVector<const SymTensor*, 4>;
using SymOutputs = absl::InlinedVector<SymTensor, 2>;

/// What the driver hands an op family: the node, its inputs, room for its
/// outputs, and the tables.
struct SymStep {
  const Model& model;
  const Graph& graph;
  const Node& node;
  int64_t opset = 0;
  SymInputs in;     // nullptr: absent or unknown
  SymOutputs& out;  // sized to the node's outputs, unranked
  AtomTable& atoms;
  std::vector<SizeConstraint>& constraints;
  /// Per output: the input it is, unchanged (-1: none). A step that knows
  /// says so instead of copying: a million-node chain of same-shaped
  /// elementwise ops then shares one stored tensor.
  absl::InlinedVector<int8_t, 2> same_as;

  void same(size_t k, int i) {
    if (same_as.size() <= k) same_as.resize(k + 1, -1);
    same_as[k] = static_cast<int8_t>(i);
  }

  const SymTensor* input(size_t i) const { return i < in.size() ? in[i] : nullptr; }
  const SymTensor* ranked(size_t i) const {
    const SymTensor* t = input(i);
    return t && t->ranked ? t : nullptr;
  }
  /// Input i's value elements, when known.
  const std::vector<SymDim>* values(size_t i) const {
    const SymTensor* t = input(i);
    return t && t->has_value ? &t->value : nullptr;
  }
  /// Input i's value elements when every one is a constant.
  std::optional<std::vector<int64_t>> ints(size_t i) const;
  /// An ints attribute, or the constant integer input that newer opsets moved it to.
  std::optional<std::vector<int64_t>> ints_attr_or_input(std::string_view attr, size_t i) const;
  void require(ConstraintKind kind, const SymExpr& lhs, const SymExpr& rhs, const SymDim& fixed,
               int axis = -1, std::string_view tensor = "");
  /// A new atom for a size the step cannot say.
  SymExpr unknown() { return SymExpr::atom(atoms.unknown()); }
};

/// The most elements a value keeps: shape arithmetic, not data.
inline constexpr size_t kMaxValueElements = 64;

/// A tensor of learned values (a parameter or buffer of the module), as
/// opposed to one the trace made from Python numbers.
bool learned_values(const Model& m, int tensor_index);
/// A constant that holds a weight of the module: learned values, under a
/// parameter's name or read as a layer's weight.
bool weight_tensor(const Model& m, const Graph& g, std::string_view name, int tensor_index);
/// A constant's elements as a value (rank 0 or 1, integral), origin kLiteral at `node`.
void fill_value(SymTensor& t, const std::optional<TensorValue>& v, int node);

// Dims helpers.
SymDim const_dim(int64_t v, Origin origin = Origin::kFixed, int node = -1);
/// The product of dims (the element count); an unknown atom on overflow.
SymExpr product(SymStep& s, std::span<const SymDim> dims);
/// Of two sizes that must agree, the one a literal or a weight fixed (a
/// constant against a dynamic size, or a size a literal cut against one that
/// follows the inputs); nullptr when neither.
const SymDim* fixed_side(const SymDim& a, const SymDim& b);
/// Multidirectional broadcasting of two dims, recording the requirement
/// when a fixed size meets one that follows the inputs.
SymDim broadcast_dim(SymStep& s, const SymDim& a, const SymDim& b, std::string_view tensor,
                     int axis);
/// Broadcasting of several shapes; false when a rank is unknown.
bool broadcast_shapes(SymStep& s, std::span<const SymTensor* const> ins, std::vector<SymDim>& out);
std::optional<size_t> sym_axis(int64_t axis, size_t rank);
SymExpr sum_or_unknown(SymStep& s, const SymExpr& a, const SymExpr& b);
SymExpr diff_or_unknown(SymStep& s, const SymExpr& a, const SymExpr& b);
SymExpr prod_or_unknown(SymStep& s, const SymExpr& a, const SymExpr& b);

// The op families: each returns true when it knows the op.
bool sym_elementwise(SymStep& s);
bool sym_layout(SymStep& s);
bool sym_indexing(SymStep& s);
bool sym_slicing(SymStep& s);
bool sym_nn(SymStep& s);
bool sym_values(SymStep& s);  // value-only ops (Shape, Size, Range, ...)

}  // namespace onnx_lint
