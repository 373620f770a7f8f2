// The driver of the size analysis: graphs in node order, subgraphs from
// their owner (so outer names resolve), model-local functions once per call
// with the caller's sizes. Each node goes to the op families of sym_state.h;
// an op none of them knows gets what type inference found (static dims as
// sizes that prove nothing, dynamic ones as unknowns).
#include "analysis/sym_shapes.h"

#include <absl/container/flat_hash_map.h>
#include <fmt/format.h>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

#include "analysis/size_constraints.h"
#include "analysis/sym_state.h"

namespace onnx_lint {
namespace {

constexpr int kMaxDepth = 16;            // subgraphs and calls inside each other
constexpr int kMaxInstantiations = 512;  // function bodies analysed per model

class SymAnalysis {
 public:
  explicit SymAnalysis(const Model& m) : m_(m), states_(m.graphs.size()) {
    for (const Graph& g : m_.graphs)
      if (g.kind == GraphKind::kFunction) functions_[{g.domain, g.name}] = g.id;
  }

  std::vector<FrozenSize> run() {
    const Graph& main = m_.main();
    std::vector<SymTensor> seeds;
    for (size_t i = 0; i < main.inputs.size(); ++i) seeds.push_back(input_seed(main, i));
    analyze(main.id, seeds, 0);
    check_outputs(main);
    return solve_constraints(m_, atoms_, constraints_);
  }

 private:
  struct GatherStep {
    int graph, node;
    TensorId data;
    int axis;
    std::optional<int64_t> index;
    SymExpr dim;
  };

  // A main-graph input: static dims as declared, every other dim an unknown.
  SymTensor input_seed(const Graph& g, size_t i) {
    const std::string& name = g.inputs[i];
    SymTensor t;
    if (g.initializers.contains(name)) return initializer(g, name, g.initializers.at(name));
    const TensorType* type = g.type_of(name);
    if (!type || !type->has_shape) return t;
    t.ranked = true;
    for (size_t d = 0; d < type->dims.size(); ++d) {
      const Dim& dim = type->dims[d];
      if (dim.is_static()) {
        t.dims.push_back(const_dim(dim.value, Origin::kDeclared));
      } else {
        const int axis = static_cast<int>(d);
        t.dims.push_back(
            SymDim{SymExpr::atom(dim.param.empty() ? atoms_.unnamed_dim(name, axis)
                                                   : atoms_.named_dim(dim.param, name, axis))});
      }
    }
    return t;
  }

  SymTensor initializer(const Graph& g, std::string_view name, int index) {
    const TensorData& data = m_.tensors[static_cast<size_t>(index)];
    const bool weight = weight_tensor(m_, g, name, index);
    SymTensor t;
    t.ranked = true;
    for (int64_t d : data.dims) {
      SymDim dim = const_dim(d, weight ? Origin::kWeight : Origin::kLiteral);
      if (weight) dim.tensor = index;
      t.dims.push_back(dim);
    }
    fill_value(t, m_.tensor_value(index), -1);
    return t;
  }

  // The stored tensor `name` is in `graph` (or an enclosing one): its id in pool_, or -1.
  int32_t lookup_id(int graph, std::string_view name, TensorId id) const {
    if (name.empty()) return -1;
    if (id >= 0 && static_cast<size_t>(id) < states_[graph].size() && states_[graph][id] >= 0)
      return states_[graph][id];
    const Graph& g = m_.graphs[graph];
    if (g.kind == GraphKind::kFunction || g.parent < 0) return -1;
    const Graph& outer = m_.graphs[g.parent];
    return lookup_id(outer.id, name, outer.id_of(name));
  }

  const SymTensor* lookup(int graph, std::string_view name, TensorId id) const {
    const int32_t k = lookup_id(graph, name, id);
    return k >= 0 ? &pool_[static_cast<size_t>(k)] : nullptr;
  }

  // Stores a tensor that says something; its id (-1 for nothing).
  int32_t keep(SymTensor t) {
    if (!t.ranked && !t.has_value) return -1;
    pool_.push_back(std::move(t));
    return static_cast<int32_t>(pool_.size() - 1);
  }

  void analyze(int graph_id, const std::vector<SymTensor>& seeds, int depth) {
    const Graph& g = m_.graphs[graph_id];
    states_[graph_id].assign(g.tensors.size(), -1);
    for (const auto& [name, index] : g.initializers) {
      const TensorId id = g.id_of(name);
      if (id >= 0) states_[graph_id][id] = keep(initializer(g, name, index));
    }
    for (size_t i = 0; i < g.inputs.size() && i < seeds.size(); ++i) {
      const TensorId id = g.id_of(g.inputs[i]);
      if (id >= 0 && (seeds[i].ranked || seeds[i].has_value))
        states_[graph_id][id] = keep(seeds[i]);
    }
    for (const Node& n : g.nodes) visit(g, n, depth);
    find_loops(g);
  }

  void visit(const Graph& g, const Node& n, int depth) {
    SymOutputs out(n.outputs.size());
    SymStep step{m_, g, n, m_.opset(n.domain).value_or(0), {}, out, atoms_, constraints_, {}};
    absl::InlinedVector<int32_t, 4> in_ids;
    for (size_t k = 0; k < n.inputs.size(); ++k) {
      in_ids.push_back(lookup_id(g.id, n.inputs[k], g.input_id(n, k)));
      step.in.push_back(in_ids.back() >= 0 ? &pool_[static_cast<size_t>(in_ids.back())] : nullptr);
    }
    if (out.empty()) {
      // Nothing to size (a malformed node): only its subgraphs' requirements.
    } else if (n.in_onnx_domain()) {
      if (n.op_type == "If" || n.op_type == "Loop" || n.op_type == "Scan") {
        visit_subgraphs(n, step, depth);
      } else {
        sym_values(step) || sym_elementwise(step) || sym_layout(step) || sym_slicing(step) ||
            sym_indexing(step) || sym_nn(step);
      }
    } else if (auto f = functions_.find({std::string(n.domain), std::string(n.op_type)});
               f != functions_.end()) {
      call_function(f->second, step, depth);
    }
    for (size_t k = 0; k < out.size(); ++k) {
      const TensorId id = g.output_id(n, k);
      if (id < 0) continue;
      const int same = k < step.same_as.size() ? step.same_as[k] : -1;
      if (same >= 0 && static_cast<size_t>(same) < in_ids.size() && in_ids[same] >= 0) {
        states_[g.id][id] = in_ids[same];
        continue;
      }
      if (!out[k].ranked) fallback(g, n.outputs[k], out[k]);
      states_[g.id][id] = keep(std::move(out[k]));
    }
    if (n.in_onnx_domain() && n.op_type == "Gather") note_gather(g, n, step);
  }

  // What type inference found, where the analysis found nothing: static
  // dims prove nothing (kFixed), a named dim is that dim's atom.
  void fallback(const Graph& g, std::string_view name, SymTensor& t) {
    const TensorType* type = g.type_of(name);
    if (!type || !type->has_shape) return;
    t.ranked = true;
    t.dims.clear();
    for (const Dim& d : type->dims) {
      if (d.is_static()) {
        t.dims.push_back(const_dim(d.value, Origin::kFixed));
      } else if (auto a = d.param.empty() ? std::nullopt : atoms_.find_named(d.param)) {
        t.dims.push_back(SymDim{SymExpr::atom(*a)});
      } else {
        t.dims.push_back(SymDim{SymExpr::atom(atoms_.unknown())});
      }
    }
  }

  // If: both branches in the enclosing scope; an output whose branches agree
  // is that size. Loop/Scan: the body with its carried values' sizes; what
  // leaves it is left to fallback (a loop's count is its own business).
  bool visit_subgraphs(const Node& n, SymStep& step, int depth) {
    if (depth >= kMaxDepth) return false;
    std::vector<int> bodies;
    for (const Attribute& a : n.attributes)
      bodies.insert(bodies.end(), a.graphs.begin(), a.graphs.end());
    for (int b : bodies) {
      if (b < 0 || b >= static_cast<int>(m_.graphs.size())) return false;
      std::vector<SymTensor> seeds;
      const Graph& body = m_.graphs[b];
      if (n.op_type == "Loop") {
        seeds.resize(2);  // iteration number, condition
        for (size_t k = 2; k < step.in.size(); ++k)
          seeds.push_back(step.in[k] ? *step.in[k] : SymTensor{});
      }
      seeds.resize(body.inputs.size());
      analyze(b, seeds, depth + 1);
    }
    if (n.op_type != "If" || bodies.size() != 2) return false;
    for (size_t k = 0; k < step.out.size(); ++k) {
      const Graph& then_g = m_.graphs[bodies[0]];
      const Graph& else_g = m_.graphs[bodies[1]];
      if (k >= then_g.outputs.size() || k >= else_g.outputs.size()) continue;
      const SymTensor* a = lookup(then_g.id, then_g.outputs[k], then_g.id_of(then_g.outputs[k]));
      const SymTensor* b = lookup(else_g.id, else_g.outputs[k], else_g.id_of(else_g.outputs[k]));
      if (!a || !b || !a->ranked || !b->ranked || a->dims.size() != b->dims.size()) continue;
      SymTensor t;
      t.ranked = true;
      for (size_t d = 0; d < a->dims.size(); ++d)
        t.dims.push_back(a->dims[d].e == b->dims[d].e ? a->dims[d] : SymDim{step.unknown()});
      step.out[k] = std::move(t);
    }
    return true;
  }

  bool call_function(int fid, SymStep& step, int depth) {
    if (depth >= kMaxDepth || ++instantiations_ > kMaxInstantiations) return false;
    const Graph& f = m_.graphs[fid];
    std::vector<SymTensor> seeds;
    for (size_t k = 0; k < f.inputs.size(); ++k)
      seeds.push_back(step.input(k) ? *step.input(k) : SymTensor{});
    analyze(fid, seeds, depth + 1);
    for (size_t k = 0; k < step.out.size() && k < f.outputs.size(); ++k)
      if (const SymTensor* t = lookup(fid, f.outputs[k], f.id_of(f.outputs[k]))) step.out[k] = *t;
    return true;
  }

  // Gather of one constant row of a dynamic axis: a step of an unrolled loop.
  void note_gather(const Graph& g, const Node& n, const SymStep& step) {
    const SymTensor* data = step.ranked(0);
    const SymTensor* idx = step.input(1);
    if (!data || !idx || !idx->has_value || !idx->scalar || idx->value.size() != 1) return;
    const auto index = idx->value[0].e.constant_value();
    const auto axis = sym_axis(n.attr_int("axis", 0), data->dims.size());
    if (!index || !axis || data->dims[*axis].e.is_constant()) return;
    if (!atoms_.bases(data->dims[*axis].e)) return;
    gathers_.push_back(
        {g.id, n.index, g.input_id(n, 0), static_cast<int>(*axis), *index, data->dims[*axis].e});
  }

  // Rows 0..k-1 (k >= 2) of one dynamic axis, each taken by its own Gather:
  // a Python loop `for i in range(x.size(0))` the trace unrolled k times.
  void find_loops(const Graph& g) {
    std::map<std::pair<TensorId, int>, std::vector<const GatherStep*>> groups;
    for (const GatherStep& s : gathers_)
      if (s.graph == g.id) groups[{s.data, s.axis}].push_back(&s);
    for (const auto& [key, steps] : groups) {
      std::set<int64_t> rows;
      for (const GatherStep* s : steps) rows.insert(*s->index >= 0 ? *s->index : -1);
      const int64_t k = static_cast<int64_t>(rows.size());
      if (k < 2 || *rows.begin() != 0 || *rows.rbegin() != k - 1) continue;
      SizeConstraint c;
      c.kind = ConstraintKind::kLoop;
      c.graph = g.id;
      c.node = loop_anchor(g, steps);
      c.lhs = steps[0]->dim;
      c.rhs = SymExpr::constant(k);
      c.fixed = const_dim(k, Origin::kLiteral, c.node);
      c.axis = key.second;
      c.tensor = std::string(g.tensors.name(key.first));
      constraints_.push_back(std::move(c));
    }
    std::erase_if(gathers_, [&](const GatherStep& s) { return s.graph == g.id; });
  }

  // The first node that the loop's Gathers all reach within a few steps (the
  // Concat of `torch.stack`, the Add of a sum), else the last Gather.
  int loop_anchor(const Graph& g, const std::vector<const GatherStep*>& steps) const {
    std::map<int, size_t> reached;
    for (const GatherStep* s : steps) {
      std::set<int> seen;
      std::vector<int> frontier{s->node};
      for (int hop = 0; hop < 6 && !frontier.empty(); ++hop) {
        std::vector<int> next;
        for (int node : frontier)
          for (const auto& out : g.nodes[node].outputs)
            for (int c : g.consumers(out))
              if (seen.insert(c).second) next.push_back(c);
        frontier = std::move(next);
      }
      for (int node : seen) ++reached[node];
    }
    for (const auto& [node, count] : reached)
      if (count >= steps.size()) return node;
    int last = steps[0]->node;
    for (const GatherStep* s : steps) last = std::max(last, s->node);
    return last;
  }

  // A main-graph output declared dynamic whose size the graph fixes.
  void check_outputs(const Graph& main) {
    for (const std::string& name : main.outputs) {
      const TensorId id = main.id_of(name);
      const TensorType* declared = main.type_of(id);
      if (id < 0 || !declared || !declared->has_shape || declared->inferred) continue;
      if (states_[main.id][id] < 0) continue;
      const SymTensor& t = pool_[static_cast<size_t>(states_[main.id][id])];
      if (!t.ranked || t.dims.size() != declared->dims.size()) continue;
      for (size_t d = 0; d < t.dims.size(); ++d) {
        const Dim& want = declared->dims[d];
        const SymDim& got = t.dims[d];
        if (want.is_static() || got.origin != Origin::kLiteral || !got.e.is_constant()) continue;
        auto atom = want.param.empty() ? std::nullopt : atoms_.find_named(want.param);
        if (!atom) continue;  // a name no input declares: nothing to hold it against
        SizeConstraint c;
        c.kind = ConstraintKind::kOutput;
        c.graph = main.id;
        c.node = got.node >= 0 ? got.node : (main.producer(id) ? main.producer(id)->index : -1);
        if (c.node < 0) continue;
        c.lhs = SymExpr::atom(*atom);
        c.rhs = got.e;
        c.fixed = got;
        c.axis = static_cast<int>(d);
        c.tensor = name;
        constraints_.push_back(std::move(c));
      }
    }
  }

  const Model& m_;
  AtomTable atoms_;
  std::vector<SizeConstraint> constraints_;
  // What is known of each tensor: per graph, by TensorId, an id in pool_ (-1:
  // nothing); tensors of one shape share an entry.
  std::vector<std::vector<int32_t>> states_;
  std::deque<SymTensor> pool_;
  std::map<std::pair<std::string, std::string>, int> functions_;
  std::vector<GatherStep> gathers_;
  int instantiations_ = 0;
};

// Sizes can only freeze where something is free: a dynamic input dim, or a
// size the data decides.
bool anything_free(const Model& m) {
  const Graph& main = m.main();
  for (const std::string& name : main.inputs) {
    if (main.initializers.contains(name)) continue;
    const TensorType* t = main.type_of(name);
    if (!t || !t->has_shape) continue;
    for (const Dim& d : t->dims)
      if (!d.is_static()) return true;
  }
  for (const Graph& g : m.graphs)
    for (const Node& n : g.nodes)
      if (n.op_type == "NonZero" || n.op_type == "Unique" || n.op_type == "NonMaxSuppression" ||
          n.op_type == "Compress")
        return true;
  return false;
}

}  // namespace

std::vector<FrozenSize> find_frozen_sizes(const Model& model) {
  if (model.graphs.empty() || !anything_free(model)) return {};
  return SymAnalysis(model).run();
}

}  // namespace onnx_lint
