// The neighbourhood of each finding, for reports that draw it (HTML).
#pragma once

#include <vector>

#include "onnx_lint/diagnostic.h"
#include "onnx_lint/model.h"

namespace onnx_lint {

struct ExcerptLimits {
  int hops = 2;        // producers and consumers this many edges away
  int max_fanout = 8;  // neighbours shown per node and direction; the rest become "+ N more"
};

/// Fills excerpt for every finding at a node or tensor, marking the places of
/// the other findings in the list.
void attach_excerpts(const Model& model, std::vector<Diagnostic>& diagnostics,
                     const ExcerptLimits& limits);

}  // namespace onnx_lint
