// The one order findings are reported in, whatever the rule order or threads.
#pragma once

#include <vector>

#include "onnx_lint/diagnostic.h"

namespace onnx_lint {

/// Model-level findings first, then graph by graph in load order, node by node.
void sort_diagnostics(std::vector<Diagnostic>& ds);

}  // namespace onnx_lint
