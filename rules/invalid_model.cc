// OL000 invalid-model: onnx-lint's structural checker rejects the model (it is
// still linted). The checker is analysis/model_checker.h, run at load time.
#include <fmt/format.h>

#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL000", "invalid-model", Severity::kError,
                         "The model is not valid ONNX; the other rules still run as far "
                         "as its graph allows",
                         ""};

class InvalidModelRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    if (ctx.model.checker_error.empty()) return;
    sink.report(fmt::format("the model is not valid ONNX: {}; TensorRT and ONNX Runtime will "
                            "refuse it too",
                            ctx.model.checker_error))
        .fix =
        "re-export from PyTorch (torch.onnx.export) rather than editing the file by hand, and run "
        "onnx.checker.check_model(onnx.load(path)) in the export script to catch this early";
  }
};

}  // namespace

std::unique_ptr<Rule> MakeInvalidModelRule() { return std::make_unique<InvalidModelRule>(); }

}  // namespace onnx_lint
