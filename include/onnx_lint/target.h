// A deployment target: what one runtime release supports, read from the data
// files under targets/ (embedded in the binary). Rules read it through
// LintContext; the engine picks it from --target or `target = "..."`.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "onnx_lint/diagnostic.h"
#include "onnx_lint/model.h"

namespace onnx_lint {

/// A use of an op the target's parser rejects; `check` names the test.
struct TargetRestriction {
  std::string check;  // "topk-sorted", "pool-rank", ... (rules/restricted_usage.cc)
  std::vector<std::string> ops;
  std::string fact;      // "TopK needs sorted=1"
  int64_t limit = 0;     // for checks that compare with a number (topk-k-limit)
  std::string evidence;  // where this fact comes from, when not the target's document
  /// kError: the parser rejects the model. kWarning: it builds, but not as
  /// the model says (a seed ignored, a value clamped); the node stays on TensorRT.
  Severity severity = Severity::kError;
};

struct Target {
  std::string name;                  // "trt-8.6"
  std::string runtime;               // "TensorRT 8.6", as messages name it
  std::string summary;               // one line for --list-targets
  std::vector<std::string> rules;    // selectors of the rules it runs
  int min_opset = 0, max_opset = 0;  // default-domain opsets the parser reads; 0 = no window
  int64_t max_ir = 0;                // the newest IR version the runtime loads; 0 = not known
  std::string window_evidence;  // where the opset window and max_ir come from, if not `evidence`
  std::string evidence;         // where the facts come from
  std::set<std::string, std::less<>> unsupported;  // ai.onnx op types
  /// ONNX Runtime's CUDA provider: the ai.onnx ops it has no kernel for (and
  /// that are no ONNX function it could expand), which run on the CPU provider.
  std::set<std::string, std::less<>> cpu_only;
  std::vector<TargetRestriction> restrictions;
  /// The element types (dtype codes) the support matrix lists for an op's data
  /// (its "Supported Types" column); an op without an entry has no type facts.
  std::map<std::string, std::vector<int32_t>, std::less<>> op_types;
  /// Types the parser takes only through Q/DQ (INT8, FP8, INT4, FP4). The data
  /// also lists the I/O-only types, which OL301 and OL603's int64-clamped
  /// already state, so the engine does not read them.
  std::vector<int32_t> quantized_types;
  /// Types the parser casts down to a narrower one instead of refusing them
  /// (float64 to float32 from TensorRT 10.0): OL303 says so beside the team's
  /// blacklist, which still stands.
  std::vector<int32_t> cast_down_types;
  /// Ops whose matrix restriction onnx-lint does not test (their sentences are
  /// listed by scripts/gen_trt_targets.py): said in --list-targets, never guessed.
  std::vector<std::string> unchecked;
  /// TensorRT 11: the network is strongly typed, so the model's types are the
  /// engine's precisions (no FP16/INT8 builder flags).
  bool strongly_typed = false;
  /// Plugins (custom-domain op types) the release removed, and what replaces each.
  std::map<std::string, std::string, std::less<>> removed_plugins;
  std::string removed_plugins_evidence;
  /// A runtime that hands parts of the graph to another target's parser
  /// (ONNX Runtime's TensorRT EP): that target's name; its facts are copied in.
  std::string parser;
  int parser_min_opset = 0, parser_max_opset = 0;  // the parser target's window
  /// The data-dependent-shape ops, which ONNX Runtime 1.21+ gives to TensorRT by
  /// default and users keep off it with trt_op_types_to_exclude.
  std::vector<std::string> dds_ops;
  std::string dds_evidence;

  bool has_facts() const { return max_opset > 0; }
};

/// Whether OL603 implements this restriction check (rules/restricted_usage.cc);
/// the engine refuses target data that names one it does not.
bool restriction_check_known(std::string_view check);

/// Whether the node breaks one of the target's restrictions (the same checks
/// as OL603), for rules that estimate what a parser accepts.
bool breaks_a_restriction(const Model& model, const Graph& graph, const Node& node,
                          const Target& target);

}  // namespace onnx_lint
