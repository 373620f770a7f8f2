// OL701 fp16-overflow: a constant, weight or attribute value that is ±inf
// in the 16-bit format the model runs in (beyond ±65504 for fp16), and that
// reaches arithmetic. An additive attention mask gets the mask fix.
#include <fmt/format.h>

#include <cmath>
#include <string>

#include "analysis/float_formats.h"
#include "analysis/precision_flow.h"
#include "onnx_lint/rule.h"
#include "precision_words.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL701", "fp16-overflow", Severity::kError,
                         "A constant or weight that is ±inf in FP16/BF16 (beyond ±65504 in FP16) "
                         "reaches arithmetic: an additive mask of -1e9 or -inf, an out-of-range "
                         "weight (--precision, or 16-bit tensors in the model)",
                         ""};

// "the constant -1e+09 ('t', float32) becomes -inf in fp16", "15 of the 36
// values of 'mask' (float32) are -inf": the values as the model holds them,
// and what they become.
std::string values_words(const OutOfRange& o, int32_t type, const FloatFormat& f,
                         std::string_view tensor) {
  const bool already = !std::isfinite(o.first);
  if (o.total == 1)
    return already
               ? fmt::format("the constant {} ('{}', {})", show_value(o.first), tensor,
                             dtype::name(type))
               : fmt::format("the constant {} ('{}', {}) becomes {} in {}", show_value(o.first),
                             tensor, dtype::name(type), show_value(round_to(f, o.first)), f.name);
  if (std::isinf(o.largest) && already)
    return fmt::format("{} of the {} values of '{}' ({}) are ±inf", o.count, o.total, tensor,
                       dtype::name(type));
  return fmt::format(
      "{} of the {} values of '{}' ({}) are beyond ±{} and become ±inf in {} (the "
      "largest |v| is {})",
      o.count, o.total, tensor, dtype::name(type), show_value(f.max()), f.name,
      show_value(o.largest));
}

// The exporter's own decomposition of F.scaled_dot_product_attention (below
// opset 23) writes its boolean mask as Where(mask, 0, float32's lowest).
bool from_sdpa(const Node& n) {
  return n.meta("pkg.torch.onnx.fx_node").find("scaled_dot_product_attention") !=
         std::string_view::npos;
}

class Fp16OverflowRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    // Only tensors that run in 16 bits are decoded: at fp32 a float32
    // model's weights are never read.
    const auto sixteen_bit = [&](int32_t type) {
      return format_of(type, ctx.precision, ctx.target.strongly_typed) != nullptr;
    };
    for (const Graph& g : ctx.model.graphs)
      for_each_float_constant(ctx.model, g, sixteen_bit,
                              [&](const FloatConstant& c) { check_constant(ctx, g, c, sink); });
  }

 private:
  void check_constant(const LintContext& ctx, const Graph& g, const FloatConstant& c,
                      DiagnosticSink& sink) const {
    const FloatFormat* f = format_of(c.elem_type, ctx.precision, ctx.target.strongly_typed);
    if (!f) return;
    const OutOfRange o = out_of_range(c.elem_type, c.bytes, *f);
    if (o.count == 0) return;
    const std::string_view tensor = c.tensor;
    const ArithmeticUse use = first_arithmetic_use(g, tensor);
    if (!use.reader) return;  // a bound (Clip, Max) or a comparison: inf is harmless there
    const std::string what = values_words(o, c.elem_type, *f, tensor);
    if (use.softmax) {
      sink.report(g, *use.reader,
                  fmt::format("{}, and {} Softmax '{}' as an additive attention mask: at -inf "
                              "in {}, `0 * -inf` is NaN wherever a `(1 - mask) * value` mask "
                              "keeps a position, and a fully masked row is `-inf - (-inf)`, NaN, "
                              "in the Softmax",
                              what, o.total == 1 ? "reaches" : "reach", use.softmax->display_name(),
                              f->name))
          .fix = from_sdpa(*use.reader) ? sdpa_fix(*f) : mask_fix(c.elem_type, *f);
      return;
    }
    if (o.total > 1) {
      sink.report(g, *use.reader,
                  fmt::format("{}, and {} '{}' reads them: every output they reach is inf or NaN",
                              what, use.reader->op_type, use.reader->display_name()))
          .fix = fmt::format(
          "rescale: move the scale that makes these weights large into the input's "
          "normalisation, so every weight fits ±{}; or {}",
          show_value(f->max()), kKeepInFp32);
      return;
    }
    sink.report(g, *use.reader,
                fmt::format("{} and reaches {} '{}': its result is inf or NaN", what,
                            use.reader->op_type, use.reader->display_name()))
        .fix = fmt::format("use a value {} holds (|v| <= {}), or keep this computation in FP32",
                           f->name, show_value(f->max()));
  }

  static std::string sdpa_fix(const FloatFormat& f) {
    return fmt::format(
        "this mask is torch.onnx's own decomposition of `F.scaled_dot_product_attention` with a "
        "boolean `attn_mask` (below opset 23); export with opset_version=23 or later, where it "
        "is one Attention op that takes the boolean mask, or export the half model "
        "(`model.half()`) so the mask value is {}'s own lowest",
        f.name);
  }

  static std::string mask_fix(int32_t type, const FloatFormat& f) {
    if (type == dtype::kFloat16 || type == dtype::kBfloat16)
      return fmt::format(
          "mask with the tensor's own dtype: `scores.masked_fill(~keep, "
          "torch.finfo(scores.dtype).min)` ({} for {}) instead of float(\"-inf\") or -1e9, or "
          "pass the boolean mask to `F.scaled_dot_product_attention(q, k, v, attn_mask=keep)`",
          show_value(-f.max()), f.name);
    return fmt::format(
        "mask with a value {} holds: `scores.masked_fill(~keep, -1e4)` instead of float(\"-inf\"), "
        "-1e9 or torch.finfo(torch.float32).min (or export the half model, `model.half()`, and "
        "use `torch.finfo(scores.dtype).min`), or pass the boolean mask to "
        "`F.scaled_dot_product_attention(q, k, v, attn_mask=keep)`",
        f.name);
  }
};

}  // namespace

std::unique_ptr<Rule> MakeFp16OverflowRule() { return std::make_unique<Fp16OverflowRule>(); }

}  // namespace onnx_lint
