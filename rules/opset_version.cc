// OL001 opset-version: the default-domain opset is not the deployment target.
#include <fmt/format.h>

#include "analysis/exporter.h"
#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL001", "opset-version", Severity::kWarning,
    "The model's default-domain opset differs from the target opset (12 unless --target-opset)",
    "ONNX > torch.onnx.export(opset_version)"};

// What works with the exporter that wrote the model (checked on torch 2.14.1:
// `torch.onnx.export(..., opset_version=12)` runs the dynamo exporter, which
// writes opset 18 and cannot convert Gemm down to 12; with dynamo=False it
// writes opset 12).
std::string fix_for(const ExporterInfo& e, int target, std::optional<int64_t> opset) {
  const std::string rebuild = "and rebuild the TensorRT engine from the new file";
  const std::string deploy_at =
      opset ? fmt::format(
                  "or deploy at opset {0} and say so: `--target-opset {0}`, `target-opset = {0}` "
                  "in .onnx-lint.toml, or a `trt-*` / `ort-*` target",
                  *opset)
            : std::string();
  if (e.exporter == Exporter::kTorchDynamo && target < 18)
    return fmt::format(
        "this model comes from torch.onnx's dynamo exporter (the default of torch.onnx.export "
        "since torch 2.9), which writes opset 18 or later whatever `opset_version` says: "
        "re-export with the TorchScript exporter, `torch.onnx.export(model, args, path, "
        "dynamo=False, opset_version={})` (deprecated, still in torch 2.14), {}; {}",
        target, rebuild, deploy_at.empty() ? "or deploy at the opset it writes" : deploy_at);
  if (e.exporter == Exporter::kTorchDynamo)
    return fmt::format(
        "re-export with `torch.onnx.export(model, args, path, opset_version={})` (the dynamo "
        "exporter writes opsets 18 and later) {}",
        target, rebuild);
  if (e.exporter == Exporter::kTorchScript && e.dynamo_is_default())
    return fmt::format(
        "re-export with `torch.onnx.export(model, args, path, dynamo=False, opset_version={})` "
        "{}: this model comes from the TorchScript exporter, and since torch 2.9 "
        "torch.onnx.export runs the dynamo exporter unless `dynamo=False` (it would write "
        "opset 18 or later)",
        target, rebuild);
  return fmt::format(
      "re-export with `torch.onnx.export(model, args, path, opset_version={})` {} (on torch "
      "2.9 and later add `dynamo=False`: otherwise the dynamo exporter writes opset 18 or later)",
      target, rebuild);
}

class OpsetVersionRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    const int target = ctx.target_opset;
    auto opset = ctx.model.opset("");
    const std::string fix = fix_for(exporter_of(ctx.model), target, opset);
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
