// OL000 invalid-model: onnx-lint's structural checker rejects the model (it is
// still linted). The checker is analysis/model_checker.h, run at load time.
// What the message says of ONNX Runtime depends on the kind of problem: ONNX
// Runtime 1.31 loads some invalid models, and the words are measured against
// it (tests/python/test_onnx_checker_cases.py runs each case in onnxruntime).
#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL000", "invalid-model", Severity::kError,
                         "The model is not valid ONNX; the other rules still run as far "
                         "as its graph allows",
                         ""};

// The ops ONNX Runtime registers in the default domain beyond ONNX's own.
constexpr std::string_view kOrtDefaultDomainOps[] = {
#include "ort_default_domain_ops.inc"
};

bool ort_registers(std::string_view op) {
  return std::find(std::begin(kOrtDefaultDomainOps), std::end(kOrtDefaultDomainOps), op) !=
         std::end(kOrtDefaultDomainOps);
}

// Why ONNX Runtime 1.31 loads the model anyway, or "" when it refuses it too.
std::string why_ort_loads(const CheckerFinding& f) {
  switch (f.issue) {
    case CheckerIssue::kOrder:
      return "it sorts the nodes itself";
    case CheckerIssue::kGraphName:
      return "it does not need the graph's name";
    case CheckerIssue::kTensorFields:
      return "it reads one of the data fields";
    case CheckerIssue::kIrInitializer:
      return "it takes the initializer as a constant";
    case CheckerIssue::kMetadataKey:
      return "it does not check the metadata";
    case CheckerIssue::kNoOpsetImport:
      return f.domain == "ai.onnx.ml" ? "it imports ai.onnx.ml itself" : "";
    case CheckerIssue::kUnknownOp:
      return is_onnx_domain(f.domain) && ort_registers(f.op)
                 ? fmt::format(
                       "{} is an op it registers in the default domain itself, not "
                       "ONNX's",
                       f.op)
                 : "";
    case CheckerIssue::kAttributeType:
      return f.op == "Constant" ? "it tolerates the mismatch on a Constant" : "";
    case CheckerIssue::kOther:
      return "";
  }
  return "";
}

class InvalidModelRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    const Model& m = ctx.model;
    if (m.checker_error.empty()) return;
    const std::string why = why_ort_loads(m.checker_finding);
    Diagnostic& d = sink.report(
        why.empty()
            ? fmt::format("the model is not valid ONNX: {}; the onnx checker rejects it, and "
                          "ONNX Runtime 1.31 refuses to load it too",
                          m.checker_error)
            : fmt::format("the model is not valid ONNX: {}; the onnx checker rejects it, and "
                          "tools that run it stop here, but ONNX Runtime 1.31 loads it anyway "
                          "({})",
                          m.checker_error, why));
    d.fix =
        m.checker_finding.issue == CheckerIssue::kUnknownOp && !why.empty()
            ? "the op comes from ONNX Runtime's optimizer (onnxruntime.transformers, or an "
              "optimized model saved by a session): keep that file for ONNX Runtime only, and "
              "deploy elsewhere (TensorRT, other runtimes) from the unoptimized export"
            : "re-export from PyTorch (torch.onnx.export) rather than editing the file by hand, "
              "and run onnx.checker.check_model(onnx.load(path)) in the export script to catch "
              "this early";
  }
};

}  // namespace

std::unique_ptr<Rule> MakeInvalidModelRule() { return std::make_unique<InvalidModelRule>(); }

}  // namespace onnx_lint
