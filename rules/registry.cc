// The rule catalogue: the one place that lists the rules. Adding a rule is one
// line here (in code order) plus its file in rules/, its doc page and tests.
#include "onnx_lint/registry.h"

#include <algorithm>
#include <cctype>
#include <string>

#define ONNX_LINT_RULES(X)                \
  X(InvalidModel)     /* OL000 */         \
  X(OpsetVersion)     /* OL001 */         \
  X(UnusedSuppression) /* OL002 */        \
  X(ResizeLinear)     /* OL101 */         \
  X(ResizeNearest)    /* OL102 */         \
  X(RepeatTile)       /* OL201 */         \
  X(IndexAssignment)  /* OL202 */         \
  X(DtypeUint8)       /* OL301 */         \
  X(DtypeInt16)       /* OL302 */         \
  X(DtypeFloat64)     /* OL303 */         \
  X(DynamicShape)     /* OL401 */         \
  X(DynamicInput)     /* OL402 */         \
  X(RandomOp)         /* OL501 */         \
  X(ExternalDataPath) /* OL901 */         \
  X(ExternalDataMissing) /* OL902 */

namespace onnx_lint {

#define ONNX_LINT_DECLARE(rule) std::unique_ptr<Rule> Make##rule##Rule();
ONNX_LINT_RULES(ONNX_LINT_DECLARE)
#undef ONNX_LINT_DECLARE

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
  std::string upper(key);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const auto& r : all_rules())
    if (r->meta().code == upper || r->meta().name == key) return r.get();
  return nullptr;
}

}  // namespace onnx_lint
