// The rule interface. A rule reads the model and appends diagnostics; it never
// prints, opens files or touches protobuf. Every word a finding says is its
// rule's (rules/<name>.cc).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "onnx_lint/diagnostic.h"
#include "onnx_lint/model.h"
#include "onnx_lint/precision.h"
#include "onnx_lint/target.h"

namespace onnx_lint {

/// What the catalogue, `--list-rules`, the docs and the reporters know of a rule.
struct RuleMeta {
  std::string_view code;        // "OL101": stable, never reused
  std::string_view name;        // "resize-linear": stable kebab-case
  Severity severity;            // default level
  std::string_view summary;     // one line
  std::string_view cheatsheet;  // the cheatsheet section it enforces
};

/// What a rule sees while it runs.
struct LintContext {
  const Model& model;
  /// The default-domain opset the deployment expects (the cheatsheet says 12).
  int target_opset = 12;
  /// The deployment target: what its runtime supports (targets/*.toml).
  const Target& target;
  /// The precision the model runs in (--precision); under a strongly typed
  /// target (TensorRT 11) the model's own types decide instead.
  Precision precision = Precision::kFp32;
};

/// Collects a rule's findings, pre-filled with the rule's identity.
class DiagnosticSink {
 public:
  DiagnosticSink(const RuleMeta& meta, std::vector<Diagnostic>& out) : meta_(meta), out_(out) {}
  /// A finding about the model as a whole.
  Diagnostic& report(std::string message);
  /// A finding at a node.
  Diagnostic& report(const Graph& graph, const Node& node, std::string message);
  /// A finding about a tensor that no node produces (graph input, initializer).
  Diagnostic& report_tensor(const Graph& graph, std::string_view tensor, std::string message);

 private:
  const RuleMeta& meta_;
  std::vector<Diagnostic>& out_;
};

class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleMeta& meta() const = 0;
  /// Findings in the model.
  virtual void check(const LintContext& ctx, DiagnosticSink& sink) const = 0;
  /// Findings about waivers, after the engine applied them (OL002).
  virtual void check_waivers(std::span<const WaiverOutcome>, DiagnosticSink&) const {}
};

/// "docs/rules/OL101.md"
std::string doc_path(std::string_view code);

/// Calls fn(graph, node) for every node of every graph: main, subgraphs, functions.
template <typename Fn>
void for_each_node(const Model& model, Fn&& fn) {
  for (const Graph& g : model.graphs)
    for (const Node& n : g.nodes) fn(g, n);
}

}  // namespace onnx_lint
