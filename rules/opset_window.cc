// OL602 opset-window: the model's default-domain opset is outside what the
// target's ONNX parser reads (TensorRT 8.6: up to 17; 11.5: 9 to 25), or its
// IR version is newer than the runtime loads (ONNX Runtime 1.31: 13).
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
    const std::string& evidence = t.window_evidence.empty() ? t.evidence : t.window_evidence;
    if (t.max_ir > 0 && ctx.model.ir_version > t.max_ir)
      sink.report(fmt::format("the model's IR version is {}, and {} loads IR versions up to {} "
                              "({}): the session refuses the file (\"Unsupported model IR "
                              "version\")",
                              ctx.model.ir_version, t.runtime, t.max_ir, evidence))
          .fix = fmt::format(
          "save the model with IR version {} (`model.ir_version = {}` before `onnx.save`; "
          "onnx 1.23's `helper.make_model` writes {} by default), or upgrade ONNX Runtime",
          t.max_ir, t.max_ir, ctx.model.ir_version);
    const auto opset = ctx.model.opset("");
    if (!opset || (*opset >= t.min_opset && *opset <= t.max_opset)) return;
    const int64_t to = *opset > t.max_opset ? t.max_opset : t.min_opset;
    sink.report(fmt::format("the model imports default-domain opset {}, and {}'s ONNX parser reads "
                            "opsets {} to {} ({}): the parse fails before any layer is built",
                            *opset, t.runtime, t.min_opset, t.max_opset, evidence))
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
