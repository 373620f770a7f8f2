// OL402 dynamic-input: graph inputs with symbolic or unknown dims (dynamic_axes).
#include <fmt/format.h>

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
    for (const auto& name : g.inputs) {
      if (g.initializers.count(name)) continue;  // IR < 4 lists initializers as inputs
      const TensorType* t = g.type_of(name);
      if (!t) continue;
      // Profile shapes with example sizes (1 / 8 / 32) standing in for each dynamic dim.
      std::vector<std::string> dynamic, min_shape, opt_shape, max_shape;
      if (t->has_shape) {
        for (size_t i = 0; i < t->dims.size(); ++i) {
          const Dim& d = t->dims[i];
          if (d.is_static()) {
            for (auto* v : {&min_shape, &opt_shape, &max_shape})
              v->push_back(std::to_string(d.value));
            continue;
          }
          dynamic.push_back(d.param.empty() ? fmt::format("dim {} (unnamed)", i)
                                            : fmt::format("dim {} '{}'", i, d.param));
          min_shape.push_back("1");
          opt_shape.push_back("8");
          max_shape.push_back("32");
        }
        if (dynamic.empty()) continue;
      }
      std::string message =
          t->has_shape ? fmt::format(
                             "graph input '{}' has dynamic {}: TensorRT needs an optimization "
                             "profile (min/opt/max shapes) covering them, and every shape outside "
                             "what it was built for costs a rebuild",
                             name, fmt::join(dynamic, ", "))
                       : fmt::format(
                             "graph input '{}' has no shape at all (unknown rank): TensorRT needs "
                             "a rank and an optimization profile for every input",
                             name);
      std::string fix =
          t->has_shape
              ? fmt::format(
                    "build the engine with a profile that covers the sizes you serve, "
                    "e.g. `trtexec --minShapes={0}:{1} --optShapes={0}:{2} "
                    "--maxShapes={0}:{3}` (1/8/32 stand for your smallest, typical and "
                    "largest {4}); if the size is fixed in deployment, export without "
                    "`dynamic_axes` for it",
                    name, fmt::join(min_shape, "x"), fmt::join(opt_shape, "x"),
                    fmt::join(max_shape, "x"), fmt::join(dynamic, ", "))
              : "export with example inputs of the real rank (torch.onnx.export records their "
                "shapes), and give dynamic_axes only for the dims that really vary";
      Diagnostic& d = sink.report_tensor(g, name, std::move(message));
      d.fix = std::move(fix);
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeDynamicInputRule() { return std::make_unique<DynamicInputRule>(); }

}  // namespace onnx_lint
