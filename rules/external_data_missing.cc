// OL902 external-data-missing: an external data file that is not next to the model.
#include <map>

#include <fmt/format.h>

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
    std::map<std::string, std::pair<const TensorData*, int>> locations;
    std::vector<std::string> order;
    for (const TensorData& t : ctx.model.tensors) {
      if (t.external_check != ExternalCheck::kMissing) continue;
      auto [it, fresh] = locations.try_emplace(t.external_location, &t, 0);
      if (fresh) order.push_back(t.external_location);
      ++it->second.second;
    }
    for (const auto& location : order) {
      const auto& [first, count] = locations[location];
      Diagnostic& d = sink.report_tensor(
          ctx.model.main(), first->name,
          fmt::format("external data file '{}' (used by {} tensor{}, first '{}') is missing: {}; "
                      "TensorRT and ONNX Runtime will fail to load the weights",
                      location, count, count == 1 ? "" : "s", first->name,
                      first->external_problem));
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
