#include "fix/fixes.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <set>

#include "fix/fix_builder.h"

namespace onnx_lint {
namespace {

// The rules with a fix, and which planner makes it; `unsafe` ones only when asked.
Planned plan_for(const Model& m, const Graph& g, const Node& n, const std::string& rule,
                 bool unsafe, const std::vector<BatchProbe>& probes, bool* is_unsafe) {
  *is_unsafe = false;
  if (rule == "OL501" && n.op_type.rfind("Random", 0) == 0) {
    *is_unsafe = true;
    if (!unsafe) return {std::nullopt, "an unsafe fix (its mean) exists: --unsafe-fixes"};
    return plan_random_mean(m, g, n);
  }
  if (rule == "OL303") {
    *is_unsafe = true;
    if (!unsafe) return {std::nullopt, "an unsafe fix (float32 instead) exists: --unsafe-fixes"};
    return plan_constant_to_float(m, g, n);
  }
  if (rule == "OL201" && n.op_type == "Tile") return plan_tile(m, g, n);
  if (rule == "OL403") return plan_frozen_reshape(m, g, n);
  if ((rule == "OL101" || rule == "OL102") && (n.op_type == "Resize" || n.op_type == "Upsample"))
    return plan_resize(m, g, n);
  if (rule == "OL202" && n.op_type == "ScatterND") return plan_scatter(m, g, n, probes);
  return {std::nullopt, ""};
}

// The nodes that only fed what the fixes replaced (a Resize's scales, the
// shape arithmetic of a ScatterND's indices), now read by nobody: they go with
// it. Only nodes upstream of a replaced node are considered, so dead nodes the
// model already had stay as they were.
std::vector<int> left_without_readers(const Graph& g, const ModelEdit& edit) {
  std::set<int> removed;
  std::set<std::string_view> new_reads;
  std::vector<int> work;
  for (const NodeReplacement& r : edit.replacements) {
    removed.insert(r.node);
    for (const NewNode& n : r.nodes)
      for (std::string_view in : n.inputs) new_reads.insert(in);
  }
  for (int r : removed)
    for (std::string_view in : g.nodes[r].inputs)
      if (const Node* p = in.empty() ? nullptr : g.producer(in)) work.push_back(p->index);
  std::set<std::string_view> outputs(g.outputs.begin(), g.outputs.end());
  std::vector<int> dead;
  while (!work.empty()) {
    const int c = work.back();
    work.pop_back();
    if (removed.count(c)) continue;
    const Node& n = g.nodes[c];
    const bool control_flow = std::any_of(n.attributes.begin(), n.attributes.end(),
                                          [](const Attribute& a) { return !a.graphs.empty(); });
    if (!n.in_onnx_domain() || control_flow) continue;  // leave those as they are
    bool read = false;
    for (std::string_view out : n.outputs) {
      if (out.empty()) continue;
      if (outputs.count(out) || new_reads.count(out)) read = true;
      for (int reader : g.consumers(out)) read = read || !removed.count(reader);
    }
    if (read) continue;
    removed.insert(c);
    dead.push_back(c);
    for (std::string_view in : n.inputs)
      if (const Node* p = in.empty() ? nullptr : g.producer(in)) work.push_back(p->index);
  }
  return dead;
}

// What each applied fix takes out, for --diff: its node, then the nodes that
// only fed it (each dead node told under the first fix whose node it feeds).
void list_removed_nodes(const Graph& g, FixPlan& plan) {
  std::set<int> dead;
  for (const NodeReplacement& r : plan.edit.replacements)
    dead.insert(r.dead_constants.begin(), r.dead_constants.end());
  auto name = [&](int i) {
    const Node& n = g.nodes[static_cast<size_t>(i)];
    return fmt::format("{} {}", n.op_type, n.display_name());
  };
  size_t next = 0;
  for (FixNote& note : plan.notes) {
    if (!note.applied || note.added.empty() || next >= plan.edit.replacements.size()) continue;
    const NodeReplacement& r = plan.edit.replacements[next++];
    note.removed.push_back(name(r.node));
    std::vector<int> work{r.node};
    while (!work.empty()) {
      const int c = work.back();
      work.pop_back();
      for (std::string_view in : g.nodes[static_cast<size_t>(c)].inputs) {
        const Node* p = in.empty() ? nullptr : g.producer(in);
        if (!p || !dead.erase(p->index)) continue;  // not dead, or told already
        note.removed.push_back(name(p->index));
        work.push_back(p->index);
      }
    }
  }
}

}  // namespace

// OL303 on a graph input or initializer: float32 instead (unsafe).
void plan_float64_tensor(const Model& m, const Diagnostic& d, bool unsafe, FixPlan& plan) {
  const Graph& g = m.main();
  const std::string& name = *d.tensor;
  std::string why, what;
  auto init = g.initializers.find(name);
  if (!unsafe) {
    why = "an unsafe fix (float32 instead) exists: --unsafe-fixes";
  } else if (init != g.initializers.end()) {
    auto v = m.tensor_value(init->second);
    auto f = v ? to_float32(*v) : std::nullopt;
    if (!f) {
      why = "its values are not all finite and within float32's range (or not readable)";
    } else {
      NewTensor t{std::string(name), dtype::kFloat, m.tensors[init->second].dims,
                  std::string(f->size() * 4, '\0')};
      if (!f->empty()) std::memcpy(t.raw.data(), f->data(), t.raw.size());
      plan.edit.initializers.push_back(std::move(t));
      what = fmt::format("initializer '{}' becomes float32 ({} values)", name, f->size());
    }
  } else {
    plan.edit.input_types.emplace_back(name, dtype::kFloat);
    what = fmt::format("input '{}' becomes float32: callers must now feed float32", name);
  }
  if (why.empty()) plan.edit.float64_declarations_to_float32 = true;
  plan.notes.push_back(FixNote{d.rule,
                               (init != g.initializers.end() ? "initializer " : "input ") + name,
                               "float64",
                               why.empty(),
                               true,
                               why.empty() ? what : why,
                               {}});
}

// OL301/OL302 on a graph input: the input becomes int32 (unsafe).
void plan_input(const Graph& g, const Diagnostic& d, bool unsafe, FixPlan& plan) {
  const std::string& input = *d.tensor;
  for (const auto& [name, type] : plan.edit.input_types)
    if (name == input) return;
  std::string why = plan_input_to_int32(g, input);
  if (why.empty() && !unsafe)
    why = "an unsafe fix (the input becomes int32) exists: --unsafe-fixes";
  FixNote note{d.rule,
               "input " + input,
               "graph input",
               why.empty(),
               true,
               why.empty() ? fmt::format("input '{}' becomes int32: its values are unchanged, but "
                                         "callers must now feed int32",
                                         input)
                           : why,
               {}};
  if (why.empty()) plan.edit.input_types.emplace_back(input, dtype::kInt32);
  plan.notes.push_back(std::move(note));
}

std::vector<std::pair<std::string, std::vector<int64_t>>> batch_probe_shapes(const Graph& g,
                                                                             int64_t batch) {
  std::vector<std::pair<std::string, std::vector<int64_t>>> shapes;
  for (const std::string& input : g.inputs) {
    const TensorType* t = g.initializers.count(input) ? nullptr : g.type_of(input);
    if (!t || !t->has_shape || t->dims.empty()) continue;
    std::vector<int64_t> dims;
    for (size_t d = 0; d < t->dims.size(); ++d) {
      if (d > 0 && !t->dims[d].is_static()) return {};  // a second dynamic dim: no probe
      dims.push_back(t->dims[d].is_static() ? t->dims[d].value : batch);
    }
    if (!t->dims[0].is_static()) shapes.emplace_back(input, std::move(dims));
  }
  return shapes;
}

bool wants_batch_probes(const Model& model, const std::vector<Diagnostic>& findings) {
  const Graph& g = model.main();
  for (const Diagnostic& d : findings) {
    if (d.rule != "OL202" || d.graph_id != 0 || !d.node_index || *d.node_index < 0 ||
        *d.node_index >= static_cast<int>(g.nodes.size()))
      continue;
    const Node& n = g.nodes[*d.node_index];
    if (n.op_type == "ScatterND" && !g.static_dims(n.input(0))) return true;
  }
  return false;
}

FixPlan plan_fixes(const Model& model, const std::vector<Diagnostic>& findings, bool unsafe,
                   const std::vector<BatchProbe>& probes) {
  FixPlan plan;
  std::set<int> replaced;  // a node is rewritten once, whichever findings point at it
  for (const Diagnostic& d : findings) {
    if ((d.rule == "OL301" || d.rule == "OL302") && d.graph_id == 0 && !d.node_index && d.tensor &&
        model.main().is_graph_input(*d.tensor) && !model.main().initializers.count(*d.tensor)) {
      plan_input(model.main(), d, unsafe, plan);
      continue;
    }
    if (d.rule == "OL303" && d.graph_id == 0 && !d.node_index && d.tensor) {
      plan_float64_tensor(model, d, unsafe, plan);
      continue;
    }
    if (d.graph_id != 0 || !d.node_index) continue;  // fixes rewrite the main graph
    const Graph& g = model.main();
    if (*d.node_index < 0 || *d.node_index >= static_cast<int>(g.nodes.size())) continue;
    const Node& n = g.nodes[*d.node_index];
    if (!n.in_onnx_domain() || replaced.count(n.index)) continue;
    // A node without an output is invalid (OL000 says so); there is nothing to rewire.
    if (n.outputs.empty() || n.outputs[0].empty()) continue;
    bool is_unsafe = false;
    Planned p = plan_for(model, g, n, d.rule, unsafe, probes, &is_unsafe);
    if (p.what.empty()) continue;  // no fix for this rule
    FixNote note{d.rule,
                 n.display_name(),
                 std::string(n.op_type),
                 p.replacement.has_value(),
                 is_unsafe,
                 p.what,
                 {}};
    if (p.replacement && d.rule == "OL303") plan.edit.float64_declarations_to_float32 = true;
    if (p.replacement) {
      for (const NewNode& added : p.replacement->nodes)
        note.added.push_back(added.op_type + " " + added.name);
      replaced.insert(n.index);
      plan.edit.replacements.push_back(std::move(*p.replacement));
    }
    plan.notes.push_back(std::move(note));
  }
  if (!plan.edit.replacements.empty()) {
    auto& dead = plan.edit.replacements.front().dead_constants;
    for (int d : left_without_readers(model.main(), plan.edit))
      if (std::find(dead.begin(), dead.end(), d) == dead.end()) dead.push_back(d);
  }
  list_removed_nodes(model.main(), plan);
  return plan;
}

}  // namespace onnx_lint
