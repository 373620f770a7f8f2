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
    for (ExternalCheck kind : {ExternalCheck::kMissing, ExternalCheck::kShort})
      for (const ExternalGroup& group : external_groups(ctx.model, kind)) report(ctx, sink, group);
  }

 private:
  static void report(const LintContext& ctx, DiagnosticSink& sink, const ExternalGroup& group) {
    const TensorData* first = group.first;
    const int count = group.tensors;
    const std::string& location = group.location;
    const std::string which =
        first->name.empty() ? "a Constant node's value" : fmt::format("first '{}'", first->name);
    const bool missing = first->external_check == ExternalCheck::kMissing;
    const std::string tensors = fmt::format("{} tensor{}", count, count == 1 ? "" : "s");
    Diagnostic& d = sink.report_tensor(
        ctx.model.main(), first->name,
        missing ? fmt::format("external data file '{}' (used by {}, {}) is missing: {}; TensorRT "
                              "and ONNX Runtime will fail to load the weights",
                              location, tensors, which, first->external_problem)
                : fmt::format("external data file '{}' is too short for {} ({}): {}; TensorRT "
                              "and ONNX Runtime will fail to load the weights",
                              location, tensors, which, first->external_problem));
    d.fix = missing ? fmt::format(
                          "ship '{}' next to the .onnx file (external data is found relative to "
                          "the model), or re-save with onnx.save_model(..., "
                          "save_as_external_data=True) into the same directory",
                          location)
                    : fmt::format(
                          "copy '{}' again from where the model was saved (compare its size "
                          "with the original), or re-save the model with onnx.save_model(..., "
                          "save_as_external_data=True) so model and data are written together",
                          location);
  }
};

}  // namespace

std::unique_ptr<Rule> MakeExternalDataMissingRule() {
  return std::make_unique<ExternalDataMissingRule>();
}

}  // namespace onnx_lint
