// Rule selectors ("OL101", "resize-linear", "OL1", "ALL") and what they pick.
#pragma once

#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "onnx_lint/rule.h"
#include "onnx_lint/settings.h"

namespace onnx_lint {

/// Does `selector` (a code, name, former name, code prefix or ALL) pick the
/// rule `code`? Codes are case-insensitive.
bool selector_matches(std::string_view selector, std::string_view code);
/// True when the selector picks at least one registered rule.
bool selector_known(std::string_view selector);
/// Checks every selector in the settings; false with a message naming the first unknown one.
bool validate_selectors(const LintSettings& settings, std::string* error);
/// Codes of the rules to run: (select or ALL) + extend-select - ignore.
std::set<std::string> enabled_rules(const LintSettings& settings);
/// The level a rule's findings get: the most specific --severity selector wins
/// (a code or name over a longer prefix over a shorter one over ALL).
Severity effective_severity(const LintSettings& settings, std::string_view code,
                            Severity default_level);

/// Calls run(rule, sink) for each rule in `enabled`, in code order, and gives
/// what it reports the rule's effective level.
void run_enabled_rules(const LintSettings& settings, const std::set<std::string>& enabled,
                       std::vector<Diagnostic>& out,
                       const std::function<void(const Rule&, DiagnosticSink&)>& run);

}  // namespace onnx_lint
