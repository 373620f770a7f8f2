// OL401 dynamic-shape: the node where a shape starts to depend on tensor values.
#include <fmt/format.h>

#include "analysis/scatter_idiom.h"
#include "analysis/shape_flow.h"
#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL401", "dynamic-shape", Severity::kWarning,
    "A node whose output shape depends on tensor values (NonZero, NMS, a shape input computed "
    "from data, ...), reported at the root cause",
    "TensorRT > Dynamic data shape"};

constexpr std::string_view kWhy =
    "TensorRT pays tens of seconds the first time it meets each new shape of this tensor";

// The variable is read by onnxruntime.backend only (onnxruntime 1.31.1,
// onnxruntime/backend/backend.py: os.getenv("ORT_ONNX_BACKEND_EXCLUDE_PROVIDERS")
// before it makes its InferenceSession); an InferenceSession takes providers=.
constexpr std::string_view kFallback =
    "if the dynamic shape cannot be avoided, run this model on ONNX Runtime's CUDA provider "
    "instead of TensorRT: through `onnxruntime.backend` (the team's deploy path) set "
    "ORT_ONNX_BACKEND_EXCLUDE_PROVIDERS=TensorrtExecutionProvider; an `InferenceSession` "
    "ignores that variable: pass it `providers=[\"CUDAExecutionProvider\", "
    "\"CPUExecutionProvider\"]`";

std::string describe(const Node& n, const DynamicShapeRoot& r) {
  switch (r.kind) {
    case RootKind::kInherent:
      if (n.op_type == "NonZero")
        return "NonZero (what `x[mask]`, `torch.nonzero` and `mask.nonzero()` export to) returns "
               "one index per true element, so its size is decided by the data";
      if (n.op_type == "NonMaxSuppression")
        return "NonMaxSuppression (`torchvision.ops.nms`, detection post-processing) keeps a "
               "number of boxes decided by the scores";
      if (n.op_type == "Unique")
        return "Unique (`torch.unique`) returns as many values as the data holds";
      return "Compress (selection by a boolean mask) keeps as many elements as the mask selects";
    case RootKind::kShapeInput:
      if (n.op_type == "TopK")
        return fmt::format(
            "TopK takes its k from tensor '{}', computed from data (`x.topk(k)` "
            "with a tensor k)",
            r.input);
      return fmt::format(
          "{}'s {} input '{}' is computed from tensor values, not from constants or `x.shape`, "
          "so the output shape follows the data",
          n.op_type, r.input_role, r.input);
    case RootKind::kLoopTripCount:
      return fmt::format(
          "Loop whose {} ('{}') is computed from data: the number of iterations, "
          "and the shape of what it stacks or grows, follow the data",
          r.input_role, r.input);
    case RootKind::kIfCondition:
      return fmt::format(
          "If whose condition '{}' is computed from data chooses between branches "
          "that do not produce the same static shape",
          r.input);
  }
  return "";
}

std::string fix_for(const Graph& g, const Node& n, const DynamicShapeRoot& r) {
  if (n.op_type == "NonZero")
    if (const Node* write = masked_write_of(g, n))
      return fmt::format(
          "this NonZero only locates the masked write at ScatterND '{}' (`x[mask] = ...`, "
          "`x.masked_scatter(mask, src)`): rewrite that write as its OL202 fix says, with "
          "`torch.where` over every element, and this NonZero goes away with it; {}",
          write->display_name(), kFallback);
  if (r.kind == RootKind::kInherent && n.op_type == "Unique")
    return fmt::format(
        "replace the set of values with a fixed-size answer: with a known number of classes K, "
        "`(x.flatten().unsqueeze(-1) == torch.arange(K)).any(0)` (which values occur) or "
        "`F.one_hot(x.flatten(), K).amax(0) > 0` keep a constant shape (not "
        "`torch.bincount`, which torch 1.13 cannot export); or compute `torch.unique` outside "
        "the engine, on the host; {}",
        kFallback);
  if (r.kind == RootKind::kInherent && n.op_type != "NonMaxSuppression")
    return fmt::format(
        "keep shapes constant: instead of selecting elements with a mask (`x[mask]`, "
        "`new[mask] = ...`), compute on every element and choose with the mask, e.g. "
        "`new = torch.where(mask, torch.zeros_like(x), x)`; {}",
        kFallback);
  if (r.kind == RootKind::kShapeInput)
    return fmt::format(
        "compute sizes from `x.shape` (shape arithmetic is fine) or constants, not from tensor "
        "values; pad to a fixed maximum size and carry a mask (`torch.where`) instead of "
        "resizing to the data; {}",
        kFallback);
  return fmt::format(
      "give the step a fixed size: a fixed number of detections or iterations (pad the rest and "
      "mark it with a mask / `torch.where`); {}",
      kFallback);
}

class DynamicShapeRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    for (const DynamicShapeRoot& r : find_dynamic_shape_roots(ctx.model)) {
      const Graph& g = ctx.model.graphs[r.graph];
      const Node& n = g.nodes[r.node];
      std::string downstream =
          r.downstream > 0 ? fmt::format(
                                 "; it makes {} downstream node{} data-dependent that no earlier "
                                 "root did",
                                 r.downstream, r.downstream == 1 ? "" : "s")
                           : "";
      Diagnostic& d = sink.report(g, n, fmt::format("{}{}: {}", describe(n, r), downstream, kWhy));
      d.fix = fix_for(g, n, r);
      if (!r.input.empty()) d.tensor = r.input;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeDynamicShapeRule() { return std::make_unique<DynamicShapeRule>(); }

}  // namespace onnx_lint
