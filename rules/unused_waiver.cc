// OL002 unused-waiver: a waiver that no longer hides any finding.
//
// Waivers are applied by the engine after every rule has run; it then tells
// this rule what each waiver hid (WaiverOutcome), and the rule decides.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL002", "unused-waiver", Severity::kInfo,
                         "A waiver ([[ignore]] in .onnx-lint.toml or the model's onnx_lint.ignore "
                         "metadata) that hides no finding any more",
                         ""};

class UnusedWaiverRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }
  void check(const LintContext&, DiagnosticSink&) const override {}

  void check_waivers(std::span<const WaiverOutcome> waivers, DiagnosticSink& sink) const override {
    for (const WaiverOutcome& w : waivers) {
      if (!w.error.empty()) {
        Diagnostic& d = sink.report(fmt::format("cannot read the waiver: {}", w.error));
        d.fix =
            "write entries as RULES[:GLOB|GLOB], separated by ';', e.g. \"OL102:/decoder/*;OL201\"";
        d.anchor = w.origin;
        continue;
      }
      if (w.hits > 0) continue;
      const std::string nodes =
          w.nodes.empty() ? "" : fmt::format(", nodes {}", fmt::join(w.nodes, " "));
      Diagnostic& d = sink.report(fmt::format("{} (rules {}{}) matched no finding {}", w.origin,
                                              fmt::join(w.rules, " "), nodes, w.scope));
      d.fix = "remove the waiver, or update its rules and node globs if the model changed";
      d.anchor = w.origin;
    }
  }
};

}  // namespace

std::unique_ptr<Rule> MakeUnusedWaiverRule() { return std::make_unique<UnusedWaiverRule>(); }

}  // namespace onnx_lint
