// OL603 restricted-usage: an op the target supports, used in a way its parser
// rejects (targets/*.toml lists each restriction; this file implements the checks).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>

#include "restriction_checks.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL603", "restricted-usage", Severity::kError,
                         "A supported operator used in a way the target's ONNX parser rejects "
                         "(--target)",
                         ""};

// The input whose value the parser needs at build time, per op.
size_t axes_input(const Node& n) {
  if (n.op_type == "Slice" || n.op_type == "Pad") return 3;
  return 1;  // Squeeze, Unsqueeze, CumSum, Reduce*
}

bool all_ones(const Attribute* a) {
  return !a || std::all_of(a->ints.begin(), a->ints.end(), [](int64_t d) { return d == 1; });
}

std::optional<Broken> pool_rank(const Use& u) {
  const TensorType* t = u.g.type_of(u.n.input(0));
  if (!t || !t->has_shape || t->dims.size() == 4 || t->dims.size() == 5) return std::nullopt;
  if (t->dims.size() == 3)
    return Broken{"its input has rank 3, a 1-D pooling (`F.max_pool1d`, `nn.AvgPool1d`)",
                  "pool a 2-D view: `F.max_pool2d(x.unsqueeze(2), (1, k), (1, s)).squeeze(2)`"};
  return Broken{fmt::format("its input has rank {}", t->dims.size()),
                "reshape to [N, C, H, W] (or 5-D) around the pooling"};
}

std::optional<Broken> zero_point(const Use& u) {
  if (u.n.input(2).empty()) return std::nullopt;
  auto v = u.m.constant(u.g, u.n.input(2));
  if (v && std::all_of(v->ints.begin(), v->ints.end(), [](int64_t z) { return z == 0; }))
    return std::nullopt;
  return Broken{v ? "its zero point is not 0 (asymmetric quantization)"
                  : "its zero point is computed in the graph",
                "quantize symmetrically (`qscheme=torch.per_tensor_symmetric` or "
                "`per_channel_symmetric`), as TensorRT's explicit quantization expects"};
}

std::optional<Broken> topk_k(const Use& u) {
  std::optional<int64_t> k = u.n.inputs.size() < 2 ? u.n.attr_int("k", 0) : scalar_input(u, 1);
  if (!k || *k < u.r.limit) return std::nullopt;
  return Broken{fmt::format("its K is {}", *k),
                fmt::format("take at most {} per call (for example the top K of each chunk, then "
                            "the top K of those), or `torch.sort` and slice",
                            u.r.limit - 1)};
}

std::optional<Broken> dropout_training(const Use& u) {
  if (u.n.input(2).empty()) return std::nullopt;
  auto v = scalar_input(u, 2);
  if (v && *v == 0) return std::nullopt;
  return Broken{v ? "its training_mode is true (exported after `model.train()`)"
                  : "its training_mode is computed in the graph",
                "export with `model.eval()`, which removes the Dropout"};
}

std::optional<Broken> maxpool_indices(const Use& u) {
  if (u.n.outputs.size() < 2 || u.n.outputs[1].empty()) return std::nullopt;
  const std::string_view indices = u.n.outputs[1];
  const bool used = !u.g.consumers(indices).empty() ||
                    std::find(u.g.outputs.begin(), u.g.outputs.end(), indices) != u.g.outputs.end();
  if (!used) return std::nullopt;
  return Broken{"its Indices output is used (`return_indices=True`)",
                "pool without indices; to unpool, upsample with nearest and compare "
                "with the pooled values (`x == F.interpolate(pooled, scale_factor=k)`)"};
}

std::optional<Broken> pool_dilations(const Use& u) {
  const Attribute* a = u.n.attr("dilations");
  if (all_ones(a)) return std::nullopt;
  return Broken{fmt::format("it has dilations [{}]", fmt::join(a->ints, ", ")),
                "use `dilation=1`, or a strided slice of the input before pooling"};
}

std::optional<Broken> einsum_ellipsis(const Use& u) {
  const std::string eq = u.n.attr_string("equation", "");
  if (eq.find("...") == std::string::npos) return std::nullopt;
  return Broken{fmt::format("its equation is '{}'", eq),
                "spell out every dim in the equation ('bij,bjk->bik' instead of "
                "'...ij,...jk->...ik'), or use `torch.matmul`"};
}

std::optional<Broken> scatternd_reduction(const Use& u) {
  const std::string r = u.n.attr_string("reduction", "none");
  if (r == "none") return std::nullopt;
  return Broken{fmt::format("it has reduction='{}'", r),
                "sum with a one-hot matrix instead (OL202's rewrite): `x + "
                "(torch.arange(n).unsqueeze(1) == idx.unsqueeze(0)).to(v.dtype) @ v`"};
}

std::optional<Broken> loop_scan_length(const Use& u) {
  // Node outputs are the carried values, then the scan outputs; the body's
  // outputs are the condition, the carried values, then the scan outputs.
  const Attribute* body = u.n.attr("body");
  if (!body || body->graphs.empty()) return std::nullopt;
  const Graph& g = u.m.graphs[body->graphs[0]];
  const size_t carried = u.n.inputs.size() > 2 ? u.n.inputs.size() - 2 : 0;
  const size_t scans = g.outputs.size() > carried + 1 ? g.outputs.size() - carried - 1 : 0;
  if (scans == 0 || scalar_input(u, 0)) return std::nullopt;
  return Broken{
      fmt::format(
          "it stacks {} scan output{} over a trip count that is {}", scans, scans == 1 ? "" : "s",
          u.n.input(0).empty() ? "absent (only the condition stops it)" : "computed in the graph"),
      "loop a fixed number of times (a Python int in a traced loop unrolls it), or "
      "preallocate the output and write it with a mask instead of stacking"};
}

std::optional<Broken> if_branch_ranks(const Use& u) {
  const Attribute* then_g = u.n.attr("then_branch");
  const Attribute* else_g = u.n.attr("else_branch");
  if (!then_g || !else_g || then_g->graphs.empty() || else_g->graphs.empty()) return std::nullopt;
  const Graph& a = u.m.graphs[then_g->graphs[0]];
  const Graph& b = u.m.graphs[else_g->graphs[0]];
  for (size_t i = 0; i < a.outputs.size() && i < b.outputs.size(); ++i) {
    const TensorType* ta = a.type_of(a.outputs[i]);
    const TensorType* tb = b.type_of(b.outputs[i]);
    if (!ta || !tb || !ta->has_shape || !tb->has_shape || ta->dims.size() == tb->dims.size())
      continue;
    // torch exports `x.squeeze(d)` of a dim whose size is unknown at export
    // as If(size == 1, Squeeze, Identity): the ranks differ by one.
    const bool squeeze = a.nodes.size() == 1 && b.nodes.size() == 1 &&
                         (a.nodes[0].op_type == "Squeeze") != (b.nodes[0].op_type == "Squeeze");
    return Broken{
        fmt::format("its output {} has rank {} in then_branch and {} in else_branch{}", i,
                    ta->dims.size(), tb->dims.size(),
                    squeeze ? " (a Squeeze against an Identity: how torch exports `x.squeeze(d)` "
                              "when the size of dim d is unknown at export)"
                            : ""),
        squeeze ? "say which rank you want: `x.flatten(d - 1, d)` or `x.reshape(...)` to drop "
                  "the dim, or index it (`x[:, 0]` for d = 1), instead of `squeeze(d)`"
                : "make both branches return tensors of the same rank (reshape or unsqueeze in "
                  "the branch), or compute both and choose with `torch.where`"};
  }
  return std::nullopt;
}

// TensorRT 8.x casts INT64 constants to INT32, clamping what does not fit.
// Slice's bounds are the exception: torch writes INT64_MAX for "to the end",
// and clamped it still means the end.
std::optional<Broken> int64_clamped(const Use& u) {
  for (size_t i = 0; i < u.n.inputs.size(); ++i) {
    if (u.n.op_type == "Slice" && i >= 1) continue;
    const TensorType* t = u.g.type_of(u.n.input(i));
    if (!t || t->elem_type != dtype::kInt64) continue;
    auto v = u.n.input(i).empty() ? std::nullopt : u.m.constant(u.g, u.n.input(i));
    if (!v) continue;
    for (int64_t x : v->ints)
      if (x > INT32_MAX || x < INT32_MIN)
        return Broken{
            fmt::format("its input '{}' holds {}, which does not fit in INT32", u.n.input(i), x),
            "keep integer constants within int32 (a mask or sentinel of "
            "`torch.iinfo(torch.int32).max`), or deploy on TensorRT 10, which has INT64"};
  }
  return std::nullopt;
}

const CheckTable& checks() {
  static const CheckTable table = [] {
    CheckTable t = {
        {"pool-rank", pool_rank},
        {"maxpool-indices", maxpool_indices},
        {"pool-dilations", pool_dilations},
        {"einsum-ellipsis", einsum_ellipsis},
        {"zero-point", zero_point},
        {"axes-initializer",
         [](const Use& u) -> std::optional<Broken> {
           if (constant_input(u, axes_input(u.n))) return std::nullopt;
           return Broken{
               fmt::format("its {} input '{}' is computed in the graph",
                           u.n.op_type == "CumSum" ? "axis" : "axes", u.n.input(axes_input(u.n))),
               "pass the dims as Python ints (`dim=1`), not tensors"};
         }},
        {"axes-constant",
         [](const Use& u) -> std::optional<Broken> {
           if (foldable_input(u, axes_input(u.n))) return std::nullopt;
           return Broken{
               fmt::format("its {} input '{}' depends on the model's inputs, so it does not fold "
                           "to a constant",
                           u.n.op_type == "CumSum" ? "axis" : "axes", u.n.input(axes_input(u.n))),
               "pass the dims as Python ints (`dim=1`), not tensors"};
         }},
        {"topk-k-limit", topk_k},
        {"int64-clamped", int64_clamped},
        {"loop-scan-length", loop_scan_length},
        {"if-branch-ranks", if_branch_ranks},
        {"scatternd-reduction", scatternd_reduction},
        {"dropout-training", dropout_training},
        {"onehot-depth",
         [](const Use& u) -> std::optional<Broken> {
           if (constant_input(u, 1)) return std::nullopt;
           return Broken{"its depth is computed in the graph",
                         "pass `num_classes=` as a Python int to `F.one_hot`"};
         }},
    };
    add_attribute_checks(t);
    add_newer_op_checks(t);
    return t;
  }();
  return table;
}

// Every restriction of the target the node breaks, with what it does; the
// one loop OL603 reports from and breaks_a_restriction (OL605) asks.
std::vector<std::pair<const TargetRestriction*, Broken>> broken_restrictions(const Model& m,
                                                                             const Graph& g,
                                                                             const Node& n,
                                                                             const Target& t) {
  std::vector<std::pair<const TargetRestriction*, Broken>> out;
  if (!n.in_onnx_domain()) return out;
  for (const TargetRestriction& r : t.restrictions) {
    if (std::find(r.ops.begin(), r.ops.end(), n.op_type) == r.ops.end()) continue;
    auto it = checks().find(r.check);
    if (it == checks().end()) continue;  // the engine refuses data naming an unknown check
    if (auto broken = it->second(Use{m, g, n, r})) out.emplace_back(&r, std::move(*broken));
  }
  return out;
}

class RestrictedUsageRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    const Target& t = ctx.target;
    if (t.restrictions.empty()) return;
    for_each_node(ctx.model, [&](const Graph& g, const Node& n) {
      for (auto& [r, broken] : broken_restrictions(ctx.model, g, n, t)) {
        Diagnostic& d =
            sink.report(g, n,
                        fmt::format("{}: {} ({}), and {}", t.runtime, r->fact,
                                    r->evidence.empty() ? t.evidence : r->evidence, broken.what));
        d.fix = std::move(broken.fix);
        if (r->severity == Severity::kWarning) d.at_most = Severity::kWarning;
      }
    });
  }
};

}  // namespace

bool restriction_check_known(std::string_view check) { return checks().count(check) > 0; }

// Only the restrictions the parser enforces move a node off TensorRT; a
// warning-level one (a seed ignored) builds as it is.
bool breaks_a_restriction(const Model& model, const Graph& graph, const Node& node,
                          const Target& target) {
  for (const auto& [r, broken] : broken_restrictions(model, graph, node, target))
    if (r->severity == Severity::kError) return true;
  return false;
}

std::unique_ptr<Rule> MakeRestrictedUsageRule() { return std::make_unique<RestrictedUsageRule>(); }

}  // namespace onnx_lint
