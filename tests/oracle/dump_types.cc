// What onnx-lint's own checker and inference conclude about models, for the
// onnx 1.23 differential test (tests/python/test_onnx_oracle.py): reads model
// paths, one a line, from standard input and writes one JSON object a line:
//   {"path": ..., "load_error": null | "...", "checker_error": "", "checker_note": "",
//    "types": {"tensor": [elem_type, [dim, ...] | null], ...}}
// `types` holds every main-graph node output onnx-lint gives an element type;
// a dim is its value, or null when symbolic or unknown; null dims: rank unknown.
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "onnx_lint/linter.h"

int main() {
  std::ios::sync_with_stdio(false);
  std::string path;
  while (std::getline(std::cin, path)) {
    if (path.empty()) continue;
    nlohmann::json out = {{"path", path}, {"load_error", nullptr}};
    onnx_lint::LoadResult r = onnx_lint::read_model(path);
    if (!r.model) {
      out["load_error"] = r.error;
      std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      continue;
    }
    const onnx_lint::Model& m = *r.model;
    out["checker_error"] = m.checker_error;
    out["checker_note"] = m.checker_note;
    out["inference_note"] = m.inference_note;
    nlohmann::json types = nlohmann::json::object();
    const onnx_lint::Graph& g = m.main();
    for (const onnx_lint::Node& n : g.nodes)
      for (std::string_view name : n.outputs) {
        const onnx_lint::TensorType* t = name.empty() ? nullptr : g.type_of(name);
        if (!t || t->elem_type == onnx_lint::dtype::kUndefined) continue;
        nlohmann::json dims = nullptr;
        if (t->has_shape) {
          dims = nlohmann::json::array();
          for (const onnx_lint::Dim& d : t->dims)
            dims.push_back(d.is_static() ? nlohmann::json(d.value) : nlohmann::json(nullptr));
        }
        types[std::string(name)] = {t->elem_type, dims};
      }
    out["types"] = std::move(types);
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return 0;
}
