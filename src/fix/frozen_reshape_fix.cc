// OL403's fix: a Reshape to a constant shape whose frozen entries stand for
// input dims (`x.view(int(x.size(0)), 2, 2)` -> [2, 2, 2]) gets the target the
// size analysis proved exact: each such entry 0 (copy the input's dim). At
// the frozen size it is the same shape; at every other size it is what the
// module computes (analysis/size_constraints.cc checks both).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis/sym_shapes.h"
#include "fix/fix_builder.h"

namespace onnx_lint {

Planned plan_frozen_reshape(const Model& m, const Graph& g, const Node& n) {
  if (n.op_type != "Reshape")
    return {std::nullopt,
            "only a Reshape to a constant shape is rewritten; change the PyTorch "
            "code as the message says"};
  for (const FrozenSize& f : find_frozen_sizes(m)) {
    if (f.graph != g.id || f.node != n.index) continue;
    if (f.dims.size() > 1)
      return {std::nullopt,
              "it freezes two sizes at once, and the graph does not say which pair the export "
              "had"};
    if (!f.reshape_target)
      return {std::nullopt,
              "no entry of its constant shape stands for one input dim at the frozen size"};
    const std::optional<TensorValue> old = m.constant(g, n.input(1));
    ReplacementBuilder b(n);
    b.drop_constant_input(g, 1);
    const std::vector<int64_t>& target = *f.reshape_target;
    const std::string shape =
        b.int64_tensor("shape", target, {static_cast<int64_t>(target.size())});
    b.node("Reshape", {std::string(n.input(0)), shape}, n.outputs[0]);
    return {b.take(), fmt::format("Reshape target [{}] -> [{}] (0 copies the input's dim)",
                                  old ? fmt::format("{}", fmt::join(old->ints, ", ")) : "?",
                                  fmt::join(target, ", "))};
  }
  return {std::nullopt, "the size analysis no longer finds this frozen size"};
}

}  // namespace onnx_lint
