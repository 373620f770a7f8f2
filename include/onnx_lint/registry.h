// The rule catalogue. rules/registry.cc is the only place that lists rules.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "onnx_lint/diagnostic.h"
#include "onnx_lint/rule.h"

namespace onnx_lint {

/// Every rule, ordered by code. Built once; lives for the whole program.
const std::vector<std::unique_ptr<Rule>>& all_rules();
/// By code ("OL101", case-insensitive), name ("resize-linear") or a former
/// name (rules keep working under the name they had); nullptr if unknown.
const Rule* find_rule(std::string_view code_or_name);
/// What a report shows of a rule: its identity and its doc page.
RuleInfo rule_info(const Rule& rule);
/// rule_info of every rule, in code order.
std::vector<RuleInfo> rule_catalogue();

}  // namespace onnx_lint
