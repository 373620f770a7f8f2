// OL001 opset-version: the default-domain opset is not the deployment target.
#include <fmt/format.h>

#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL001", "opset-version", Severity::kWarning,
    "The model's default-domain opset differs from the target opset (12 unless --target-opset)",
    "ONNX > torch.onnx.export(opset_version)"};

class OpsetVersionRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    const int target = ctx.target_opset;
    const std::string fix = fmt::format(
        "re-export with torch.onnx.export(model, args, path, opset_version={}) and rebuild the "
        "TensorRT engine from the new file",
        target);
    auto opset = ctx.model.opset("");
    if (!opset) {
      sink.report(
              "the model imports no default-domain (ai.onnx) opset, so no standard operator "
              "in it can be resolved by TensorRT or ONNX Runtime")
          .fix = fix;
      return;
    }
    if (*opset == target) return;
    std::string why =
        *opset > target ? fmt::format(
                              "operators newer than opset {} (and their changed semantics) may not "
                              "be supported by the team's TensorRT parser",
                              target)
                        : fmt::format(
                              "older opsets export some operators differently (Upsample instead of "
                              "Resize, attribute-style Slice) from the opset {} the rules target",
                              target);
    sink.report(fmt::format("the model uses default-domain opset {}, not the target opset {}: {}",
                            *opset, target, why))
        .fix = fix;
  }
};

}  // namespace

std::unique_ptr<Rule> MakeOpsetVersionRule() { return std::make_unique<OpsetVersionRule>(); }

}  // namespace onnx_lint
