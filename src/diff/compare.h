// The parts of a model diff. Each model is reduced to its facts first, so
// OLD's graph is gone before NEW is loaded: a diff holds one model at a time.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/container/inlined_vector.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "onnx_lint/model.h"
#include "onnx_lint/model_diff.h"

namespace onnx_lint {

using OpCounts = std::map<std::string, int64_t, std::less<>>;

struct WeightFacts {
  int32_t type = 0;
  std::vector<int64_t> dims;
};

/// What a diff needs of one model and its findings.
struct ModelFacts {
  /// Per finding (in report order): its place (see finding_place) and a
  /// looser key (rule, op type, graph kind) for a second matching pass.
  std::vector<std::string> places, loose;
  std::vector<IoSignature> inputs, outputs;
  std::map<std::string, int64_t> opsets;
  int64_t ir = 0, nodes = 0;
  std::string producer;
  OpCounts ops;  // every graph's nodes by op type
  /// The same per PyTorch module path, compactly (a million-node graph has a
  /// module every few nodes): op types as indexes into op_names, in order.
  std::vector<std::string> op_names;
  absl::flat_hash_map<std::string, absl::InlinedVector<std::pair<uint16_t, int32_t>, 4>> by_module;
  std::set<std::string> functions;
  std::map<std::string, WeightFacts> weights;  // initializers by name
  int64_t weight_bytes = 0;
  std::map<std::string, int64_t> weight_types;
  std::set<std::string> external_files;
};

ModelFacts model_facts(const Model& model, const std::vector<Diagnostic>& findings);

/// What the user would call the same place of a finding across two exports
/// of the same code: rule, graph kind, module path, op type, source line and
/// the op types around the node; never a node name, ordinal or tensor name
/// (graph inputs and outputs excepted: callers name them).
std::string finding_place(const Model& model, const Diagnostic& d);

/// Findings matched by place, then what is left by the looser key, as many
/// times as each key occurs on both sides; the rest are introduced (NEW) or
/// resolved (OLD).
FindingsDiff match_findings(const ModelFacts& old_facts,
                            const std::vector<Diagnostic>& old_findings,
                            const ModelFacts& new_facts,
                            const std::vector<Diagnostic>& new_findings);

std::vector<SignatureChange> diff_signature(const ModelFacts& a, const ModelFacts& b);
GraphDiff diff_graph(const ModelFacts& a, const ModelFacts& b);
/// From the tensors' metadata only: external data is never read.
WeightsDiff diff_weights(const ModelFacts& a, const ModelFacts& b);

}  // namespace onnx_lint
