// The --unsafe-fixes: they change what the model computes or takes, and say so.
//  - OL501: a RandomNormal[Like] / RandomUniform[Like] becomes its
//    distribution's mean (mean; (low + high) / 2), broadcast to its shape:
//    what the OL501 advice recommends for inference. The output is no longer random.
//  - OL301/OL302: a uint8 or int16 graph input that only Cast nodes read
//    becomes int32: its values are unchanged, but callers must feed int32.
#include <fmt/format.h>

#include <cmath>

#include "fix/fix_builder.h"

namespace onnx_lint {

Planned plan_random_mean(const Model& m, const Graph& g, const Node& n) {
  const bool like = n.op_type == "RandomNormalLike" || n.op_type == "RandomUniformLike";
  const bool normal = n.op_type.rfind("RandomNormal", 0) == 0;
  if (!normal && n.op_type.rfind("RandomUniform", 0) != 0)
    return {std::nullopt, "it samples a discrete distribution; its mean would change its type"};
  int32_t type = static_cast<int32_t>(n.attr_int("dtype", 0));
  if (type == 0 && like)
    if (const TensorType* t = g.type_of(n.input(0))) type = t->elem_type;
  if (type == 0) type = dtype::kFloat;
  if (type != dtype::kFloat) return {std::nullopt, "its samples are not float32"};
  const Attribute* mean_attr = n.attr("mean");
  const Attribute* low = n.attr("low");
  const Attribute* high = n.attr("high");
  const float mean = normal
                         ? static_cast<float>(mean_attr ? mean_attr->f : 0.0)
                         : static_cast<float>(((low ? low->f : 0.0) + (high ? high->f : 1.0)) / 2);
  ReplacementBuilder b(n);
  const std::string value = b.float_tensor("mean", {mean}, {});
  std::string shape;
  if (like) {
    shape = b.node("Shape", {std::string(n.input(0))});
  } else {
    const Attribute* s = n.attr("shape");
    if (!s) return {std::nullopt, "it has no shape"};
    shape = b.int64_tensor("shape", s->ints, {static_cast<int64_t>(s->ints.size())});
  }
  b.node("Expand", {value, shape}, n.outputs[0]);
  (void)m;
  return {b.take(), fmt::format("{} -> its mean {} (no longer random)", n.op_type, mean)};
}

std::string plan_input_to_int32(const Graph& g, const std::string& input) {
  const TensorType* t = g.type_of(input);
  if (!t || (t->elem_type != dtype::kUint8 && t->elem_type != dtype::kInt16))
    return "it is not a uint8 or int16 input";
  const auto readers = g.consumers(input);
  if (readers.empty()) return "nothing reads it";
  for (int r : readers)
    if (g.nodes[r].op_type != "Cast") return "a node other than Cast reads it as it is";
  for (std::string_view out : g.outputs)
    if (out == input) return "it is also a graph output";
  return "";
}

}  // namespace onnx_lint

namespace onnx_lint {

// OL303 (unsafe): where float64 is born, float32 instead. A Cast to double
// casts to float; a double Constant or initializer becomes float32 when every
// value is finite and fits; the declared float64 outputs follow.
Planned plan_cast_to_float(const Node& n) {
  if (n.op_type != "Cast" || n.attr_int("to", 0) != dtype::kDouble)
    return {std::nullopt,
            fmt::format("the float64 is born in a {}, which is not rewritten", n.op_type)};
  ReplacementBuilder b(n);
  b.node("Cast", {std::string(n.input(0))}, n.outputs[0], {int_attr("to", dtype::kFloat)});
  return {b.take(), "Cast to float64 -> Cast to float32 (float32 precision from here on)"};
}

std::optional<std::vector<float>> to_float32(const TensorValue& v) {
  std::vector<float> out;
  for (double x : v.floats) {
    if (!std::isfinite(x) || std::fabs(x) > 3.0e38) return std::nullopt;
    out.push_back(static_cast<float>(x));
  }
  return out;
}

Planned plan_constant_to_float(const Model& m, const Graph& g, const Node& n) {
  if (n.op_type != "Constant") return plan_cast_to_float(n);
  auto v = m.constant(g, n.outputs[0]);
  if (!v || v->elem_type != dtype::kDouble) return {std::nullopt, "its value is not readable"};
  auto f = to_float32(*v);
  if (!f) return {std::nullopt, "a value is not finite or does not fit in float32"};
  ReplacementBuilder b(n);
  b.node("Identity", {b.float_tensor("value", *f, v->dims)}, n.outputs[0]);
  return {b.take(), "float64 Constant -> float32"};
}

}  // namespace onnx_lint
