#include "analysis/external_groups.h"

#include <map>

namespace onnx_lint {

std::vector<ExternalGroup> external_groups(const Model& model, ExternalCheck check) {
  std::vector<ExternalGroup> groups;
  std::map<std::string, size_t> index;
  for (const TensorData& t : model.tensors) {
    if (t.external_check != check) continue;
    auto [it, fresh] = index.try_emplace(t.external_location, groups.size());
    if (fresh) groups.push_back({t.external_location, &t, 0});
    ExternalGroup& g = groups[it->second];
    // A Constant node's value has no name of its own: the first named tensor
    // is the one to show.
    if (g.first->name.empty() && !t.name.empty()) g.first = &t;
    ++g.tensors;
  }
  return groups;
}

}  // namespace onnx_lint
