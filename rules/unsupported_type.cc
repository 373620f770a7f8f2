// OL607 unsupported-type: a node whose data type the target's support matrix
// does not list for its op (the matrix's "Supported Types" column), or a
// quantized type (INT8, FP8, INT4, FP4) outside Q/DQ.
#include <fmt/format.h>

#include <algorithm>

#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL607", "unsupported-type", Severity::kError,
                         "A node whose data type the target's support matrix does not list for "
                         "its op, or a quantized type outside Q/DQ (--target)",
                         ""};

bool contains(const std::vector<int32_t>& v, int32_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// The types the check weighs: floats and quantized integers, where the matrix
// is what users choose precisions by. BOOL, INT32 and INT64 it leaves alone:
// the column understates them (10.1-GA's NonZero importer takes BOOL, INT32,
// INT64 and INT8 while the matrix lists FP32, FP16: onnxOpImporters.cpp @
// 96e78110). Nor INT64 on 8.x, which casts it down: every export's shape
// arithmetic is INT64, and only a value that does not fit in INT32 changes
// (OL603's int64-clamped reports those). FLOAT64 is OL302's.
bool weighed(int32_t type) {
  switch (type) {
    case dtype::kFloat:
    case dtype::kFloat16:
    case dtype::kBfloat16:
    case dtype::kInt8:
    case dtype::kUint8:
    case dtype::kInt4:
    case dtype::kUint4:
    case dtype::kFloat8e4m3fn:
    case dtype::kFloat8e4m3fnuz:
    case dtype::kFloat8e5m2:
    case dtype::kFloat8e5m2fnuz:
    case dtype::kFloat4e2m1:
    case dtype::kFloat8e8m0:
      return true;
    default:
      return false;
  }
}

std::string names(const std::vector<int32_t>& types) {
  std::string out;
  for (int32_t x : types) out += (out.empty() ? "" : ", ") + dtype::name(x);
  return out;
}

class UnsupportedTypeRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    const Target& t = ctx.target;
    if (t.op_types.empty()) return;
    for_each_node(ctx.model, [&](const Graph& g, const Node& n) {
      if (!n.in_onnx_domain()) return;
      auto listed = t.op_types.find(n.op_type);
      if (listed == t.op_types.end()) return;
      // The column is the type of the op's data: its first input, or for an
      // op without inputs (Constant, RandomNormal) its output.
      const bool from_input = !n.inputs.empty() && !n.input(0).empty();
      const std::string_view tensor =
          from_input ? n.input(0)
                     : (n.outputs.empty() ? std::string_view() : std::string_view(n.outputs[0]));
      const TensorType* type = tensor.empty() ? nullptr : g.type_of(tensor);
      if (!type || !weighed(type->elem_type) || contains(listed->second, type->elem_type)) return;
      const std::string what = fmt::format("its {} '{}' is {}", from_input ? "input" : "output",
                                           tensor, dtype::name(type->elem_type));
      if (contains(t.quantized_types, type->elem_type)) {
        sink.report(g, n,
                    fmt::format("{} takes {} only through quantization, from a Q/DQ pair ({}), "
                                "and {}: the parser refuses a quantized tensor elsewhere",
                                t.runtime, dtype::name(type->elem_type), t.evidence, what))
            .fix =
            "keep the tensor in float and quantize explicitly: QuantizeLinear -> "
            "DequantizeLinear before the op (NVIDIA ModelOptimizer or "
            "pytorch-quantization insert them), not a cast to the integer type";
        return;
      }
      Diagnostic& d = sink.report(
          g, n,
          fmt::format("{}'s support matrix lists {} for {} ({}), and {}: the parser may refuse "
                      "the node, or the build may give it another precision",
                      t.runtime, names(listed->second), n.op_type, t.evidence, what));
      d.fix = fmt::format(
          "cast to a listed type around the op (`x.to(torch.{})` before it, and back after it if "
          "you need to)",
          contains(listed->second, dtype::kFloat16) ? "float16" : "float32");
      // The matrix is documentation, not the parser: a warning, not a refusal.
      d.at_most = Severity::kWarning;
    });
  }
};

}  // namespace

std::unique_ptr<Rule> MakeUnsupportedTypeRule() { return std::make_unique<UnsupportedTypeRule>(); }

}  // namespace onnx_lint
