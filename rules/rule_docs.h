// Doc pages of the rules, embedded at build time from docs/rules/*.md.
#pragma once

#include <string_view>
#include <vector>

namespace onnx_lint {

struct RuleDoc {
  std::string_view code;
  std::string_view markdown;
};

const std::vector<RuleDoc>& rule_docs();
/// The page of a rule code, or "" when it has none.
std::string_view rule_doc(std::string_view code);

}  // namespace onnx_lint
