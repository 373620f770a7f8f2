#include <fmt/format.h>

#include <algorithm>

#include "analysis/source_map.h"
#include "diff/compare.h"
#include "graph/tensor_value.h"

namespace onnx_lint {
namespace {

IoSignature io_of(const Graph& g, const std::string& name) {
  IoSignature io;
  io.name = name;
  const TensorType* t = g.type_of(name);
  if (!t) return io;
  io.type = dtype::name(t->elem_type);
  io.has_shape = t->has_shape;
  for (const Dim& d : t->dims)
    io.dims.push_back(d.is_static()     ? std::to_string(d.value)
                      : d.param.empty() ? "?"
                                        : std::string(d.param));
  return io;
}

std::vector<IoSignature> ios(const Graph& g, const std::vector<std::string>& names) {
  std::vector<IoSignature> out;
  for (const std::string& n : names)
    if (!g.initializers.count(n)) out.push_back(io_of(g, n));  // an initializer is no input
  return out;
}

// The op a finding is about and the graph kind: what stays when an exporter
// change moves the finding's neighbourhood, module or source line.
std::string loose_key(const Diagnostic& d) {
  return fmt::format("{}|{}|{}", d.rule, d.op_type.value_or(""), d.graph == "main" ? "main" : "");
}

void count_ops(const Model& m, ModelFacts& f) {
  absl::flat_hash_map<std::string, uint16_t> op_ids;
  for (const Graph& g : m.graphs) {
    if (g.kind == GraphKind::kFunction) f.functions.insert(g.path.substr(g.path.find(':') + 1));
    for (const Node& n : g.nodes) {
      const std::string op =
          n.in_onnx_domain() ? std::string(n.op_type) : fmt::format("{}::{}", n.domain, n.op_type);
      ++f.ops[op];
      const auto inserted = op_ids.try_emplace(op, static_cast<uint16_t>(f.op_names.size()));
      if (inserted.second) f.op_names.push_back(op);
      const uint16_t id = inserted.first->second;
      auto& counts = f.by_module[source_of(n).module.value_or("(no module)")];
      auto it =
          std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == id; });
      if (it == counts.end())
        counts.emplace_back(id, 1);
      else
        ++it->second;
    }
  }
}

void list_weights(const Model& m, ModelFacts& f) {
  for (const Graph& g : m.graphs)
    for (const auto& [name, index] : g.initializers) {
      const TensorData& t = m.tensors[index];
      f.weights[std::string(name)] = {t.elem_type, t.dims};
      const int64_t n = t.num_elements();
      if (n > 0) f.weight_bytes += n * element_size(t.elem_type);
      ++f.weight_types[dtype::name(t.elem_type)];
      if (t.storage == Storage::kExternal) f.external_files.insert(t.external_location);
    }
}

}  // namespace

ModelFacts model_facts(const Model& m, const std::vector<Diagnostic>& findings) {
  ModelFacts f;
  for (const Diagnostic& d : findings) {
    f.places.push_back(finding_place(m, d));
    f.loose.push_back(loose_key(d));
  }
  f.inputs = ios(m.main(), m.main().inputs);
  f.outputs = ios(m.main(), m.main().outputs);
  for (const OpsetImport& o : m.opsets)
    f.opsets[o.domain.empty() ? "ai.onnx" : o.domain] = o.version;
  f.ir = m.ir_version;
  f.nodes = static_cast<int64_t>(m.node_count());
  f.producer = m.producer_version.empty()
                   ? m.producer_name
                   : fmt::format("{} {}", m.producer_name, m.producer_version);
  count_ops(m, f);
  list_weights(m, f);
  return f;
}

}  // namespace onnx_lint
