#include <fmt/format.h>

#include <set>

#include "diff/compare.h"

namespace onnx_lint {
namespace {

std::string describe(const WeightFacts& w) {
  return fmt::format("{} [{}]", dtype::name(w.type), fmt::join(w.dims, ", "));
}

}  // namespace

WeightsDiff diff_weights(const ModelFacts& a, const ModelFacts& b) {
  WeightsDiff d;
  d.old_count = static_cast<int64_t>(a.weights.size());
  d.new_count = static_cast<int64_t>(b.weights.size());
  d.old_bytes = a.weight_bytes;
  d.new_bytes = b.weight_bytes;
  d.old_types = a.weight_types;
  d.new_types = b.weight_types;
  for (const auto& [name, w] : a.weights) {
    const auto it = b.weights.find(name);
    if (it == b.weights.end()) {
      d.tensors.push_back({name, "removed", describe(w), ""});
    } else if (w.type != it->second.type) {
      d.tensors.push_back({name, "retyped", describe(w), describe(it->second)});
    } else if (w.dims != it->second.dims) {
      d.tensors.push_back({name, "reshaped", describe(w), describe(it->second)});
    }
  }
  for (const auto& [name, w] : b.weights)
    if (!a.weights.count(name)) d.tensors.push_back({name, "added", "", describe(w)});
  // A re-export renames initializers (onnx::MatMul_65 -> onnx::MatMul_69): a
  // removed and an added tensor of the same type and shape are one renamed.
  std::multimap<std::string, size_t> removed;
  for (size_t i = 0; i < d.tensors.size(); ++i)
    if (d.tensors[i].change == "removed") removed.emplace(d.tensors[i].old_desc, i);
  for (TensorChange& t : d.tensors) {
    if (t.change != "added") continue;
    const auto it = removed.find(t.new_desc);
    if (it == removed.end()) continue;
    TensorChange& gone = d.tensors[it->second];
    t = {fmt::format("{} (was {})", t.name, gone.name), "renamed", gone.old_desc, t.new_desc};
    gone.change.clear();  // dropped below
    removed.erase(it);
  }
  std::erase_if(d.tensors, [](const TensorChange& t) { return t.change.empty(); });
  for (const std::string& f : b.external_files)
    if (!a.external_files.count(f)) d.external_added.push_back(f);
  for (const std::string& f : a.external_files)
    if (!b.external_files.count(f)) d.external_removed.push_back(f);
  return d;
}

}  // namespace onnx_lint
