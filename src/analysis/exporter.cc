#include "analysis/exporter.h"

#include <charconv>

namespace onnx_lint {
namespace {

// "2.14.1+cu130" -> (2, 14); nullopt for anything else.
std::optional<std::pair<int, int>> major_minor(std::string_view v) {
  int major = 0, minor = 0;
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), major);
  if (ec != std::errc() || p == v.data() + v.size() || *p != '.') return std::nullopt;
  auto [q, ec2] = std::from_chars(p + 1, v.data() + v.size(), minor);
  if (ec2 != std::errc()) return std::nullopt;
  return std::pair(major, minor);
}

}  // namespace

ExporterInfo exporter_of(const Model& model) {
  ExporterInfo info;
  if (model.producer_name != "pytorch") return info;
  info.torch = major_minor(model.producer_version);
  info.exporter = Exporter::kTorchScript;
  // The first node with metadata decides: the dynamo exporter tags them all.
  for (const Graph& g : model.graphs)
    for (const Node& n : g.nodes)
      if (n.notes)
        for (const auto& [key, value] : n.notes->metadata)
          if (key.rfind("pkg.torch.onnx.", 0) == 0) {
            info.exporter = Exporter::kTorchDynamo;
            return info;
          }
  return info;
}

}  // namespace onnx_lint
