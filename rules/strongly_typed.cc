// OL608 strongly-typed: TensorRT 11 builds strongly typed networks only, so a
// float32 model builds an FP32 engine; said once per model, with the route to
// FP16/BF16 and to INT8/FP8.
#include <fmt/format.h>

#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL608", "strongly-typed", Severity::kInfo,
                         "TensorRT 11 is strongly typed: a float32 model builds an FP32 engine "
                         "(--target trt-11*)",
                         ""};

// Whether the main graph carries float32 data (inputs or weights) and no
// half-precision tensor: then the engine is FP32 throughout.
bool float32_only(const Model& m) {
  const Graph& g = m.main();
  bool f32 = false;
  for (const Graph& sub : m.graphs)
    for (const Node& n : sub.nodes)
      for (auto out : n.outputs) {
        const TensorType* t = out.empty() ? nullptr : sub.type_of(out);
        if (t && (t->elem_type == dtype::kFloat16 || t->elem_type == dtype::kBfloat16))
          return false;
      }
  for (const auto& in : g.inputs) {
    const TensorType* t = g.type_of(in);
    if (t && t->elem_type == dtype::kFloat) f32 = true;
    if (t && (t->elem_type == dtype::kFloat16 || t->elem_type == dtype::kBfloat16)) return false;
  }
  for (const auto& [name, index] : g.initializers) {
    const int32_t type = m.tensors[index].elem_type;
    if (type == dtype::kFloat) f32 = true;
    if (type == dtype::kFloat16 || type == dtype::kBfloat16) return false;
  }
  return f32;
}

class StronglyTypedRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    const Target& t = ctx.target;
    if (!t.strongly_typed || !float32_only(ctx.model)) return;
    sink.report(fmt::format(
                    "{} builds strongly typed networks only (weak typing and the FP16/INT8 "
                    "builder flags were removed in TensorRT 11.0: NVIDIA's TensorRT 10.x to 11.x "
                    "migration guide), and this model's data is float32: the engine runs in FP32, "
                    "whatever `trtexec --fp16` asked for",
                    t.runtime))
        .fix =
        "for FP16 or BF16, convert the model's types before the build: export a half model "
        "(`model.half()`, or `model.to(torch.bfloat16)`, then torch.onnx.export) or convert the "
        "file (onnxconverter-common's `float16.convert_float_to_float16(model, "
        "keep_io_types=True)`), then lint the result again; for INT8 or FP8, insert Q/DQ nodes "
        "(NVIDIA ModelOptimizer)";
  }
};

}  // namespace

std::unique_ptr<Rule> MakeStronglyTypedRule() { return std::make_unique<StronglyTypedRule>(); }

}  // namespace onnx_lint
