#include "analysis/shape_flow.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "analysis/random_ops.h"

namespace onnx_lint {
namespace {

// Where a tensor's values come from, ordered so that max() combines them.
enum class Values : uint8_t { kConst = 0, kShape = 1, kData = 2 };

struct Flow {
  Values values = Values::kData;
  int value_root = -1;  // for kData values derived from a dynamic shape: that shape's root
  int shape_root = -1;  // >= 0: the shape depends on data, because of this root
};

struct ShapeInput {
  int index;
  std::string_view role;
};

// Inputs that decide the output shape of an operator, by opset.
std::vector<ShapeInput> shape_inputs(const Node& n, int64_t opset) {
  const std::string_view op = n.op_type;
  if (op == "Reshape" || op == "Expand") return {{1, "shape"}};
  if (op == "ConstantOfShape") return {{0, "shape"}};
  if (op == "Tile") return {{1, "repeats"}};
  if (op == "Slice" && opset >= 10) return {{1, "starts"}, {2, "ends"}, {3, "axes"}, {4, "steps"}};
  // Pad-18 added `axes` (input 3): which dims the pads apply to.
  if (op == "Pad" && opset >= 18) return {{1, "pads"}, {3, "axes"}};
  if (op == "Pad" && opset >= 11) return {{1, "pads"}};
  // Resize-18's `axes` is an attribute: the shape still comes from scales/sizes.
  if (op == "Resize")
    return opset >= 11 ? std::vector<ShapeInput>{{2, "scales"}, {3, "sizes"}}
                       : std::vector<ShapeInput>{{1, "scales"}};
  if (op == "Upsample" && opset >= 9) return {{1, "scales"}};
  if (op == "Range") return {{0, "start"}, {1, "limit"}, {2, "delta"}};
  if (op == "OneHot") return {{1, "depth"}};
  if (op == "TopK" && opset >= 10) return {{1, "k"}};
  // Split-18's `num_outputs` is an attribute; only a `split` input fed by data
  // makes the sizes dynamic.
  if ((op == "Squeeze" || op == "Unsqueeze" || op == "Split" || op == "ReduceSum") && opset >= 13)
    return {{1, op == "Split" ? "split" : "axes"}};
  if (op.rfind("Reduce", 0) == 0 && opset >= 18) return {{1, "axes"}};
  if (op == "CenterCropPad") return {{1, "shape"}};
  if (op == "MaxUnpool") return {{2, "output_shape"}};
  if (op == "Col2Im") return {{1, "image_shape"}, {2, "block_shape"}};
  return {};
}

bool is_inherent(const Node& n) {
  return n.op_type == "NonZero" || n.op_type == "Unique" || n.op_type == "NonMaxSuppression" ||
         n.op_type == "Compress";
}

bool fully_static(const TensorType* t) {
  if (!t || !t->has_shape) return false;
  for (const Dim& d : t->dims)
    if (!d.is_static()) return false;
  return true;
}

bool same_static_shape(const TensorType* a, const TensorType* b) {
  if (!fully_static(a) || !fully_static(b) || a->dims.size() != b->dims.size()) return false;
  for (size_t i = 0; i < a->dims.size(); ++i)
    if (a->dims[i].value != b->dims[i].value) return false;
  return true;
}

// Combines input value origins: data wins over shapes over constants. A data
// value keeps the dynamic-shape root it was derived from only when no input is
// raw data: raw data makes any shape it feeds a new root.
Flow combine_values(const std::vector<Flow>& in) {
  Flow out{Values::kConst, -1, -1};
  bool raw_data = false;
  int root = -1;
  for (const Flow& f : in) {
    out.values = std::max(out.values, f.values);
    if (f.values != Values::kData) continue;
    if (f.value_root < 0)
      raw_data = true;
    else if (root < 0)
      root = f.value_root;
  }
  if (out.values == Values::kData && !raw_data) out.value_root = root;
  return out;
}

class ShapeFlow {
 public:
  explicit ShapeFlow(const Model& m) : m_(m), flows_(m.graphs.size()), done_(m.graphs.size()) {}

  std::vector<DynamicShapeRoot> run() {
    for (const Graph& g : m_.graphs) {
      // Subgraphs are analysed from their owner node, with the owner's inputs.
      if (g.kind != GraphKind::kSubgraph && !done_[g.id]) analyze(g.id, {});
    }
    // A subgraph whose owner could not reach it (malformed parent links).
    for (const Graph& g : m_.graphs)
      if (!done_[g.id]) analyze(g.id, {});
    return std::move(roots_);
  }

 private:
  // What flows in `name` as `graph` sees it; `id` is its id there, when known.
  Flow lookup(int graph, std::string_view name, TensorId id = kNoTensor) const {
    if (name.empty()) return Flow{Values::kConst, -1, -1};  // an omitted optional input
    if (auto f = known(graph, id)) return *f;
    for (int g = graph; g >= 0; g = m_.graphs[g].parent)
      if (auto f = known(g, m_.graphs[g].id_of(name))) return *f;
    return Flow{};  // unknown name: assume data, a safe default for a dangling input
  }

  // A graph not analysed yet (an enclosing graph of a subgraph no owner
  // reached) knows nothing.
  std::optional<Flow> known(int graph, TensorId id) const {
    const auto& flows = flows_[graph];
    if (id < 0 || static_cast<size_t>(id) >= flows.size() || !flows[id].rest) return std::nullopt;
    return flows[id].unpack();
  }

  void set(const Graph& g, TensorId id, const Flow& flow) {
    if (id >= 0) flows_[g.id][id] = Packed(flow);
  }

  void analyze(int graph_id, const std::vector<Flow>& seeds) {
    done_[graph_id] = true;
    const Graph& g = m_.graphs[graph_id];
    flows_[graph_id].assign(g.tensors.size(), Packed{});
    for (size_t i = 0; i < g.inputs.size(); ++i)
      set(g, g.id_of(g.inputs[i]), i < seeds.size() ? seeds[i] : Flow{});
    for (const auto& [name, index] : g.initializers)
      set(g, g.id_of(name), Flow{Values::kConst, -1, -1});
    for (const Node& n : g.nodes) visit(g, n);
  }

  int new_root(const Graph& g, const Node& n, RootKind kind, std::string_view input,
               std::string_view role) {
    roots_.push_back(
        DynamicShapeRoot{g.id, n.index, kind, std::string(input), std::string(role), 0});
    return static_cast<int>(roots_.size()) - 1;
  }

  void set_outputs(const Graph& g, const Node& n, const Flow& flow) {
    for (size_t k = 0; k < n.outputs.size(); ++k) set(g, g.output_id(n, k), flow);
  }

  std::vector<Flow> subgraph_outputs(int sub) const {
    std::vector<Flow> out;
    for (const auto& name : m_.graphs[sub].outputs) out.push_back(lookup(sub, name));
    return out;
  }

  void visit(const Graph& g, const Node& n) {
    std::vector<Flow> in;
    in.reserve(n.inputs.size());
    for (size_t k = 0; k < n.inputs.size(); ++k)
      in.push_back(lookup(g.id, n.inputs[k], g.input_id(n, k)));

    std::vector<int> subgraphs;
    for (const auto& a : n.attributes)
      subgraphs.insert(subgraphs.end(), a.graphs.begin(), a.graphs.end());
    if (!subgraphs.empty() && n.in_onnx_domain() && n.op_type == "Loop")
      return visit_loop(g, n, in);
    if (!subgraphs.empty() && n.in_onnx_domain() && n.op_type == "If") return visit_if(g, n, in);
    for (int sub : subgraphs)
      if (!done_[sub]) analyze(sub, {});

    Flow out = value_flow(n, in);
    // 1. Operators whose output size is decided by the data itself are roots
    // even downstream of another root: each is its own line of PyTorch to
    // change (two on one line, `x[mask] = y[mask]`, are grouped by the report).
    if (n.in_onnx_domain() && is_inherent(n)) {
      out.shape_root = new_root(g, n, RootKind::kInherent, "", "");
      return set_outputs(g, n, out);
    }
    // 2. A shape that already depends on data flows on: counted for the
    // earliest root it comes from (roots are numbered in graph order), so a
    // root's count is what it makes dynamic that no earlier root did.
    int inherited = -1;
    auto inherit = [&inherited](int root) {
      if (root >= 0 && (inherited < 0 || root < inherited)) inherited = root;
    };
    for (const Flow& f : in) inherit(f.shape_root);
    for (int sub : subgraphs)
      for (const Flow& f : subgraph_outputs(sub)) inherit(f.shape_root);
    if (inherited >= 0) {
      ++roots_[inherited].downstream;
      out.shape_root = inherited;
      return set_outputs(g, n, out);
    }
    // 3. A shape-taking input computed from data.
    if (n.in_onnx_domain()) {
      for (const ShapeInput& si : shape_inputs(n, m_.opset("").value_or(0))) {
        if (si.index >= static_cast<int>(in.size()) || n.inputs[si.index].empty()) continue;
        const Flow& f = in[si.index];
        if (f.values != Values::kData) continue;
        // Type inference may still prove the output shape constant.
        bool all_static = !n.outputs.empty();
        for (const auto& o : n.outputs) all_static = all_static && fully_static(g.type_of(o));
        if (all_static) break;
        if (f.value_root >= 0) {
          ++roots_[f.value_root].downstream;
          out.shape_root = f.value_root;
        } else {
          out.shape_root = new_root(g, n, RootKind::kShapeInput, n.inputs[si.index], si.role);
        }
        break;
      }
    }
    set_outputs(g, n, out);
  }

  Flow value_flow(const Node& n, const std::vector<Flow>& in) const {
    if (!n.in_onnx_domain()) return combine_values(in);
    if (n.op_type == "Constant") return Flow{Values::kConst, -1, -1};
    if (n.op_type == "Shape" || n.op_type == "Size") {
      if (!in.empty() && in[0].shape_root >= 0) return Flow{Values::kData, in[0].shape_root, -1};
      return Flow{Values::kShape, -1, -1};
    }
    if (is_random_op(n)) return Flow{Values::kData, -1, -1};
    return combine_values(in);
  }

  // Does the Loop's output shape depend on how often it runs? Scan outputs
  // do; a carried value does unless the body provably keeps its static shape.
  bool changes_a_shape(const Node& n, int body, size_t carried) const {
    const Graph& b = m_.graphs[body];
    for (size_t k = carried; k < n.outputs.size(); ++k)
      if (!n.outputs[k].empty()) return true;
    for (size_t k = 0; k < carried; ++k) {
      if (2 + k >= b.inputs.size() || 1 + k >= b.outputs.size()) return true;
      if (!same_static_shape(b.type_of(b.inputs[2 + k]), b.type_of(b.outputs[1 + k]))) return true;
    }
    return false;
  }

  // Loop(M, cond, v...) with body(iter, cond_in, v...) -> (cond_out, v..., scans...).
  void visit_loop(const Graph& g, const Node& n, const std::vector<Flow>& in) {
    const Attribute* body_attr = n.attr("body");
    if (!body_attr || body_attr->graphs.empty()) return set_outputs(g, n, combine_values(in));
    const int body = body_attr->graphs[0];
    const bool has_trip = !n.input(0).empty();
    const Flow trip = has_trip ? in[0] : Flow{Values::kConst, -1, -1};
    const Flow cond = in.size() > 1 ? in[1] : Flow{Values::kConst, -1, -1};
    std::vector<Flow> seeds{
        Flow{trip.values == Values::kData ? Values::kData : Values::kShape, trip.value_root, -1},
        cond};
    for (size_t i = 2; i < in.size(); ++i) seeds.push_back(in[i]);
    if (!done_[body]) analyze(body, seeds);
    std::vector<Flow> outs = subgraph_outputs(body);

    // The number of iterations depends on data when the trip count does, or
    // when the condition that ends the loop is computed from data.
    int trip_root = -1;
    const Flow* deciding = nullptr;
    std::string deciding_name;
    std::string_view role;
    if (trip.values == Values::kData) {
      deciding = &trip, deciding_name = n.inputs[0], role = "trip count";
    } else if (!outs.empty() && outs[0].values == Values::kData) {
      deciding = &outs[0], deciding_name = m_.graphs[body].outputs[0], role = "loop condition";
    }
    // A data-driven number of iterations changes a shape only through a scan
    // output (one row per iteration) or a carried value the body reshapes; a
    // Loop that only updates values in place is no dynamic shape.
    if (deciding && !changes_a_shape(n, body, in.size() > 2 ? in.size() - 2 : 0))
      deciding = nullptr;
    if (deciding) {
      if (deciding->value_root >= 0) {
        trip_root = deciding->value_root;
        ++roots_[trip_root].downstream;
      } else {
        trip_root = new_root(g, n, RootKind::kLoopTripCount, deciding_name, role);
      }
    }
    const size_t carried = in.size() > 2 ? in.size() - 2 : 0;
    bool counted = deciding && trip_root >= 0 && roots_[trip_root].node != n.index;
    for (size_t k = 0; k < n.outputs.size(); ++k) {
      if (n.outputs[k].empty()) continue;
      Flow body_out = 1 + k < outs.size() ? outs[1 + k] : Flow{};
      Flow out{body_out.values, body_out.value_root, body_out.shape_root};
      if (k >= carried && trip_root >= 0)
        out.shape_root = trip_root;  // scan outputs: one row per iteration
      if (out.shape_root >= 0 && out.shape_root != trip_root && !counted) {
        ++roots_[out.shape_root].downstream;
        counted = true;
      }
      set(g, g.output_id(n, k), out);
    }
  }

  void visit_if(const Graph& g, const Node& n, const std::vector<Flow>& in) {
    const Attribute* then_attr = n.attr("then_branch");
    const Attribute* else_attr = n.attr("else_branch");
    std::vector<int> branches;
    for (const Attribute* a : {then_attr, else_attr})
      if (a && !a->graphs.empty()) branches.push_back(a->graphs[0]);
    for (int b : branches)
      if (!done_[b]) analyze(b, {});
    const Flow cond = in.empty() ? Flow{} : in[0];
    int root = -1;
    bool counted = false;
    for (size_t k = 0; k < n.outputs.size(); ++k) {
      if (n.outputs[k].empty()) continue;
      Flow out{Values::kConst, -1, -1};
      std::vector<Flow> parts{cond};
      std::vector<const TensorType*> types;
      for (int b : branches) {
        const Graph& bg = m_.graphs[b];
        if (k >= bg.outputs.size()) continue;
        Flow bf = lookup(b, bg.outputs[k]);
        parts.push_back(bf);
        types.push_back(bg.type_of(bg.outputs[k]));
        if (out.shape_root < 0 && bf.shape_root >= 0) out.shape_root = bf.shape_root;
      }
      Flow values = combine_values(parts);
      out.values = values.values;
      out.value_root = values.value_root;
      if (out.shape_root >= 0) {
        if (!counted) ++roots_[out.shape_root].downstream, counted = true;
      } else if (cond.values == Values::kData &&
                 !(types.size() == 2 && same_static_shape(types[0], types[1])) &&
                 !fully_static(g.type_of(n.outputs[k]))) {
        if (cond.value_root >= 0) {
          out.shape_root = cond.value_root;
          if (!counted) ++roots_[out.shape_root].downstream, counted = true;
        } else {
          if (root < 0) root = new_root(g, n, RootKind::kIfCondition, n.inputs[0], "condition");
          out.shape_root = root;
        }
      }
      set(g, g.output_id(n, k), out);
    }
  }

  const Model& m_;
  // A Flow in 8 bytes (optional<Flow> takes 16: 16 MB at a million tensors).
  // Roots are numbered below 2^28: there are fewer nodes in a 2 GiB file.
  struct Packed {
    int32_t value_root = -1;
    uint32_t rest = 0;  // 0: nothing known yet; else shape_root + 1 << 3 | values << 1 | 1
    Packed() = default;
    explicit Packed(const Flow& f)
        : value_root(f.value_root),
          rest(static_cast<uint32_t>(f.shape_root + 1) << 3 | static_cast<uint32_t>(f.values) << 1 |
               1) {}
    Flow unpack() const {
      return Flow{static_cast<Values>(rest >> 1 & 3), value_root, static_cast<int>(rest >> 3) - 1};
    }
  };
  std::vector<std::vector<Packed>> flows_;  // per graph, by TensorId
  std::vector<bool> done_;
  std::vector<DynamicShapeRoot> roots_;
};

}  // namespace

std::vector<DynamicShapeRoot> find_dynamic_shape_roots(const Model& model) {
  std::vector<DynamicShapeRoot> roots = ShapeFlow(model).run();
  std::stable_sort(roots.begin(), roots.end(), [](const auto& a, const auto& b) {
    return std::pair(a.graph, a.node) < std::pair(b.graph, b.node);
  });
  return roots;
}

}  // namespace onnx_lint
