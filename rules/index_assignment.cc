// OL202 index-assignment: partial assignment `x[i] = y`, `x[:, a:b] = y`,
// `x[idx] = y`, which torch exports as ScatterND fed by index arithmetic.
#include <fmt/format.h>

#include <algorithm>

#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL202", "index-assignment", Severity::kWarning,
    "Partial assignment `x[i] = y` / `x[:, a:b] = y` / `x[idx] = y` (exported as ScatterND)",
    "ONNX > Tensor partial assignment"};

enum class IndexSource { kConstant, kGraphInput, kComputed };

// Follows the index tensor back through the reshaping torch puts around it.
IndexSource index_source(const Model& m, const Graph& g, std::string_view tensor) {
  for (int hops = 0; hops < 16; ++hops) {
    if (m.constant(g, tensor)) return IndexSource::kConstant;
    if (g.is_graph_input(tensor)) return IndexSource::kGraphInput;
    const Node* p = g.producer(tensor);
    if (!p || p->inputs.empty()) return IndexSource::kComputed;
    static constexpr std::string_view kPassThrough[] = {"Unsqueeze", "Squeeze",  "Reshape",
                                                        "Cast",      "Identity", "Flatten"};
    if (std::find(std::begin(kPassThrough), std::end(kPassThrough), p->op_type) ==
        std::end(kPassThrough))
      return IndexSource::kComputed;
    tensor = p->input(0);
  }
  return IndexSource::kComputed;
}

void report_reduction(const Graph& g, const Node& n, const std::string& reduction,
                      DiagnosticSink& sink) {
  const bool add = reduction == "add";
  sink.report(g, n,
              fmt::format("ScatterND with reduction='{}', which is how torch exports {}: the "
                          "Slice-based index arithmetic around it makes TensorRT engines "
                          "segfault",
                          reduction,
                          add ? "`x.index_put_((idx,), v, accumulate=True)` or `x.scatter_add(...)`"
                              : "`x.scatter_reduce(...)`"))
      .fix = add ? "keep the sum and drop the scatter: with a one-hot matrix of the indices, "
                   "`x = x + F.one_hot(idx, x.shape[0]).T.to(v.dtype) @ v` adds every row of v "
                   "to its target, duplicates included (a plain `x[idx] = v` or `torch.where` "
                   "would keep only one of them)"
                 : "compute the reduction densely instead: a one-hot mask of the indices, then "
                   "`torch.amax` / `torch.amin` / `torch.prod` over it, so no scatter is exported";
}

class IndexAssignmentRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    for_each_node(ctx.model, [&](const Graph& g, const Node& n) {
      if (n.op_type != "ScatterND" || !n.in_onnx_domain()) return;
      // ScatterND-16 added `reduction` (none, add, mul; 18: max, min): an
      // accumulating write, which a plain rewrite must not turn into an overwrite.
      const std::string reduction = n.attr_string("reduction", "none");
      if (reduction != "none") {
        report_reduction(g, n, reduction, sink);
        return;
      }
      std::string idiom, fix;
      switch (index_source(ctx.model, g, n.input(1))) {
        case IndexSource::kConstant:
          idiom = "an assignment at a constant index such as `x[0] = y`";
          fix =
              "build the result functionally: `x = torch.where(mask, y, x)` with a constant "
              "boolean mask of the rows to replace, or `x = x.scatter(dim, index, y)` / "
              "`x.scatter_(dim, index, y)` with an index tensor shaped like y";
          break;
        case IndexSource::kGraphInput:
          idiom = "an assignment through an index tensor such as `x[idx] = y`";
          fix =
              "use `x.scatter(dim, idx_expanded, y)` / `x.scatter_(...)` with the index "
              "broadcast to y's shape (`idx.view(-1, 1).expand(-1, x.shape[1])`), or "
              "`torch.where` with a mask built from idx";
          break;
        case IndexSource::kComputed:
          idiom =
              "a slice assignment such as `x[:, a:b] = y` (the indices are computed from "
              "shapes)";
          fix =
              "build the result functionally: `keep = torch.arange(x.shape[d]) < a` (a mask "
              "along the sliced dim, broadcast by view) then `x = torch.where(keep, x, y)`, or "
              "`x.scatter(d, index, y)` / `x.scatter_(...)`";
          break;
      }
      sink.report(g, n,
                  fmt::format("ScatterND, which is how torch exports {}: the Slice-based index "
                              "arithmetic around it makes TensorRT engines segfault",
                              idiom))
          .fix = std::move(fix);
    });
  }
};

}  // namespace

std::unique_ptr<Rule> MakeIndexAssignmentRule() { return std::make_unique<IndexAssignmentRule>(); }

}  // namespace onnx_lint
