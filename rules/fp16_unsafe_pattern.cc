// OL703 fp16-unsafe-pattern: a hand-written reduction whose intermediate
// overflows FP16 on ordinary activations: a square before a mean or sum (a
// norm written out: |x| > 256 squares past 65504), and exp before a sum with
// no max subtracted (a softmax written out: x > 11.09 overflows).
#include <fmt/format.h>

#include <optional>

#include "analysis/float_formats.h"
#include "onnx_lint/rule.h"
#include "precision_words.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL703", "fp16-unsafe-pattern", Severity::kWarning,
                         "A norm or softmax written out whose square or exp overflows FP16 on "
                         "ordinary activations (x.pow(2).mean(), exp(x) / sum without the max)",
                         ""};

const Node* producer_of(const Graph& g, std::string_view tensor) {
  return tensor.empty() ? nullptr : g.producer(tensor);
}

// The op that makes the tensor, looking through Casts.
const Node* source_of(const Graph& g, std::string_view tensor) {
  const Node* p = producer_of(g, tensor);
  while (p && p->op_type == "Cast" && !p->inputs.empty()) p = producer_of(g, p->inputs[0]);
  return p;
}

// The readers of a tensor, looking through Casts (a half model upcasts its sums).
template <typename Fn>
bool any_reader(const Graph& g, std::string_view tensor, Fn&& fn, int depth = 0) {
  for (int c : g.consumers(tensor)) {
    const Node& n = g.nodes[c];
    if (fn(n)) return true;
    if (n.op_type == "Cast" && depth < 3 && !n.outputs.empty() &&
        any_reader(g, n.outputs[0], fn, depth + 1))
      return true;
  }
  return false;
}

bool is_sum_or_mean(const Node& n) { return n.op_type == "ReduceMean" || n.op_type == "ReduceSum"; }

// Values already within ±1 (or so): their square cannot overflow. x / max|x|
// (a norm scaled first), and the outputs of bounded ops.
bool bounded(const Graph& g, std::string_view tensor) {
  const Node* p = source_of(g, tensor);
  if (!p) return false;
  if (p->op_type == "Tanh" || p->op_type == "Sigmoid" || p->op_type == "Softmax" ||
      p->op_type == "Sin" || p->op_type == "Cos")
    return true;
  if (p->op_type != "Div" || p->inputs.size() < 2) return false;
  const Node* divisor = source_of(g, p->inputs[1]);
  return divisor && (divisor->op_type == "ReduceMax" || divisor->op_type == "ReduceL2");
}

// x - mean(x): the square is a variance (LayerNorm), not a mean square (RMSNorm).
bool centred(const Graph& g, std::string_view tensor) {
  const Node* p = source_of(g, tensor);
  if (!p || p->op_type != "Sub" || p->inputs.size() < 2) return false;
  const Node* mean = source_of(g, p->inputs[1]);
  return mean && mean->op_type == "ReduceMean";
}

// The squared tensor of Pow(x, 2) or Mul(x, x); nullopt for anything else.
std::optional<std::string_view> squared(const Model& m, const Graph& g, const Node& n) {
  if (n.inputs.size() != 2) return std::nullopt;
  if (n.op_type == "Mul" && n.inputs[0] == n.inputs[1]) return n.inputs[0];
  if (n.op_type != "Pow") return std::nullopt;
  const std::optional<TensorValue> e = m.constant(g, n.inputs[1]);
  const bool two =
      e && e->size() == 1 && (e->floats.empty() ? e->ints[0] == 2 : e->floats[0] == 2.0);
  if (!two) return std::nullopt;
  return n.inputs[0];
}

// exp(x) with x = y - max(y) cannot exceed 1.
bool max_subtracted(const Graph& g, std::string_view tensor) {
  const Node* p = source_of(g, tensor);
  if (!p || p->op_type != "Sub" || p->inputs.size() < 2) return false;
  const Node* max = source_of(g, p->inputs[1]);
  return max && (max->op_type == "ReduceMax" || max->op_type == "Max");
}

class Fp16UnsafePatternRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    for_each_node(ctx.model, [&](const Graph& g, const Node& n) {
      if (!n.in_onnx_domain() || n.inputs.empty() || n.outputs.empty()) return;
      if (n.op_type != "Exp" && n.op_type != "Pow" && n.op_type != "Mul") return;
      // bf16 has float32's range: only fp16 overflows on these.
      const FloatFormat* f =
          tensor_format(g, n.inputs.id(0), ctx.precision, ctx.target.strongly_typed);
      if (f != &kFp16) return;
      if (n.op_type == "Exp") check_exp(g, n, sink);
      if (const auto x = squared(ctx.model, g, n)) check_square(ctx, g, n, *x, sink);
    });
  }

 private:
  static void check_square(const LintContext& ctx, const Graph& g, const Node& n,
                           std::string_view x, DiagnosticSink& sink) {
    if (!any_reader(g, n.outputs[0], is_sum_or_mean) || bounded(g, x)) return;
    const bool layer_norm = centred(g, x);
    const int opset = static_cast<int>(ctx.model.opset("").value_or(0));
    std::string instead =
        layer_norm
            ? "`F.layer_norm` / `nn.LayerNorm`, which export as one LayerNormalization at opset "
              ">= 17 (below 17, torch writes this very chain: export with opset_version=17)"
            : "`nn.RMSNorm` / `F.rms_norm`, which export as one RMSNormalization at opset >= 23 "
              "(below 23 the exporter writes this very chain), or divide x by its largest |x| "
              "before squaring";
    if (layer_norm && opset >= 17) instead = "`F.layer_norm` / `nn.LayerNorm`";
    sink.report(g, n,
                fmt::format("{} squares '{}' and averages the squares ({} written out): in fp16 a "
                            "square overflows once |x| > 256 (256^2 > 65504), so the {} is inf "
                            "and the normalized row is 0 or NaN",
                            n.op_type, x, layer_norm ? "a LayerNorm" : "an RMS norm",
                            layer_norm ? "variance" : "mean square"))
        .fix = fmt::format("use {}; or {}", instead, kKeepInFp32);
  }

  static void check_exp(const Graph& g, const Node& n, DiagnosticSink& sink) {
    const bool summed = any_reader(g, n.outputs[0], is_sum_or_mean);
    if (!summed || max_subtracted(g, n.inputs[0])) return;
    sink.report(g, n,
                fmt::format("Exp of '{}' is summed with no max subtracted first (a softmax written "
                            "out): in fp16 exp overflows once x > 11.09 (e^11.09 = 65504), and "
                            "the row becomes inf / inf, which is NaN",
                            n.inputs[0]))
        .fix =
        "use `torch.softmax(x, dim)` (one Softmax op, which subtracts the row's max), or "
        "subtract `x.amax(dim, keepdim=True)` before `exp`";
  }
};

}  // namespace

std::unique_ptr<Rule> MakeFp16UnsafePatternRule() {
  return std::make_unique<Fp16UnsafePatternRule>();
}

}  // namespace onnx_lint
