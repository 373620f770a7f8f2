// OL602 opset-window: the model's default-domain opset is outside what the
// target's ONNX parser reads (TensorRT 8.6: up to 17; 10.0/10.1: 9 to 20).
#include <fmt/format.h>

#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL602", "opset-window", Severity::kError,
                         "The model's default-domain opset is outside the range the target's "
                         "ONNX parser reads (--target)",
                         ""};

class OpsetWindowRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    const Target& t = ctx.target;
    if (!t.has_facts()) return;
    const auto opset = ctx.model.opset("");
    if (!opset || (*opset >= t.min_opset && *opset <= t.max_opset)) return;
    const int64_t to = *opset > t.max_opset ? t.max_opset : t.min_opset;
    sink.report(fmt::format("the model imports default-domain opset {}, and {}'s ONNX parser reads "
                            "opsets {} to {} ({}): the parse fails before any layer is built",
                            *opset, t.runtime, t.min_opset, t.max_opset, t.evidence))
        .fix = fmt::format(
        "re-export with torch.onnx.export(model, args, path, opset_version={}){}; or choose the "
        "target you deploy (`onnx-lint --list-targets`)",
        to,
        *opset > t.max_opset
            ? " (the dynamo exporter, `dynamo=True`, writes opset 18 or later: use the "
              "TorchScript exporter, `dynamo=False`, for older parsers)"
            : "");
  }
};

}  // namespace

std::unique_ptr<Rule> MakeOpsetWindowRule() { return std::make_unique<OpsetWindowRule>(); }

}  // namespace onnx_lint
