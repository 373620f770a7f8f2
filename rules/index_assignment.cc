// OL202 index-assignment: partial assignment `x[i] = y`, `x[:, a:b] = y`,
// `x[idx] = y`, which torch exports as ScatterND fed by index arithmetic.
#include <fmt/format.h>

#include <algorithm>

#include "analysis/scatter_idiom.h"
#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL202", "index-assignment", Severity::kWarning,
    "Partial assignment `x[i] = y` / `x[:, a:b] = y` / `x[idx] = y` (exported as ScatterND)",
    "ONNX > Tensor partial assignment"};

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

struct Words {
  std::string idiom;  // "an assignment at a constant index such as `x[0] = y`"
  std::string harm;   // what goes wrong besides the TensorRT segfault, ending in "and "
  std::string fix;
};

std::string accumulate_fix(int64_t opset) {
  const std::string scatter_add =
      opset >= 16 ? fmt::format(
                        "`x.scatter_add(0, idx.unsqueeze(1).expand_as(v), v)`, which "
                        "opset {} exports as ScatterElements(reduction='add')",
                        opset)
                  : fmt::format(
                        "`x.scatter_add(...)` only from opset 16 (at this model's opset "
                        "{} it exports as ScatterElements plus Add and loses duplicates "
                        "the same way)",
                        opset);
  return fmt::format(
      "sum with a one-hot matrix, exact on every opset and free of scatters (x of shape [N, C], "
      "v of shape [P, C]): `x = x + (torch.arange(x.shape[0]).unsqueeze(1) == "
      "idx.unsqueeze(0)).to(v.dtype) @ v`; or {}; not `x[idx] = v`, `x.scatter(...)` or "
      "`torch.where`, which keep one value per index",
      scatter_add);
}

Words words_for(const Model& m, const ScatterFacts& facts) {
  switch (facts.idiom) {
    case ScatterIdiom::kAccumulate:
      return {"`x.index_put_((idx,), v, accumulate=True)` (a ScatterND into zeros, then Add)",
              "the scatter does not sum duplicate indices, so the exported result differs from "
              "PyTorch's whenever two values target the same row, and ",
              accumulate_fix(m.opset("").value_or(1))};
    case ScatterIdiom::kMaskedCompact:
      return {
          "`x.masked_scatter(mask, src)` or `x[mask] = src` with one src value per True "
          "element (the indices come from NonZero)",
          "",
          "write every element and choose with the mask; the k-th True element takes "
          "src[k], found by a running count: `idx = mask.flatten().long().cumsum(0) - 1` "
          "then `x = torch.where(mask, src[idx.clamp(min=0)].view_as(x), x)` (expand a "
          "broadcast mask to x's shape first); `torch.where(mask, src, x)` alone is wrong "
          "here because src is compact"};
    case ScatterIdiom::kMaskedSameShape:
      return {"`x[mask] = y[mask]` (the indices come from NonZero)", "",
              "`x = torch.where(mask, y, x)`: y has x's shape, so choosing per element is the "
              "same write without NonZero or scatter"};
    case ScatterIdiom::kMaskedFill:
      return {
          fmt::format("`x[mask] = {}` (one constant for every True element; the indices "
                      "come from NonZero)",
                      facts.fill == 0 ? std::string("torch.zeros_like(x[mask])")
                                      : fmt::format("torch.full_like(x[mask], {:g})", facts.fill)),
          "",
          fmt::format("`x = x.masked_fill(mask, {0:g})` or `x = torch.where(mask, "
                      "torch.full_like(x, {0:g}), x)`: one value for every True element "
                      "needs neither NonZero nor a scatter",
                      facts.fill)};
    case ScatterIdiom::kConstantIndex:
      return {"an assignment at a constant index such as `x[0] = y`", "",
              "build the result functionally: `x = torch.where(mask, y, x)` with a constant "
              "boolean mask of the rows to replace, or `x = x.scatter(dim, index, y)` / "
              "`x.scatter_(dim, index, y)` with an index tensor shaped like y"};
    case ScatterIdiom::kIndexTensor:
      return {"an assignment through an index tensor such as `x[idx] = y`", "",
              "use `x.scatter(dim, idx_expanded, y)` / `x.scatter_(...)` with the index "
              "broadcast to y's shape (`idx.view(-1, 1).expand(-1, x.shape[1])`), or "
              "`torch.where` with a mask built from idx"};
    case ScatterIdiom::kComputedIndex:
      break;
  }
  return {"a slice assignment such as `x[:, a:b] = y` (the indices are computed from shapes)", "",
          "build the result functionally: `keep = torch.arange(x.shape[d]) < a` (a mask along "
          "the sliced dim, broadcast by view) then `x = torch.where(keep, x, y)`, or "
          "`x.scatter(d, index, y)` / `x.scatter_(...)`"};
}

void report_write(const Model& m, const Graph& g, const Node& n, DiagnosticSink& sink) {
  Words w = words_for(m, classify_scatter(m, g, n));
  sink.report(g, n,
              fmt::format("ScatterND, which is how torch exports {}: {}the Slice-based index "
                          "arithmetic around it makes TensorRT engines segfault",
                          w.idiom, w.harm))
      .fix = std::move(w.fix);
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
      report_write(ctx.model, g, n, sink);
    });
  }
};

}  // namespace

std::unique_ptr<Rule> MakeIndexAssignmentRule() { return std::make_unique<IndexAssignmentRule>(); }

}  // namespace onnx_lint
