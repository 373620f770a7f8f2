// OL402 dynamic-input: graph inputs with symbolic or unknown dims (dynamic_axes).
#include <fmt/format.h>

#include "analysis/input_profile.h"
#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL402", "dynamic-input", Severity::kInfo,
    "A graph input with symbolic or unknown dims (from dynamic_axes): TensorRT needs an "
    "optimization profile covering them",
    "TensorRT > Dynamic data shape"};

class DynamicInputRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    const Graph& g = ctx.model.main();
    std::vector<InputProfile> profiles = input_profiles(ctx.model);
    for (const InputProfile& p : profiles) {
      Diagnostic& d = sink.report_tensor(
          g, p.input,
          fmt::format("graph input '{}' has dynamic {}: TensorRT needs an optimization profile "
                      "(min/opt/max shapes) covering them, and every shape outside what it was "
                      "built for costs a rebuild",
                      p.input, fmt::join(p.dynamic, ", ")));
      d.fix = fmt::format(
          "build the engine with a profile that covers the sizes you serve, e.g. `trtexec "
          "--minShapes={0}:{1} --optShapes={0}:{2} --maxShapes={0}:{3}` (1/8/32 stand for your "
          "smallest, typical and largest {4}); if the size is fixed in deployment, export "
          "without `dynamic_axes` for it",
          p.input, p.min, p.opt, p.max, fmt::join(p.dynamic, ", "));
    }
    for (const auto& name : g.inputs) {
      const TensorType* t = g.type_of(name);
      if (g.initializers.count(name) || !t || t->has_shape) continue;
      sink.report_tensor(g, name,
                         fmt::format("graph input '{}' has no shape at all (unknown rank): "
                                     "TensorRT needs a rank and an optimization profile for "
                                     "every input",
                                     name))
          .fix =
          "export with example inputs of the real rank (torch.onnx.export records their "
          "shapes), and give dynamic_axes only for the dims that really vary";
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeDynamicInputRule() { return std::make_unique<DynamicInputRule>(); }

}  // namespace onnx_lint
