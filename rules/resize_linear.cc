// OL101 resize-linear: Resize / Upsample in linear (bilinear, trilinear) or cubic mode.
#include <fmt/format.h>

#include "analysis/resize_info.h"
#include "onnx_lint/rule.h"
#include "resize_words.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL101", "resize-linear", Severity::kError,
    "A Resize or Upsample node in linear / bilinear / cubic mode (torch's bilinear resizers)",
    "ONNX > Pytorch resize functions/modules"};

class ResizeLinearRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    for_each_node(ctx.model, [&](const Graph& g, const Node& n) {
      auto info = describe_resize(ctx.model, g, n);
      if (!info || !(info->linear() || info->cubic())) return;
      const std::string factor = info->factor_text();
      // The cheatsheet names bilinear resizing; bicubic is held to the same rule
      // by onnx-lint, and the message says so rather than call it bilinear.
      const std::string why =
          info->cubic()
              ? "cubic resizing: the team cheatsheet blacklists torch's resizers and says "
                "bilinear resizing is not supported by its TensorRT deployment at opset >= 12; "
                "onnx-lint holds bicubic to the same rule"
              : "the team cheatsheet says bilinear resizing is not supported by its TensorRT "
                "deployment at opset >= 12";
      std::string message =
          fmt::format("{} in {} mode{} (coordinate_transformation_mode={}{}), exported from {}: {}",
                      n.op_type, info->mode, factor.empty() ? "" : " " + factor,
                      info->coordinate_mode, info->opset18_note(), info->torch_idiom(), why);
      std::string fix = fmt::format(
          "replace it with the team's own resizer built from plain tensor ops, which exports "
          "without Resize: for a fixed input size, two matmuls with constant interpolation "
          "matrices (out = R @ x @ C{}); `onnx-lint --explain OL101` shows one",
          info->integer_factor()
              ? fmt::format(", R and C upsampling by {}", *info->integer_factor())
              : "");
      if (info->from_1x1) fix = std::string(kResizeFrom1x1Fix);
      sink.report(g, n, std::move(message)).fix = std::move(fix);
    });
  }
};

}  // namespace

std::unique_ptr<Rule> MakeResizeLinearRule() { return std::make_unique<ResizeLinearRule>(); }

}  // namespace onnx_lint
