// OL301 dtype-uint8: a uint8 tensor anywhere, reported where it is born.
#include "onnx_lint/dtype_origins.h"
#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL301", "dtype-uint8", Severity::kError,
                         "A uint8 tensor anywhere (input, initializer, constant, Cast, intermediate)",
                         "TensorRT > Data type support"};

class DtypeUint8Rule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    report_dtype_births(
        ctx, sink,
        {dtype::kUint8, "`.to(torch.uint8)` / `.byte()`",
         "TensorRT does not support uint8 tensors in the engine (the team cheatsheet blacklists them)",
         "convert uint8 data to int32 before it reaches the engine: cast in the pre-processing (`image.to(torch.int32)`) and export with an int32 (or float32) input; keep intermediate tensors of the deployment branch out of uint8"});
  }
};

}  // namespace

std::unique_ptr<Rule> MakeDtypeUint8Rule() { return std::make_unique<DtypeUint8Rule>(); }

}  // namespace onnx_lint
