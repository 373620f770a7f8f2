// OL000 invalid-model: the ONNX checker rejects the model (it is still linted).
#include <fmt/format.h>

#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL000", "invalid-model", Severity::kError,
                         "The ONNX checker rejects the model; the other rules still run as far "
                         "as its graph allows",
                         ""};

class InvalidModelRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    if (ctx.model.checker_error.empty()) return;
    sink.report(fmt::format("the ONNX checker ({}) rejects the model: {}; TensorRT and ONNX "
                            "Runtime are likely to refuse it too",
                            ctx.model.checker_name, ctx.model.checker_error))
        .fix =
        "re-export from PyTorch (torch.onnx.export) rather than editing the file by hand, and run "
        "onnx.checker.check_model(onnx.load(path)) in the export script to catch this early";
  }
};

}  // namespace

std::unique_ptr<Rule> MakeInvalidModelRule() { return std::make_unique<InvalidModelRule>(); }

}  // namespace onnx_lint
