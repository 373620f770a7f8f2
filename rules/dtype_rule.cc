#include "dtype_rule.h"

#include <fmt/format.h>

#include <algorithm>

#include "analysis/dtype_origins.h"
#include "analysis/resize_info.h"

namespace onnx_lint {
namespace {

// The fix follows where the dtype is born: a module's buffer is registered
// differently, a cast casts to something else, a literal is written with
// another dtype; for a graph input or an op's output the rule says.
std::string fix_for(const DtypeBirth& b, const Graph& g, const DtypeWords& a) {
  const std::string type = dtype::name(a.elem_type);
  if (b.origin == DtypeOrigin::kInitializer)
    return fmt::format(
        "the module registered this parameter or buffer as {0}: register it as {1} instead "
        "(`self.register_buffer(name, t.to({2}))`, or build it with `dtype={2}`), so nothing "
        "{0} reaches the engine",
        type, a.instead, a.instead_code);
  if (b.origin != DtypeOrigin::kNodeOutput) return std::string(a.fix);
  const std::string_view op = g.nodes[b.node].op_type;
  if (op == "Cast" || op == "CastLike")
    return fmt::format("cast to `{0}` instead: replace {1} with `.to({0})`, or drop the cast",
                       a.cast_to, a.torch_cast);
  if (op == "Constant" && a.elem_type == dtype::kDouble && resize_fed_as_scales(g, b.tensor))
    return "nobody wrote this float64: the exporter kept a Python float `scale_factor` of "
           "scripted code (`torch.jit.script` with `F.interpolate(scale_factor=2.0)`) as a "
           "float64 constant; pass `size=(h, w)` instead of `scale_factor=`, or export the "
           "traced module instead of the scripted one";
  if (op == "Constant" || op == "ConstantOfShape")
    return fmt::format(
        "create the tensor as {0}: `torch.tensor(..., dtype={1})` or `torch.zeros/ones/full(..., "
        "dtype={1})`{2}",
        a.instead, a.instead_code, a.exporter_note);
  return std::string(a.fix);
}

// The words every dtype rule shares: where the type is born, then the rule's own.
void report_births(const LintContext& ctx, DiagnosticSink& sink, const DtypeWords& a) {
  const std::string type = dtype::name(a.elem_type);
  for (const DtypeBirth& b : find_dtype_births(ctx.model, a.elem_type)) {
    const Graph& g = ctx.model.graphs[b.graph];
    std::string what;
    switch (b.origin) {
      case DtypeOrigin::kGraphInput:
        what =
            fmt::format("graph input '{}' is {}: the model is fed {} data", b.tensor, type, type);
        break;
      case DtypeOrigin::kInitializer:
        what =
            fmt::format("initializer '{}' is {} (a {} parameter or buffer)", b.tensor, type, type);
        break;
      case DtypeOrigin::kNodeOutput: {
        const Node& n = g.nodes[b.node];
        if (n.op_type == "Cast" || n.op_type == "CastLike")
          what = fmt::format("{} to {} ({})", n.op_type, type, a.torch_cast);
        else if (n.op_type == "Constant" && resize_fed_as_scales(g, b.tensor))
          what = fmt::format("a {} constant that becomes the scales of Resize '{}'", type,
                             resize_fed_as_scales(g, b.tensor)->display_name());
        else if (n.op_type == "Constant")
          what = fmt::format("a {} constant (a tensor literal or buffer of dtype {})", type, type);
        else if (n.op_type == "ConstantOfShape")
          what = fmt::format(
              "ConstantOfShape fills a {} tensor (`torch.zeros/ones/full(..., "
              "dtype=...)`)",
              type);
        else
          what = fmt::format("{} outputs a {} tensor '{}'{}", n.op_type, type, b.tensor,
                             b.inferred ? " (found by type inference)" : "");
        break;
      }
    }
    if (b.downstream > 0)
      what += fmt::format(", and {} more {} tensor{} computed from it", b.downstream, type,
                          b.downstream == 1 ? " is" : "s are");
    std::string message = fmt::format("{}: {}", what, a.why);
    // Where the target's parser itself takes the type, say so in the same
    // finding: the policy and the fact, each with whose word it is.
    const auto& down = ctx.target.cast_down_types;
    if (std::find(down.begin(), down.end(), a.elem_type) != down.end())
      message += fmt::format(
          "; {}'s ONNX parser casts {} down{} instead of refusing it ({}): the engine builds and "
          "computes it in the narrower type, so the error here is the team's policy",
          ctx.target.runtime, type, a.elem_type == dtype::kDouble ? " to float32" : "",
          ctx.target.evidence);
    Diagnostic& d = b.origin == DtypeOrigin::kNodeOutput
                        ? sink.report(g, g.nodes[b.node], std::move(message))
                        : sink.report_tensor(g, b.tensor, std::move(message));
    d.tensor = b.tensor;
    d.fix = fix_for(b, g, a);
  }
}

class DtypeRule final : public Rule {
 public:
  DtypeRule(const RuleMeta& meta, const DtypeWords& words) : meta_(meta), words_(words) {}
  const RuleMeta& meta() const override { return meta_; }
  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    report_births(ctx, sink, words_);
  }

 private:
  const RuleMeta& meta_;
  const DtypeWords& words_;
};

}  // namespace

std::unique_ptr<Rule> make_dtype_rule(const RuleMeta& meta, const DtypeWords& words) {
  return std::make_unique<DtypeRule>(meta, words);
}

}  // namespace onnx_lint
