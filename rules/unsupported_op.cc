// OL601 unsupported-operator: an ai.onnx op the target's parser does not
// implement (the support matrix of targets/*.toml), with the PyTorch call that
// exports to it and what to write instead.
#include <fmt/format.h>

#include <string_view>

#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL601", "unsupported-operator", Severity::kError,
                         "An operator the target's ONNX parser does not support (--target)", ""};

struct Origin {
  std::string_view prefix;  // an op type, or the start of a family ("Sequence")
  std::string_view torch;   // what exports to it
  std::string_view instead;
};

// Where torch 1.13/2.x exports come from, and the rewrite that avoids the op.
constexpr Origin kOrigins[] = {
    {"Unique", "`torch.unique` / `x.unique()`",
     "answer with a fixed size: with K known values, `(x.flatten().unsqueeze(-1) == "
     "torch.arange(K)).any(0)` says which occur; or compute it on the host"},
    {"Bernoulli", "`torch.bernoulli` / `F.dropout(training=True)`",
     "export in eval mode (`model.eval()`), or pass the random mask in as an input"},
    {"Multinomial", "`torch.multinomial`",
     "return the probabilities and sample on the host, or take `probs.argmax(-1)` for the mode"},
    {"Compress", "`torch.masked_select` with a 1-D mask in some exporters",
     "keep the shape: `torch.where(mask, x, 0)` and carry the mask"},
    {"Hardmax", "other exporters or graph surgery (torch writes ArgMax + OneHot instead)",
     "`F.one_hot(x.argmax(dim), n)` exports as ArgMax + OneHot, which the parser supports"},
    {"Sequence", "a list of tensors in scripted code (`torch.jit.script`, `List[Tensor]`)",
     "trace instead of script, or stack the list into one tensor (`torch.stack`) before it "
     "crosses the model boundary"},
    {"SplitToSequence", "`torch.split` / `torch.unbind` inside scripted code",
     "trace the model, or index the pieces with constant slices"},
    {"ConcatFromSequence", "`torch.cat` / `torch.stack` over a scripted list",
     "trace the model so the list is unrolled into Concat"},
    {"Optional", "an `Optional[Tensor]` in scripted code",
     "trace the model, or pass an empty tensor instead of None"},
    {"DFT", "`torch.fft.*` (opset 17+)", "precompute a DFT matrix and use MatMul"},
    {"STFT", "`torch.stft` (opset 17+)",
     "frame with `unfold` and multiply by a precomputed DFT matrix, or compute it on the host"},
    {"HannWindow", "`torch.hann_window`", "register the window as a constant buffer"},
    {"HammingWindow", "`torch.hamming_window`", "register the window as a constant buffer"},
    {"BlackmanWindow", "`torch.blackman_window`", "register the window as a constant buffer"},
    {"MelWeightMatrix", "torchaudio's mel filter bank built in the graph",
     "register the filter bank as a constant buffer"},
    {"ConvInteger", "dynamic quantization (`torch.quantization.quantize_dynamic`)",
     "quantize with Q/DQ nodes (TensorRT's explicit quantization) instead"},
    {"MatMulInteger", "dynamic quantization of Linear layers",
     "quantize with Q/DQ nodes (TensorRT's explicit quantization) instead"},
    {"DynamicQuantizeLinear", "dynamic quantization", "use static Q/DQ with calibrated scales"},
    {"QLinear", "a model quantized for ONNX Runtime (QOperator format)",
     "export the QDQ format instead (quantize_static(..., quant_format=QuantFormat.QDQ))"},
    {"Det", "`torch.det` / `torch.linalg.det`",
     "for small fixed sizes, write the determinant out (2×2: a*d - b*c)"},
    {"MaxUnpool", "`F.max_unpool2d`",
     "upsample with nearest neighbour and a mask, or a ConvTranspose"},
    {"MaxRoiPool", "`torchvision.ops.roi_pool`", "`torchvision.ops.roi_align` exports as RoiAlign"},
    {"Col2Im", "`F.fold` (opset 18+)",
     "a ConvTranspose with constant weights, or reshape arithmetic"},
    {"AffineGrid", "`F.affine_grid` (opset 20)",
     "build the grid from a constant base grid and a MatMul with theta"},
    {"Bitwise", "`&`, `|`, `^`, `~` on integer tensors (opset 18+)",
     "use bool tensors with logical ops, or arithmetic on 0/1 values"},
    {"BitShift", "`<<` / `>>` on integer tensors", "multiply or divide by powers of two"},
    {"CenterCropPad", "torchvision's center crop in the graph (opset 18+)",
     "crop with constant slices, `x[..., top:top + h, left:left + w]`"},
    {"String", "string processing in the graph", "do it on the host, before the model"},
    {"RegexFullMatch", "string processing in the graph", "do it on the host, before the model"},
    {"TfIdfVectorizer", "a scikit-learn text pipeline", "run it on the host"},
    {"ImageDecoder", "image decoding in the graph (opset 20)",
     "decode on the host (or with nvJPEG) and feed the tensor"},
    {"NegativeLogLikelihoodLoss", "a loss in the exported graph",
     "export the inference graph only, without the loss"},
    {"SoftmaxCrossEntropyLoss", "a loss in the exported graph",
     "export the inference graph only, without the loss"},
};

const Origin* origin_of(std::string_view op) {
  for (const Origin& o : kOrigins)
    if (op.substr(0, o.prefix.size()) == o.prefix) return &o;
  return nullptr;
}

class UnsupportedOpRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    const Target& t = ctx.target;
    if (t.unsupported.empty() && t.removed_plugins.empty()) return;
    for_each_node(ctx.model, [&](const Graph& g, const Node& n) {
      if (!n.in_onnx_domain()) {
        auto removed = t.removed_plugins.find(n.op_type);
        if (removed == t.removed_plugins.end()) return;
        sink.report(g, n,
                    fmt::format("{} names the TensorRT plugin {}, which {} no longer has ({}): "
                                "the parser finds no importer and no plugin for the node",
                                n.op_type, n.op_type, t.runtime, t.removed_plugins_evidence))
            .fix = fmt::format(
            "export the computation as standard ONNX ops instead of the "
            "plugin: {}",
            removed->second);
        return;
      }
      if (!t.unsupported.count(n.op_type)) return;
      const Origin* o = origin_of(n.op_type);
      Diagnostic& d = sink.report(
          g, n,
          fmt::format("{} is not supported by {}'s ONNX parser ({}){}: the engine build stops at "
                      "this node",
                      n.op_type, t.runtime, t.evidence,
                      o ? fmt::format("; torch exports it from {}", o->torch) : ""));
      d.fix = o ? std::string(o->instead) + "; or run this part on ONNX Runtime's CUDA provider"
                : "rewrite the PyTorch code so it exports without this op, or run the model on "
                  "ONNX Runtime's CUDA provider";
    });
  }
};

}  // namespace

std::unique_ptr<Rule> MakeUnsupportedOpRule() { return std::make_unique<UnsupportedOpRule>(); }

}  // namespace onnx_lint
