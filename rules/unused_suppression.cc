// OL002 unused-suppression: a waiver that no longer hides any finding.
//
// Waivers are applied by the linter after every rule has run, so this rule's
// findings are produced there (src/linter.cc); the class carries the rule's
// identity for the catalogue, selection, --explain and SARIF.
#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL002", "unused-suppression", Severity::kInfo,
                         "A waiver ([[ignore]] in .onnx-lint.toml or the model's onnx_lint.ignore "
                         "metadata) that hides no finding any more",
                         ""};

class UnusedSuppressionRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  void check(const LintContext&, DiagnosticSink&) const override {}
};

}  // namespace

std::unique_ptr<Rule> MakeUnusedSuppressionRule() {
  return std::make_unique<UnusedSuppressionRule>();
}

}  // namespace onnx_lint
