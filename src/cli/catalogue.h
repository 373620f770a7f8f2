// `--list-rules` and `--explain`: the rule catalogue for a reader.
#pragma once

#include <ostream>
#include <string_view>

namespace onnx_lint {

/// One line per rule: code, name, default level, summary.
void list_rules(std::ostream& out);
/// Every deployment target with its one-line summary and its evidence.
void list_targets(std::ostream& out);
/// A rule's doc page; false (and nothing written) for an unknown rule.
bool explain_rule(std::string_view code_or_name, std::ostream& out);

}  // namespace onnx_lint
