// Shapes of ops that keep their input's shape (activations, casts, norms) and
// of ops that broadcast their inputs together (arithmetic, comparison, Where).
#include <absl/container/flat_hash_set.h>

#include <algorithm>

#include "analysis/node_inference.h"

namespace onnx_lint {
namespace {

// ai.onnx.ml ops of the same kind.
const absl::flat_hash_set<std::string_view>& same_shape_ml_ops() {
  static const absl::flat_hash_set<std::string_view> ops = {"Binarizer", "Scaler", "Normalizer",
                                                            "Imputer", "LabelEncoder"};
  return ops;
}

void set_dims(TensorType& t, std::vector<Dim> dims) {
  t.has_shape = true;
  t.dims = std::move(dims);
}

void all_outputs_like_input0(InferNode& n) {
  const TensorType* x = n.input(0);
  if (!x || !x->has_shape) return;
  for (TensorType& t : n.out) {
    t.has_shape = true;
    t.dims = x->dims;
  }
}

// Dropout's mask and BatchNormalization's statistics differ from output 0.
void normalization_outputs(InferNode& n) {
  const TensorType* x = n.input(0);
  if (!x || !x->has_shape || n.out.empty()) return;
  n.out[0].has_shape = true;
  n.out[0].dims = x->dims;
  const std::string_view op = n.node.op_type;
  if (op == "Dropout") {
    if (n.out.size() > 1) set_dims(n.out[1], x->dims);
  } else if (op == "BatchNormalization" && n.opset >= 14) {
    // Running mean and variance (training mode) have the scale's shape [C].
    const TensorType* scale = n.input(1);
    for (size_t k = 1; k < n.out.size() && scale && scale->has_shape; ++k)
      set_dims(n.out[k], scale->dims);
  } else if (op == "LayerNormalization") {
    // Mean and InvStdDev keep the dims before `axis` and have 1 for the rest.
    const auto axis = normalize_axis(n.node.attr_int("axis", -1), x->dims.size());
    if (!axis) return;
    std::vector<Dim> stat = x->dims;
    for (size_t d = *axis; d < stat.size(); ++d) stat[d] = static_dim(1);
    for (size_t k = 1; k < n.out.size(); ++k) set_dims(n.out[k], stat);
  }
}

}  // namespace

// Every output has input 0's shape.
const absl::flat_hash_set<std::string_view>& same_shape_ops() {
  static const absl::flat_hash_set<std::string_view> ops = {"Abs",
                                                            "Acos",
                                                            "Acosh",
                                                            "Asin",
                                                            "Asinh",
                                                            "Atan",
                                                            "Atanh",
                                                            "Ceil",
                                                            "Cos",
                                                            "Cosh",
                                                            "Erf",
                                                            "Exp",
                                                            "Floor",
                                                            "Log",
                                                            "Neg",
                                                            "Not",
                                                            "Reciprocal",
                                                            "Relu",
                                                            "Round",
                                                            "Sigmoid",
                                                            "Sign",
                                                            "Sin",
                                                            "Sinh",
                                                            "Softplus",
                                                            "Softsign",
                                                            "Sqrt",
                                                            "Tan",
                                                            "Tanh",
                                                            "IsNaN",
                                                            "IsInf",
                                                            "Elu",
                                                            "Selu",
                                                            "LeakyRelu",
                                                            "ThresholdedRelu",
                                                            "HardSigmoid",
                                                            "HardSwish",
                                                            "Mish",
                                                            "Gelu",
                                                            "Celu",
                                                            "Shrink",
                                                            "Identity",
                                                            "Cast",
                                                            "CastLike",
                                                            "Softmax",
                                                            "LogSoftmax",
                                                            "Hardmax",
                                                            "Clip",
                                                            "BitwiseNot",
                                                            "LRN",
                                                            "MeanVarianceNormalization",
                                                            "InstanceNormalization",
                                                            "Trilu",
                                                            "CumSum",
                                                            "ReverseSequence",
                                                            "RandomNormalLike",
                                                            "RandomUniformLike",
                                                            "Bernoulli",
                                                            "EyeLike",
                                                            "DequantizeLinear",
                                                            "QuantizeLinear",
                                                            "Scatter",
                                                            "ScatterElements",
                                                            "ScatterND",
                                                            "Swish",
                                                            "GroupNormalization"};
  return ops;
}

// Opset 7 made these broadcast the NumPy way; before, a `broadcast` attribute did it differently.
const absl::flat_hash_set<std::string_view>& broadcasting_ops() {
  static const absl::flat_hash_set<std::string_view> ops = {"Add",
                                                            "Sub",
                                                            "Mul",
                                                            "Div",
                                                            "Pow",
                                                            "Mod",
                                                            "And",
                                                            "Or",
                                                            "Xor",
                                                            "Equal",
                                                            "Greater",
                                                            "Less",
                                                            "GreaterOrEqual",
                                                            "LessOrEqual",
                                                            "BitShift",
                                                            "BitwiseAnd",
                                                            "BitwiseOr",
                                                            "BitwiseXor",
                                                            "PRelu",
                                                            "Where",
                                                            "Max",
                                                            "Min",
                                                            "Mean",
                                                            "Sum"};
  return ops;
}

bool infer_elementwise_shape(InferNode& n) {
  const std::string_view op = n.node.op_type;
  if (n.node.domain == "ai.onnx.ml") {
    if (!same_shape_ml_ops().contains(op)) return false;
    all_outputs_like_input0(n);
    return true;
  }
  if (op == "Dropout" || op == "BatchNormalization" || op == "LayerNormalization") {
    normalization_outputs(n);
    return true;
  }
  if (op == "DynamicQuantizeLinear") {
    if (const TensorType* x = n.input(0); x && x->has_shape) set_dims(n.out[0], x->dims);
    for (size_t k = 1; k < n.out.size(); ++k) set_dims(n.out[k], {});
    return true;
  }
  if (same_shape_ops().contains(op)) {
    // Clip before 11, Cast and the rest always keep the shape; ScatterND's output is its data.
    all_outputs_like_input0(n);
    return true;
  }
  if (broadcasting_ops().contains(op)) {
    if (n.opset < 7 && op != "PRelu" && op != "Where") return true;  // legacy broadcast: unknown
    if (op == "PRelu" && n.opset < 7) return true;
    absl::InlinedVector<const TensorType*, 4> shapes;
    for (size_t i = 0; i < n.node.inputs.size(); ++i) shapes.push_back(n.input(i));
    if (shapes.empty()) return true;
    auto dims = broadcast(shapes);
    if (!dims) return true;
    // Usually the result has one input's shape: share that input's list.
    const auto same = std::find_if(shapes.begin(), shapes.end(),
                                   [&](const TensorType* t) { return t->dims.vec() == *dims; });
    const DimList result = same != shapes.end() ? (*same)->dims : DimList(std::move(*dims));
    for (TensorType& t : n.out) {
      t.has_shape = true;
      t.dims = result;
    }
    return true;
  }
  return false;
}

}  // namespace onnx_lint
