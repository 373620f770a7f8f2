// What the team cheatsheet blames for the segfaults of `repeat` and nearest
// resizing is the Slice that comes with them; a given export may have one
// next to the node, elsewhere, or none. The findings say which (OL102, OL201).
#pragma once

#include <fmt/format.h>

#include <string>

#include "onnx_lint/model.h"

namespace onnx_lint {

// "a Slice ('/Slice_1') reads its output", "this model has 3 Slice nodes, none
// next to this Resize", "this model has no Slice node".
inline std::string slice_context(const Model& m, const Graph& g, const Node& n) {
  auto is_slice = [](const Node* p) { return p && p->op_type == "Slice" && p->in_onnx_domain(); };
  for (std::string_view in : n.inputs)
    if (const Node* p = in.empty() ? nullptr : g.producer(in); is_slice(p))
      return fmt::format("a Slice ('{}') makes its input", p->display_name());
  for (std::string_view out : n.outputs)
    for (int c : out.empty() ? std::span<const int>() : g.consumers(out))
      if (is_slice(&g.nodes[static_cast<size_t>(c)]))
        return fmt::format("a Slice ('{}') reads its output",
                           g.nodes[static_cast<size_t>(c)].display_name());
  size_t slices = 0;
  for (const Graph& h : m.graphs)
    for (const Node& k : h.nodes) slices += is_slice(&k);
  if (slices == 0) return "this model has no Slice node";
  return fmt::format("this model has {} Slice node{}, none next to this {}", slices,
                     slices == 1 ? "" : "s", n.op_type);
}

}  // namespace onnx_lint
