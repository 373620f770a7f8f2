// The fixes `onnx-lint fix` knows, one planner per file (tile_fix.cc,
// resize_fix.cc); this file dispatches the findings to them.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "onnx_lint/diagnostic.h"
#include "onnx_lint/model_edit.h"

namespace onnx_lint {

struct FixPlan {
  ModelEdit edit;
  std::vector<FixNote> notes;  // one per finding a fix exists for, applied or not
};

/// The model loaded again with its dynamic batch set to a size: what a fix
/// needs to see how constants computed from the batch (a slice assignment's
/// indices) change with it. Empty when the model has no dynamic batch, or
/// other dynamic dims.
struct BatchProbe {
  int64_t batch = 0;
  const Model* model = nullptr;
};

/// The graph inputs and sizes that make a probe: every input whose only
/// dynamic dim is its first gets `batch` there. Empty when an input has
/// another dynamic dim, or none has a dynamic batch.
std::vector<std::pair<std::string, std::vector<int64_t>>> batch_probe_shapes(const Graph& g,
                                                                             int64_t batch);

/// The findings a batch probe would help: an OL202 ScatterND over a dynamic batch.
bool wants_batch_probes(const Model& model, const std::vector<Diagnostic>& findings);

/// The replacements for the findings that have a fix and meet its
/// preconditions; a finding whose rule has no fix gets no note.
FixPlan plan_fixes(const Model& model, const std::vector<Diagnostic>& findings, bool unsafe,
                   const std::vector<BatchProbe>& probes = {});

}  // namespace onnx_lint
