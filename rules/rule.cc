#include "onnx_lint/rule.h"

#include <fmt/format.h>

namespace onnx_lint {

std::string doc_path(std::string_view code) { return fmt::format("docs/rules/{}.md", code); }

Diagnostic& DiagnosticSink::report(std::string message) {
  Diagnostic d;
  d.rule = std::string(meta_.code);
  d.name = std::string(meta_.name);
  d.severity = meta_.severity;
  d.message = std::move(message);
  d.cheatsheet = std::string(meta_.cheatsheet);
  d.doc = doc_path(meta_.code);
  out_.push_back(std::move(d));
  return out_.back();
}

Diagnostic& DiagnosticSink::report(const Graph& graph, const Node& node, std::string message) {
  Diagnostic& d = report(std::move(message));
  d.graph = graph.path;
  d.graph_id = graph.id;
  d.node = node.display_name();
  d.node_index = node.index;
  d.op_type = node.op_type;
  d.anchor = !node.name.empty()     ? std::string(node.name)
             : node.outputs.empty() ? std::string(node.op_type)
                                    : fmt::format("{}:{}", node.op_type, node.outputs[0]);
  return d;
}

Diagnostic& DiagnosticSink::report_tensor(const Graph& graph, std::string_view tensor,
                                          std::string message) {
  Diagnostic& d = report(std::move(message));
  d.graph = graph.path;
  d.graph_id = graph.id;
  d.tensor = std::string(tensor);
  d.anchor = d.tensor.value();
  return d;
}

}  // namespace onnx_lint
