#include "engine/diagnostic_order.h"

#include <algorithm>
#include <string_view>
#include <tuple>

namespace onnx_lint {

void sort_diagnostics(std::vector<Diagnostic>& ds) {
  auto key = [](const Diagnostic& d) {
    return std::make_tuple(d.node_index.has_value() || d.tensor.has_value() ? d.graph_id : -1,
                           d.node_index.value_or(-1), std::string_view(d.rule),
                           // Not `d.tensor ? *d.tensor : std::string()`: that is a temporary
                           // string, and the view would outlive it.
                           d.tensor ? std::string_view(*d.tensor) : std::string_view());
  };
  std::stable_sort(ds.begin(), ds.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

}  // namespace onnx_lint
