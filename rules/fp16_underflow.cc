// OL702 fp16-underflow: a normalization epsilon that becomes 0 in the 16-bit
// format the model runs in (1e-12 in FP16), as an attribute or as the
// constant added before a Sqrt or a division in a hand-written norm.
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <optional>

#include "analysis/float_formats.h"
#include "onnx_lint/rule.h"
#include "precision_words.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL702", "fp16-underflow", Severity::kWarning,
                         "A normalization epsilon that becomes 0 in FP16/BF16 (1e-12 in FP16): "
                         "a constant row divides 0 by 0 (--precision, or 16-bit tensors)",
                         ""};

// The ai.onnx norms with an `epsilon` attribute, and its default.
constexpr std::pair<std::string_view, double> kNorms[] = {{"LayerNormalization", 1e-5},
                                                          {"RMSNormalization", 1e-5},
                                                          {"BatchNormalization", 1e-5},
                                                          {"InstanceNormalization", 1e-5},
                                                          {"GroupNormalization", 1e-5}};

// The Sqrt, Reciprocal or Div (as its divisor) that reads the tensor: the
// denominator of a hand-written norm; null when none does.
const Node* denominator_reader(const Graph& g, std::string_view tensor) {
  for (int c : g.consumers(tensor)) {
    const Node& n = g.nodes[c];
    if (n.op_type == "Sqrt" || n.op_type == "Reciprocal") return &n;
    if (n.op_type == "Div" && n.inputs.size() > 1 && n.inputs[1] == tensor) return &n;
  }
  return nullptr;
}

class Fp16UnderflowRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    for_each_node(ctx.model, [&](const Graph& g, const Node& n) {
      if (!n.in_onnx_domain() || n.inputs.empty()) return;
      // The op first: the type lookup is for the few nodes that can be a norm.
      const auto norm = std::find_if(std::begin(kNorms), std::end(kNorms),
                                     [&](const auto& k) { return k.first == n.op_type; });
      const bool add = n.op_type == "Add";
      if (norm == std::end(kNorms) && !add) return;
      const FloatFormat* f =
          tensor_format(g, n.inputs.id(0), ctx.precision, ctx.target.strongly_typed);
      if (!f) return;
      if (add)
        check_added_constant(ctx.model, g, n, *f, sink);
      else
        check_attribute(g, n, norm->second, *f, sink);
    });
  }

 private:
  static void check_attribute(const Graph& g, const Node& n, double fallback, const FloatFormat& f,
                              DiagnosticSink& sink) {
    const Attribute* a = n.attr("epsilon");
    const double eps = a && a->type == AttrType::kFloat ? a->f : fallback;
    if (eps <= 0 || round_to(f, eps) != 0) return;
    report(g, n, fmt::format("{}'s epsilon {}", n.op_type, show_value(eps)), f, sink);
  }

  // x + eps before Sqrt or a division, with eps a constant that is 0 in f.
  static void check_added_constant(const Model& m, const Graph& g, const Node& n,
                                   const FloatFormat& f, DiagnosticSink& sink) {
    if (n.inputs.size() != 2 || n.outputs.empty()) return;
    const Node* denominator = denominator_reader(g, n.outputs[0]);
    if (!denominator) return;
    for (size_t i = 0; i < 2; ++i) {
      const std::optional<TensorValue> v = m.constant(g, n.inputs[i]);
      if (!v || v->floats.size() != 1) continue;
      const double eps = v->floats[0];
      if (eps <= 0 || round_to(f, eps) != 0) continue;
      report(g, n,
             fmt::format("the epsilon {} added before the {} of a hand-written norm ('{}')",
                         show_value(eps), denominator->op_type, n.inputs[i]),
             f, sink);
    }
  }

  static void report(const Graph& g, const Node& n, const std::string& what, const FloatFormat& f,
                     DiagnosticSink& sink) {
    sink.report(g, n,
                fmt::format("{} becomes 0 in {} (its smallest value is {}): a row whose values are "
                            "all equal (a padding token, a constant feature) has variance 0 and "
                            "divides 0 by 0, which is NaN",
                            what, f.name, show_value(f.min_positive())))
        .fix = fmt::format(
        "use an epsilon {} holds: 1e-5 (nn.LayerNorm's default) or 1e-6, e.g. "
        "`nn.LayerNorm(d, eps=1e-5)`; or {}",
        f.name, kKeepInFp32);
  }
};

}  // namespace

std::unique_ptr<Rule> MakeFp16UnderflowRule() { return std::make_unique<Fp16UnderflowRule>(); }

}  // namespace onnx_lint
