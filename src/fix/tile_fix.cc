// OL201's fix: Tile (what `Tensor.repeat` exports) as Expand. Exact: both
// copy elements, nothing is computed.
//  - every repeated dim has size 1: Expand(x, r), where a repeat of 1 keeps
//    the dim (Expand broadcasts a 1 against any size), so other dims may be dynamic;
//  - otherwise, with static dims d: Unsqueeze a 1 before each dim, Expand to
//    [r0, d0, r1, d1, ...], Reshape to [r0*d0, r1*d1, ...] (the identity the
//    OL201 message gives). One dynamic dim (a batch) may be among them: Expand
//    keeps it with a 1 in its place, and the Reshape infers it as -1.
#include <fmt/format.h>

#include "fix/fix_builder.h"

namespace onnx_lint {

Planned plan_tile(const Model& m, const Graph& g, const Node& n) {
  auto repeats = known_value(m, g, n.input(1));
  if (!repeats || repeats->ints.empty())
    return {std::nullopt, "its repeats are computed in the graph"};
  const std::vector<int64_t>& r = repeats->ints;
  for (int64_t v : r)
    if (v < 1) return {std::nullopt, "a repeat below 1 (an empty result)"};
  const TensorType* x = g.type_of(n.input(0));
  if (!x || !x->has_shape || x->dims.size() != r.size())
    return {std::nullopt, "the rank of its input is not known"};
  ReplacementBuilder b(n);
  b.drop_constant_input(g, 1);
  bool ones = true;
  for (size_t d = 0; d < r.size(); ++d)
    ones = ones && (r[d] == 1 || (x->dims[d].is_static() && x->dims[d].value == 1));
  if (ones) {
    const std::string shape = b.int64_tensor("shape", r, {static_cast<int64_t>(r.size())});
    b.node("Expand", {std::string(n.input(0)), shape}, n.outputs[0]);
    return {b.take(), "Tile -> Expand (every repeated dim has size 1)"};
  }
  int dynamic = 0;
  for (const Dim& d : x->dims) dynamic += !d.is_static();
  if (dynamic > 1)
    return {std::nullopt,
            "a repeated dim is not 1 and more than one of its input's dims is dynamic"};
  std::vector<int64_t> axes, expanded, flat;
  for (size_t d = 0; d < r.size(); ++d) {
    axes.push_back(static_cast<int64_t>(2 * d));
    expanded.push_back(r[d]);
    if (!x->dims[d].is_static()) {
      expanded.push_back(1);  // Expand keeps the input's size where the shape says 1
      flat.push_back(-1);     // and the Reshape infers it
      continue;
    }
    int64_t size = 0;
    if (__builtin_mul_overflow(r[d], x->dims[d].value, &size) || size > (int64_t{1} << 40))
      return {std::nullopt, "its output would be larger than any model holds"};
    expanded.push_back(x->dims[d].value);
    flat.push_back(size);
  }
  const int64_t opset = m.opset("").value_or(0);
  std::string unsqueezed;
  if (opset >= 13) {
    unsqueezed =
        b.node("Unsqueeze", {std::string(n.input(0)),
                             b.int64_tensor("axes", axes, {static_cast<int64_t>(axes.size())})});
  } else {
    unsqueezed = b.node("Unsqueeze", {std::string(n.input(0))}, "", {ints_attr("axes", axes)});
  }
  const std::string big = b.node(
      "Expand",
      {unsqueezed, b.int64_tensor("expanded", expanded, {static_cast<int64_t>(expanded.size())})});
  b.node("Reshape", {big, b.int64_tensor("shape", flat, {static_cast<int64_t>(flat.size())})},
         n.outputs[0]);
  return {b.take(),
          fmt::format("Tile -> Unsqueeze + Expand + Reshape (repeats [{}])", fmt::join(r, ", "))};
}

}  // namespace onnx_lint
