// OL606 cuda-fallback (--target ort-cuda): a node whose op has no kernel in
// ONNX Runtime's CUDA provider runs on the CPU provider; the tensors that
// cross between the GPU and the CPU around it are device copies.
#include <fmt/format.h>

#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL606", "cuda-fallback", Severity::kWarning,
                         "A node ONNX Runtime's CUDA provider has no kernel for: it runs on the "
                         "CPU provider, with device copies around it (--target ort-cuda)",
                         ""};

// What to do instead, for the CPU-only ops exports meet.
struct Instead {
  const char* op;
  const char* torch;  // what exports it
  const char* fix;
};

constexpr Instead kInstead[] = {
    {"NonMaxSuppression", "`torchvision.ops.nms` / `batched_nms` (detector post-processing)",
     "keep it if the boxes are few (the copy is small), or run NMS outside the model on the GPU "
     "(`torchvision.ops.batched_nms` on the CUDA outputs) and export the model without it"},
    {"Unique", "`torch.unique`",
     "compute a fixed-size answer instead, e.g. "
     "`(x.flatten().unsqueeze(-1) == torch.arange(K)).any(0)` for values below K"},
    {"Multinomial", "`torch.multinomial` / `Categorical(...).sample()`",
     "take the mode at inference (`probs.argmax(-1)`) or sample outside the model"},
};

const Instead* instead_of(std::string_view op) {
  for (const Instead& i : kInstead)
    if (op == i.op) return &i;
  return nullptr;
}

// A node runs on the GPU unless its op is CPU-only; shape arithmetic
// (Shape, Size and what only computes on their results) is kept on the CPU
// by ONNX Runtime anyway, so it is counted as CPU too.
bool on_gpu(const Target& t, const Node& n) {
  if (!n.in_onnx_domain() || t.cpu_only.count(n.op_type)) return false;
  if (n.op_type == "Shape" || n.op_type == "Size") return false;
  return true;
}

// The tensors that cross between this CPU node and GPU nodes: computed
// inputs from GPU producers and outputs read by GPU consumers. Initializers
// and graph inputs are placed where they are read, so they are no copy.
int copies_around(const Target& t, const Graph& g, const Node& n) {
  int copies = 0;
  for (std::string_view in : n.inputs) {
    const Node* p = in.empty() ? nullptr : g.producer(in);
    if (p && p->op_type != "Constant" && on_gpu(t, *p)) ++copies;
  }
  for (std::string_view out : n.outputs) {
    bool gpu_reader = false;
    for (int c : g.consumers(out)) gpu_reader = gpu_reader || on_gpu(t, g.nodes[c]);
    copies += gpu_reader;
  }
  return copies;
}

class CudaFallbackRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    const Target& t = ctx.target;
    if (t.cpu_only.empty()) return;
    for_each_node(ctx.model, [&](const Graph& g, const Node& n) {
      if (!n.in_onnx_domain() || !t.cpu_only.count(n.op_type)) return;
      const int copies = copies_around(t, g, n);
      const Instead* i = instead_of(n.op_type);
      Diagnostic& d = sink.report(
          g, n,
          fmt::format(
              "{} has no kernel in {} ({}){}, so this node runs on the CPU provider{}", n.op_type,
              t.runtime, t.evidence, i ? fmt::format("; torch exports it from {}", i->torch) : "",
              copies > 0 ? fmt::format(" and {} tensor{} cross{} between the GPU and the "
                                       "CPU here",
                                       copies, copies == 1 ? "" : "s", copies == 1 ? "es" : "")
                         : " (its inputs and outputs stay on the CPU: no copies)"));
      d.fix = i ? i->fix
                : fmt::format(
                      "if this node is on the per-inference path, rewrite it with ops the "
                      "CUDA provider has, or accept the copies; `onnx-lint --explain "
                      "OL606` lists the CPU-only ops");
    });
  }
};

}  // namespace

std::unique_ptr<Rule> MakeCudaFallbackRule() { return std::make_unique<CudaFallbackRule>(); }

}  // namespace onnx_lint
