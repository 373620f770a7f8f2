// OL604 optimization-profile: the min/opt/max shapes a TensorRT build needs for
// the model's dynamic inputs, ready to paste for trtexec, Polygraphy and ONNX
// Runtime's TensorRT provider, and a note on data-dependent shapes with no bound.
#include <fmt/format.h>

#include "analysis/input_profile.h"
#include "analysis/shape_flow.h"
#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL604", "optimization-profile", Severity::kInfo,
                         "The optimization profile flags (trtexec, Polygraphy, ONNX Runtime) for "
                         "the model's dynamic inputs (--target)",
                         ""};

std::string joined(const std::vector<InputProfile>& ps, std::string InputProfile::*shape,
                   std::string_view sep, std::string_view open = "", std::string_view close = "") {
  std::string out;
  for (const InputProfile& p : ps)
    out += fmt::format("{}{}:{}{}{}", out.empty() ? "" : sep, p.input, open, p.*shape, close);
  return out;
}

// Polygraphy writes a shape as a list: [1,3,224,224].
std::vector<InputProfile> as_lists(std::vector<InputProfile> ps) {
  for (InputProfile& p : ps)
    for (std::string* s : {&p.min, &p.opt, &p.max})
      for (char& c : *s)
        if (c == 'x') c = ',';
  return ps;
}

class OptimizationProfileRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    const std::vector<InputProfile> ps = input_profiles(ctx.model);
    if (ps.empty()) return;
    std::vector<std::string> dims;
    for (const InputProfile& p : ps)
      dims.push_back(fmt::format("'{}' ({})", p.input, fmt::join(p.dynamic, ", ")));
    size_t unbounded = 0;
    for (const DynamicShapeRoot& r : find_dynamic_shape_roots(ctx.model))
      unbounded += r.kind == RootKind::kInherent;
    const auto lists = as_lists(ps);
    Diagnostic& d = sink.report(fmt::format(
        "{} dynamic input{} need{} an optimization profile for {}: {}{}", ps.size(),
        ps.size() == 1 ? "" : "s", ps.size() == 1 ? "s" : "", ctx.target.runtime,
        fmt::join(dims, "; "),
        unbounded ? fmt::format("; {} node{} make{} a data-dependent shape with no upper bound "
                                "(NonZero, NonMaxSuppression, Unique), which TensorRT sizes at "
                                "run time",
                                unbounded, unbounded == 1 ? "" : "s", unbounded == 1 ? "s" : "")
                  : ""));
    d.fix = fmt::format(
        "build with a profile (1/8/32 stand for your smallest, typical and largest sizes): "
        "`trtexec --onnx=model.onnx --minShapes={} --optShapes={} --maxShapes={}`; Polygraphy: "
        "`--trt-min-shapes {} --trt-opt-shapes {} --trt-max-shapes {}`; ONNX Runtime: "
        "`trt_profile_min_shapes={}`, `trt_profile_opt_shapes={}`, `trt_profile_max_shapes={}`{}",
        joined(ps, &InputProfile::min, ","), joined(ps, &InputProfile::opt, ","),
        joined(ps, &InputProfile::max, ","), joined(lists, &InputProfile::min, " ", "[", "]"),
        joined(lists, &InputProfile::opt, " ", "[", "]"),
        joined(lists, &InputProfile::max, " ", "[", "]"), joined(ps, &InputProfile::min, ","),
        joined(ps, &InputProfile::opt, ","), joined(ps, &InputProfile::max, ","),
        unbounded ? "; bound the data-dependent shapes (Polygraphy's `surgeon sanitize "
                    "--set-unbounded-dds-upper-bound`) so TensorRT can size their outputs"
                  : "");
  }
};

}  // namespace

std::unique_ptr<Rule> MakeOptimizationProfileRule() {
  return std::make_unique<OptimizationProfileRule>();
}

}  // namespace onnx_lint
