// The rule catalogue: the one place that lists the rules. Adding a rule is one
// line here (scripts/new_rule.py writes it) plus its file in rules/, its doc
// page and its test.
#include "onnx_lint/registry.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "rule_docs.h"

// clang-format off
#define ONNX_LINT_RULES(X)                      \
  X(InvalidModel)        /* OL000 */           \
  X(OpsetVersion)        /* OL001 */           \
  X(UnusedWaiver)        /* OL002 */           \
  X(ResizeLinear)        /* OL101 */           \
  X(ResizeNearest)       /* OL102 */           \
  X(RepeatTile)          /* OL201 */           \
  X(IndexAssignment)     /* OL202 */           \
  X(DtypeUint8)          /* OL301 */           \
  X(DtypeInt16)          /* OL302 */           \
  X(DtypeFloat64)        /* OL303 */           \
  X(DynamicShape)        /* OL401 */           \
  X(DynamicInput)        /* OL402 */           \
  X(FrozenSize)          /* OL403 */           \
  X(RandomOp)            /* OL501 */           \
  X(UnsupportedOp)       /* OL601 */           \
  X(OpsetWindow)         /* OL602 */           \
  X(RestrictedUsage)     /* OL603 */           \
  X(OptimizationProfile) /* OL604 */           \
  X(TrtPartition)        /* OL605 */           \
  X(CudaFallback)        /* OL606 */           \
  X(UnsupportedType)     /* OL607 */           \
  X(StronglyTyped)       /* OL608 */           \
  X(Fp16Overflow)        /* OL701 */           \
  X(Fp16Underflow)       /* OL702 */           \
  X(Fp16UnsafePattern)   /* OL703 */           \
  X(ExternalDataPath)    /* OL901 */           \
  X(ExternalDataMissing) /* OL902 */
// clang-format on

namespace onnx_lint {

#define ONNX_LINT_DECLARE(rule) std::unique_ptr<Rule> Make##rule##Rule();
ONNX_LINT_RULES(ONNX_LINT_DECLARE)
#undef ONNX_LINT_DECLARE

namespace {

// Names rules had before a rename: configs that use them keep working.
struct FormerName {
  std::string_view name, code;
};
constexpr FormerName kFormerNames[] = {{"unused-suppression", "OL002"}};

}  // namespace

const std::vector<std::unique_ptr<Rule>>& all_rules() {
  static const std::vector<std::unique_ptr<Rule>> rules = [] {
    std::vector<std::unique_ptr<Rule>> r;
#define ONNX_LINT_MAKE(rule) r.push_back(Make##rule##Rule());
    ONNX_LINT_RULES(ONNX_LINT_MAKE)
#undef ONNX_LINT_MAKE
    std::sort(r.begin(), r.end(),
              [](const auto& a, const auto& b) { return a->meta().code < b->meta().code; });
    return r;
  }();
  return rules;
}

const Rule* find_rule(std::string_view key) {
  for (const FormerName& f : kFormerNames)
    if (key == f.name) key = f.code;
  std::string upper(key);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& r : all_rules())
    if (r->meta().code == upper || r->meta().name == key) return r.get();
  return nullptr;
}

RuleInfo rule_info(const Rule& rule) {
  const RuleMeta& m = rule.meta();
  return RuleInfo{std::string(m.code),          std::string(m.name),       m.severity,
                  std::string(m.summary),       std::string(m.cheatsheet), doc_path(m.code),
                  std::string(rule_doc(m.code))};
}

std::vector<RuleInfo> rule_catalogue() {
  std::vector<RuleInfo> out;
  for (const auto& r : all_rules()) out.push_back(rule_info(*r));
  return out;
}

}  // namespace onnx_lint
