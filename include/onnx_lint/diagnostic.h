// What a rule reports, and what the engine tells rules about waivers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace onnx_lint {

enum class Severity { kInfo = 0, kWarning = 1, kError = 2 };

std::string_view severity_name(Severity s);  // "info", "warning", "error"
std::optional<Severity> parse_severity(std::string_view s);

/// The lowest severity that makes the exit code 1; nullopt means never.
using FailOn = std::optional<Severity>;
/// "error", "warning", "info" or "never"; nullopt for anything else.
std::optional<FailOn> parse_fail_on(std::string_view s);

/// The neighbourhood of a finding in its graph, for reports that draw it:
/// producers and consumers a few hops out, edges labelled with type and shape.
struct GraphExcerpt {
  struct Node {
    std::string name;     // node name ("#index" when unnamed), tensor name for kTensor
    std::string op_type;  // "" for a tensor
    enum Kind { kNode, kTensor, kMore } kind = kNode;  // kMore: "+ N more", collapsed
    bool flagged = false;                              // the node or tensor the finding is at
    bool other_finding = false;                        // another finding is at it
  };
  struct Edge {
    int from = 0, to = 0;  // indexes into nodes
    std::string label;     // "float32 [1, 3, 8, 8]"
  };
  std::string scope;  // "main", or where a subgraph sits: "Loop 'l' body, in main"
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

/// One finding, with everything a reporter needs to print it.
struct Diagnostic {
  std::string rule;  // "OL001"
  std::string name;  // "opset-version"
  Severity severity = Severity::kWarning;
  /// Set by a rule whose finding is milder than the rule (OL603's warning-level
  /// restrictions): the engine caps the rule's effective severity at it.
  std::optional<Severity> at_most;
  std::string message;
  std::string graph = "main";  // graph path
  int graph_id = 0;
  std::optional<std::string> node;  // node name (or "#index" when unnamed)
  std::optional<int> node_index;
  std::optional<std::string> op_type;
  std::optional<std::string> tensor;
  std::string fix;
  std::string cheatsheet;             // the cheatsheet section the fix comes from
  std::string doc;                    // "docs/rules/OL001.md"
  std::optional<std::string> module;  // PyTorch module path, e.g. "decoder.0.up"
  std::optional<std::string> source;  // "model.py:42"
  std::optional<std::string> code;    // that line of Python, when the model carries it
  /// A stable identity of the place, for baselines: the node name, or for an
  /// unnamed node its op type and first output, or the tensor name. Never an index.
  std::string anchor;
  /// Identifies the finding across runs for SARIF viewers: rule, model path as
  /// the report shows it, graph and anchor, hashed. Filled by the engine.
  std::string fingerprint;
  /// Filled only when the report draws findings (HTML).
  std::optional<GraphExcerpt> excerpt;
};

/// What a report shows of a rule (the catalogue of a run).
struct RuleInfo {
  std::string code, name;
  Severity severity = Severity::kWarning;  // default level
  std::string summary, cheatsheet;
  std::string doc;       // "docs/rules/OL101.md"
  std::string markdown;  // the doc page itself
};

/// What one waiver did in a model (or a run), as the engine tells the rules.
struct WaiverOutcome {
  std::string origin;  // where it is written: "cfg/.onnx-lint.toml [[ignore]] #2"
  std::vector<std::string> rules, nodes;
  int hits = 0;       // findings it hid
  int models = 1;     // models it applied to
  std::string scope;  // where it was looked for: "in this model", "in the 3 models it applies to"
  std::string error;  // a waiver that could not be read: why (rules and nodes are then empty)
};

}  // namespace onnx_lint
