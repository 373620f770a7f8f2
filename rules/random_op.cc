// OL501 random-op: random-number operators, what rsample()/sample()/randn export to.
#include <fmt/format.h>

#include <optional>
#include <string_view>

#include "analysis/random_ops.h"
#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL501", "random-op", Severity::kError,
    "A random operator (RandomNormal[Like], RandomUniform[Like], Multinomial, Bernoulli)",
    "TensorRT > rsample()"};

std::string_view torch_idiom(std::string_view op) {
  if (op == "RandomNormalLike" || op == "RandomNormal")
    return "`Normal(...).rsample()` / `.sample()`, `torch.randn_like` or `torch.randn`";
  if (op == "RandomUniformLike" || op == "RandomUniform")
    return "`Uniform(...).rsample()`, `torch.rand_like` or `torch.rand`";
  if (op == "Multinomial") return "`torch.multinomial` or `Categorical(...).sample()`";
  return "`torch.bernoulli`, `Bernoulli(...).sample()` or dropout left in training mode";
}

// Dropout-12+ samples a mask when its training_mode input is true, or is
// anything but a constant false: `model.train()` at export, or
// torch.onnx.export(..., training=TrainingMode.TRAINING).
bool dropout_in_training(const Model& m, const Graph& g, const Node& n) {
  if (n.op_type != "Dropout" || !n.in_onnx_domain() || n.input(2).empty()) return false;
  const auto mode = m.constant(g, n.input(2));
  return !mode || mode->ints.empty() || mode->ints.front() != 0;
}

void report_dropout(const Model& m, const Graph& g, const Node& n, DiagnosticSink& sink) {
  const bool constant = m.constant(g, n.input(2)).has_value();
  sink.report(g, n,
              fmt::format("Dropout {}: in training mode it samples a random mask, and TensorRT "
                          "rejects Dropout in training mode",
                          constant ? "with training_mode set to true (the model was exported in "
                                     "training mode: `model.train()` or "
                                     "`training=torch.onnx.TrainingMode.TRAINING`)"
                                   : "whose training_mode is computed at run time"))
      .fix =
      "export the inference graph: call `model.eval()` before torch.onnx.export (and leave "
      "`training` at its default), so Dropout is the identity and leaves the graph";
}

// torch 2.x's dynamo exporter runs a random op on a constant input (a
// `torch.bernoulli(torch.full_like(x, p))` of a static shape) while it folds
// constants, and writes the one draw it got as an initializer named after the
// aten op: "bernoulli", "randn_like_1". The model is no longer random at all.
std::optional<std::string_view> frozen_draw(std::string_view tensor) {
  static constexpr std::string_view kDraws[] = {
      "bernoulli",    "rand",   "randn",   "rand_like",   "randn_like", "randint",
      "randint_like", "normal", "uniform", "multinomial", "randperm",   "native_dropout"};
  std::string_view stem = tensor;
  const size_t cut = stem.find_last_of('_');
  if (cut != std::string_view::npos && cut + 1 < stem.size() &&
      stem.substr(cut + 1).find_first_not_of("0123456789") == std::string_view::npos)
    stem = stem.substr(0, cut);  // "bernoulli_1": the exporter's second name for it
  for (std::string_view d : kDraws)
    if (stem == d) return d;
  return std::nullopt;
}

void report_frozen(const Graph& g, const Node& n, std::string_view tensor, std::string_view op,
                   DiagnosticSink& sink) {
  sink.report(g, n,
              fmt::format("its input '{}' is one draw of `torch.{}` that the exporter computed "
                          "once, at export, while folding constants: the model has no random "
                          "op left and applies the same frozen values on every run",
                          tensor, op))
      .fix =
      "decide what the randomness is for, as for a random op: at inference a dropout-like "
      "mask is the identity (`model.eval()`, or drop the mask), a sampler takes the "
      "distribution's mean, and noise that must be random comes in as a model input sampled "
      "by the caller; then re-export";
}

class RandomOpRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    for_each_node(ctx.model, [&](const Graph& g, const Node& n) {
      for (std::string_view in : n.inputs)
        if (const auto op = g.initializers.contains(in) ? frozen_draw(in) : std::nullopt)
          return report_frozen(g, n, in, *op, sink);
      if (dropout_in_training(ctx.model, g, n)) return report_dropout(ctx.model, g, n, sink);
      if (!is_random_op(n)) return;
      sink.report(g, n,
                  fmt::format("{}, exported from {}: the team cheatsheet says TensorRT fails "
                              "on a random op with \"ERROR: Network must have at least one "
                              "output\"",
                              n.op_type, torch_idiom(n.op_type)))
          .fix =
          "it depends on what the randomness is for: a policy or a VAE sampling its output "
          "takes the distribution's mode for inference (`dist.mean` for Normal, "
          "`dist.probs.argmax(-1)` for Categorical); a sampler that needs the noise (a "
          "diffusion step, `torch.randn_like(x)`) gets it as a model input, sampled by the "
          "caller; a training-only trick (condition dropout for classifier-free guidance) is "
          "left out of the exported inference branch. The cheatsheet also allows `sample()`, "
          "but it exports the same random op as `rsample()` (torch 1.13, and both exporters of "
          "torch 2.14: TorchScript, and dynamo, which refuses a distribution that validates its "
          "arguments), so re-run onnx-lint after the change";
    });
  }
};

}  // namespace

std::unique_ptr<Rule> MakeRandomOpRule() { return std::make_unique<RandomOpRule>(); }

}  // namespace onnx_lint
