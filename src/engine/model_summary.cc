#include "engine/model_summary.h"

#include <fmt/format.h>

#include <limits>

namespace onnx_lint {

ModelSummary summarize(const Model& m) {
  ModelSummary s;
  s.ir_version = m.ir_version;
  s.opsets = m.opsets;
  s.producer = m.producer_version.empty()
                   ? m.producer_name
                   : fmt::format("{} {}", m.producer_name, m.producer_version);
  s.nodes = m.node_count();
  s.graphs = m.graphs.size();
  for (const Graph& g : m.graphs) {
    for (const Node& n : g.nodes)
      ++s.op_types[n.in_onnx_domain() ? std::string(n.op_type)
                                      : fmt::format("{}::{}", n.domain, n.op_type)];
    for (const auto& [name, index] : g.initializers) {
      const int64_t count = m.tensors[index].num_elements();
      // Saturate: dims in a hostile file can add up past int64.
      if (count > 0)
        s.parameters = count > std::numeric_limits<int64_t>::max() - s.parameters
                           ? std::numeric_limits<int64_t>::max()
                           : s.parameters + count;
    }
  }
  return s;
}

}  // namespace onnx_lint
