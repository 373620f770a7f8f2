// The rule catalogue. rules/registry.cc is the only place that lists rules.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "onnx_lint/rule.h"

namespace onnx_lint {

/// Every rule, ordered by code. Built once; lives for the whole program.
const std::vector<std::unique_ptr<Rule>>& all_rules();
/// By code ("OL101", case-insensitive) or name ("resize-linear"); nullptr if unknown.
const Rule* find_rule(std::string_view code_or_name);

}  // namespace onnx_lint
