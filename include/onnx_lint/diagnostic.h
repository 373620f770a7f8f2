// What a rule reports.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace onnx_lint {

enum class Severity { kInfo = 0, kWarning = 1, kError = 2 };

std::string_view severity_name(Severity s);  // "info", "warning", "error"
std::optional<Severity> parse_severity(std::string_view s);

/// One finding, with everything a reporter needs to print it.
struct Diagnostic {
  std::string rule;  // "OL001"
  std::string name;  // "opset-version"
  Severity severity = Severity::kWarning;
  std::string message;
  std::string graph = "main";  // graph path
  int graph_id = 0;
  std::optional<std::string> node;  // node name (or "#index" when unnamed)
  std::optional<int> node_index;
  std::optional<std::string> op_type;
  std::optional<std::string> tensor;
  std::string fix;
  std::string cheatsheet;  // the cheatsheet section the fix comes from
  std::string doc;         // "docs/rules/OL001.md"
  std::optional<std::string> module;  // PyTorch module path, e.g. "decoder.0.up"
  std::optional<std::string> source;  // "model.py:42"
  /// A stable identity of the place, for baselines: the node name, or for an
  /// unnamed node its op type and first output, or the tensor name. Never an index.
  std::string anchor;
};

}  // namespace onnx_lint
