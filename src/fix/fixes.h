// The fixes `onnx-lint fix` knows, one planner per file (tile_fix.cc,
// resize_fix.cc); this file dispatches the findings to them.
#pragma once

#include <vector>

#include "onnx_lint/diagnostic.h"
#include "onnx_lint/model_edit.h"

namespace onnx_lint {

struct FixPlan {
  ModelEdit edit;
  std::vector<FixNote> notes;  // one per finding a fix exists for, applied or not
};

/// The replacements for the findings that have a fix and meet its
/// preconditions; a finding whose rule has no fix gets no note.
FixPlan plan_fixes(const Model& model, const std::vector<Diagnostic>& findings, bool unsafe);

}  // namespace onnx_lint
