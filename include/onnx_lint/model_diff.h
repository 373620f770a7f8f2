// What an export change did to a model (`onnx-lint diff OLD NEW`): its
// findings introduced, resolved and unchanged, its signature, graph and
// weights, and each target's verdict. Plain data: src/diff fills it from two
// loaded models and their findings, reporters format it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "onnx_lint/report.h"

namespace onnx_lint {

/// One side of the diff: the file and its lint.
struct DiffSide {
  std::string path;
  std::string sha256;
  FileReport report;  // the findings under the run's settings
};

struct FindingsDiff {
  std::vector<Diagnostic> introduced;  // in NEW, with no match in OLD
  std::vector<Diagnostic> resolved;    // in OLD, with no match in NEW
  std::vector<Diagnostic> unchanged;   // NEW's side of each match
};

/// An input or output of the main graph as a caller sees it.
struct IoSignature {
  std::string name;
  std::string type;               // "float32"
  std::vector<std::string> dims;  // "1", "batch", "?"; empty with has_shape false
  bool has_shape = false;
};

struct SignatureChange {
  std::string kind;  // "input" or "output"
  std::string name;
  std::string change;  // "added", "removed", "changed"
  std::optional<IoSignature> old_io, new_io;
  std::vector<std::string> what;  // "element type float32 -> float16", "dim 0: batch -> 1"
  bool breaking = false;          // a deployed caller or an optimization profile breaks
};

/// Counts per op type, and what each module path gained and lost.
struct OpCountChange {
  std::string op;
  int64_t old_count = 0, new_count = 0;
};
struct ModuleOpsChange {
  std::string module;  // "roi_heads", or "(no module)"
  std::vector<OpCountChange> ops;
};

struct GraphDiff {
  std::map<std::string, int64_t> old_opsets, new_opsets;  // domain ("ai.onnx") -> version
  int64_t old_ir = 0, new_ir = 0;
  std::string old_producer, new_producer;  // "pytorch 2.14.1"
  int64_t old_nodes = 0, new_nodes = 0;
  std::vector<OpCountChange> ops;        // only op types whose count changed
  std::vector<ModuleOpsChange> modules;  // only modules whose ops changed
  std::vector<std::string> functions_added, functions_removed;
};

struct TensorChange {
  std::string name;
  std::string change;              // "added", "removed", "retyped", "reshaped", "renamed"
  std::string old_desc, new_desc;  // "float32 [64, 3, 7, 7]"
};

struct WeightsDiff {
  int64_t old_count = 0, new_count = 0;
  int64_t old_bytes = 0, new_bytes = 0;                       // payload sizes, external included
  std::map<std::string, int64_t> old_types, new_types;        // element type -> initializers
  std::vector<TensorChange> tensors;                          // by name
  std::vector<std::string> external_added, external_removed;  // external-data files
};

/// Whether the model builds on a target, before and after.
struct TargetVerdict {
  std::string target;
  bool old_ok = true, new_ok = true;
  std::string why;  // the first error NEW introduced: "OL601 NonZero at roi_heads"
};

struct ModelDiff {
  DiffSide old_side, new_side;
  FindingsDiff findings;
  std::vector<SignatureChange> signature;
  GraphDiff graph;
  WeightsDiff weights;
  std::vector<TargetVerdict> targets;
  /// An input or output changed so that a deployed caller or profile breaks.
  bool signature_breaking() const;
};

}  // namespace onnx_lint
