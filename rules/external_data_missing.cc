// OL902 external-data-missing: an external data file that is not next to the model.
#include <fmt/format.h>

#include "analysis/external_groups.h"
#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL902", "external-data-missing", Severity::kError,
                         "An external data file the model needs is not in the model's directory",
                         ""};

class ExternalDataMissingRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    // One finding per location, at the first tensor that uses it.
    for (const ExternalGroup& group : external_groups(ctx.model, ExternalCheck::kMissing)) {
      const TensorData* first = group.first;
      const int count = group.tensors;
      const std::string& location = group.location;
      const std::string which =
          first->name.empty() ? "a Constant node's value" : fmt::format("first '{}'", first->name);
      Diagnostic& d = sink.report_tensor(
          ctx.model.main(), first->name,
          fmt::format("external data file '{}' (used by {} tensor{}, {}) is missing: {}; "
                      "TensorRT and ONNX Runtime will fail to load the weights",
                      location, count, count == 1 ? "" : "s", which, first->external_problem));
      d.fix = fmt::format(
          "ship '{}' next to the .onnx file (external data is found relative to the model), or "
          "re-save with onnx.save_model(..., save_as_external_data=True) into the same directory",
          location);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeExternalDataMissingRule() {
  return std::make_unique<ExternalDataMissingRule>();
}

}  // namespace onnx_lint
