// OL102 resize-nearest: Resize / Upsample in nearest mode (the default mode).
#include <fmt/format.h>

#include "analysis/resize_info.h"
#include "onnx_lint/rule.h"
#include "resize_words.h"
#include "slice_words.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL102", "resize-nearest", Severity::kWarning,
    "A Resize or Upsample node in nearest mode (also the default when `mode` is absent)",
    "ONNX > Pytorch resize functions/modules"};

class ResizeNearestRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    for_each_node(ctx.model, [&](const Graph& g, const Node& n) {
      auto info = describe_resize(ctx.model, g, n);
      if (!info || !info->nearest()) return;
      const std::string factor = info->factor_text();
      std::string message = fmt::format(
          "{} in nearest mode{}{}{}, exported from {}: the team cheatsheet says nearest "
          "resizing is supported but usually segfaults in TensorRT because of the Slice that "
          "comes with it; {}",
          n.op_type, factor.empty() ? "" : " " + factor,
          n.attr("mode") ? "" : " (no mode attribute: nearest is the default)",
          info->opset18_note(), info->torch_idiom(), slice_context(ctx.model, g, n));
      std::string fix;
      if (auto f = info->integer_factor(); f && info->rank == 4) {
        fix = fmt::format(
            "upsample with view ops instead, which export without Resize: `b, c, h, w = x.shape; "
            "x = x[:, :, :, None, :, None].expand(b, c, h, {0}, w, {0}).reshape(b, c, h * {0}, "
            "w * {0})`",
            *f);
      } else {
        fix =
            "replace it with the team's own nearest resizer built from plain tensor ops: "
            "gather rows and columns with constant indices (`x.index_select(2, rows)."
            "index_select(3, cols)`), or unsqueeze/expand/reshape for integer factors";
      }
      if (info->from_1x1) fix = std::string(kResizeFrom1x1Fix);
      sink.report(g, n, std::move(message)).fix = std::move(fix);
    });
  }
};

}  // namespace

std::unique_ptr<Rule> MakeResizeNearestRule() { return std::make_unique<ResizeNearestRule>(); }

}  // namespace onnx_lint
