// The --unsafe-fixes: they change what the model computes or takes, and say so.
//  - OL501: a RandomNormal[Like] / RandomUniform[Like] becomes its
//    distribution's mean (mean; (low + high) / 2), broadcast to its shape:
//    what the OL501 advice recommends for inference. The output is no longer random.
//  - OL301/OL302: a uint8 or int16 graph input that only Cast nodes read
//    becomes int32: its values are unchanged, but callers must feed int32.
#include <fmt/format.h>

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
  const float mean = normal ? static_cast<float>(mean_attr ? mean_attr->f : 0.0)
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
  for (const std::string& out : g.outputs)
    if (out == input) return "it is also a graph output";
  return "";
}

}  // namespace onnx_lint
