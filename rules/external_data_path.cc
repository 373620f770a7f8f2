// OL901 external-data-path: external data that points outside the model's directory.
#include <fmt/format.h>

#include "analysis/external_groups.h"
#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL901", "external-data-path", Severity::kError,
    "External data whose location is absolute, contains '..', or resolves outside the model's "
    "directory (never opened)",
    ""};

class ExternalDataPathRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    // One finding per location, at the first tensor that uses it.
    for (const ExternalGroup& group : external_groups(ctx.model, ExternalCheck::kUnsafe)) {
      const TensorData* first = group.first;
      const int count = group.tensors;
      const std::string& location = group.location;
      Diagnostic& d = sink.report_tensor(
          ctx.model.main(), first->name,
          fmt::format("tensor '{}'{} keeps its data in external file '{}', and {}: a loader that "
                      "follows it reads a file the model's author chose (the path traversal of "
                      "CVE-2022-25882 / CVE-2024-27318); onnx-lint did not open it",
                      first->name,
                      count > 1 ? fmt::format(" (and {} more tensors)", count - 1) : "", location,
                      first->external_problem));
      d.fix =
          "save the weights next to the model under a plain file name: "
          "onnx.save_model(model, \"model.onnx\", save_as_external_data=True, "
          "location=\"model.onnx.data\"), and distrust models whose data points elsewhere";
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeExternalDataPathRule() {
  return std::make_unique<ExternalDataPathRule>();
}

}  // namespace onnx_lint
