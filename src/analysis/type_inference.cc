// The driver of type inference: graphs in node order, subgraphs when their
// owner is reached (so outer-scope names are known), model-local functions
// once per distinct call signature. Each node goes through the three steps of
// node_inference.h: element types, shapes, folded values.
#include "analysis/type_inference.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <fmt/format.h>

#include <list>

#include "analysis/node_inference.h"

namespace onnx_lint {
namespace {

// Constant values decoded for one node's step: a list, since pointers to them
// are kept as more are added, and it allocates nothing for a node that reads none.
using Decoded = std::list<std::optional<TensorValue>>;

constexpr int kMaxNesting = 64;  // subgraphs and function calls inside each other
constexpr int64_t kMaxSmallConstant = kMaxFoldedElements;

struct Scope {
  explicit Scope(Graph& g, const Scope* enclosing = nullptr) : graph(g), outer(enclosing) {}
  Graph& graph;
  const Scope* outer = nullptr;
  NameMap<TensorType>* scratch = nullptr;  // a function instantiation's types
  const Node* caller = nullptr;            // the call of a function instantiation
  NameMap<TensorValue> values;             // folded values of this graph's tensors
  int nesting = 0;
};

// Merges what inference found into what is there: declared types win, and
// only a missing element type, shape or dim is filled in.
void merge(TensorType& have, TensorType found) {
  if (have.elem_type == dtype::kUndefined && found.elem_type != dtype::kUndefined) {
    have.elem_type = found.elem_type;
    have.inferred = true;
  }
  if (!found.has_shape) return;
  if (!have.has_shape) {
    have.has_shape = true;
    have.dims = std::move(found.dims);
  } else if (have.dims.size() == found.dims.size()) {
    for (size_t d = 0; d < have.dims.size(); ++d)
      if (!have.dims[d].is_static() && have.dims[d].param.empty() &&
          !(have.dims[d] == found.dims[d]))
        have.dims.set(d, found.dims[d]);
  }
}

bool says_nothing(const TensorType& t) { return t.elem_type == dtype::kUndefined && !t.has_shape; }

// Stores a type found for tensor `id` of `graph`. Returns the tensor's type
// now (nullptr: none).
const TensorType* store(Graph& graph, TensorId id, TensorType found) {
  if (id < 0 || static_cast<size_t>(id) >= graph.types.size()) return nullptr;
  const auto i = static_cast<size_t>(id);
  if (!graph.typed[i]) {
    if (says_nothing(found)) return nullptr;
    found.inferred = true;
    graph.types[i] = std::move(found);
    graph.typed[i] = 1;
  } else {
    merge(graph.types[i], std::move(found));
  }
  return &graph.types[i];
}

// The same for a function instantiation's types, which are kept by name.
const TensorType* store(NameMap<TensorType>& types, std::string_view name, TensorType found) {
  auto it = types.find(name);
  if (it == types.end()) {
    if (says_nothing(found)) return nullptr;
    found.inferred = true;
    return &types.emplace(name, std::move(found)).first->second;
  }
  merge(it->second, std::move(found));
  return &it->second;
}

class Inference {
 public:
  explicit Inference(Model& model) : model_(model) {
    for (Graph& g : model_.graphs)
      if (g.kind == GraphKind::kFunction)
        functions_[std::pair<std::string_view, std::string_view>(g.domain, g.name)] = g.id;
  }

  InferenceCounts run() {
    Scope main{model_.graphs[0]};
    infer_graph(main);
    // Functions no node calls still get their attribute-decided types (a Cast's).
    for (Graph& g : model_.graphs)
      if (g.kind == GraphKind::kFunction && !instantiated_.contains(g.id)) {
        Scope s{g};
        infer_graph(s);
      }
    return counts_;
  }

 private:
  // The type of a name as `s` sees it; `id` is its id in s.graph, when known.
  const TensorType* find_type(const Scope& s, std::string_view name,
                              TensorId id = kNoTensor) const {
    if (id >= 0 && !s.scratch)
      if (const TensorType* t = s.graph.type_of(id)) return t;
    for (const Scope* p = &s; p; p = p->outer) {
      if (p->scratch) {
        auto it = p->scratch->find(name);
        if (it != p->scratch->end()) return &it->second;
        if (p->graph.kind == GraphKind::kFunction)
          return nullptr;  // a function sees no outer scope
        continue;
      }
      if (const TensorType* t = p->graph.type_of(name)) return t;
      if (p->graph.kind == GraphKind::kFunction) return nullptr;
    }
    return nullptr;
  }

  // A folded value, an initializer or a Constant's value, when small.
  const TensorValue* find_value(const Scope& s, std::string_view name, Decoded& decoded) {
    for (const Scope* p = &s; p; p = p->outer) {
      if (auto it = p->values.find(name); it != p->values.end()) return &it->second;
      const Graph& g = p->graph;
      int tensor = -1;
      if (auto it = g.initializers.find(name); it != g.initializers.end())
        tensor = it->second;
      else if (const Node* prod = g.producer(name);
               prod && prod->op_type == "Constant" && prod->in_onnx_domain())
        return constant_node_value(*prod, decoded);
      if (tensor >= 0) {
        if (model_.tensors[tensor].num_elements() > kMaxSmallConstant ||
            model_.tensors[tensor].num_elements() < 0)
          return nullptr;
        decoded.push_back(model_.tensor_value(tensor));
        return decoded.back() ? &*decoded.back() : nullptr;
      }
      if (g.producer(name) || g.is_graph_input(name)) return nullptr;
    }
    return nullptr;
  }

  const TensorValue* constant_node_value(const Node& c, Decoded& decoded) {
    for (const Attribute& a : c.attributes) {
      TensorValue v;
      if (a.name == "value" && a.tensor >= 0) {
        const int64_t count = model_.tensors[a.tensor].num_elements();
        if (count < 0 || count > kMaxSmallConstant) return nullptr;
        decoded.push_back(model_.tensor_value(a.tensor));
        return decoded.back() ? &*decoded.back() : nullptr;
      }
      if (a.name == "value_int") {
        v = TensorValue{dtype::kInt64, {}, {a.i}, {}};
      } else if (a.name == "value_ints" && a.ints.size() <= kMaxFoldedElements) {
        v = TensorValue{dtype::kInt64, {static_cast<int64_t>(a.ints.size())}, a.ints, {}};
      } else if (a.name == "value_float") {
        v = TensorValue{dtype::kFloat, {}, {}, {a.f}};
      } else if (a.name == "value_floats" && a.floats.size() <= kMaxFoldedElements) {
        v = TensorValue{dtype::kFloat, {static_cast<int64_t>(a.floats.size())}, {}, a.floats};
      } else {
        continue;
      }
      decoded.push_back(std::move(v));
      return &*decoded.back();
    }
    return nullptr;
  }

  int64_t opset_for(const Scope& s, std::string_view domain) const {
    const Scope* root = &s;
    while (root->outer) root = root->outer;
    if (root->graph.kind == GraphKind::kFunction)
      for (const OpsetImport& o : root->graph.opsets)
        if (o.domain == domain || (is_onnx_domain(o.domain) && is_onnx_domain(domain)))
          return o.version;
    return model_.opset(domain).value_or(0);
  }

  void infer_graph(Scope& s) {
    if (s.nesting > kMaxNesting) return;
    // A graph's types are a vector by tensor id; a function instantiation's
    // map gets room for every output up front instead of rehashing.
    if (s.scratch) {
      size_t outputs = 0;
      for (const Node& node : s.graph.nodes) outputs += node.outputs.size();
      s.scratch->reserve(s.scratch->size() + outputs);
    }
    for (const Node& node : s.graph.nodes) infer_node(s, node);
  }

  // A function body's node with the caller's attributes in place of references.
  static Node bind_attributes(const Node& node, const Node* caller,
                              std::vector<Attribute>& attributes) {
    for (const Attribute& a : node.attributes) {
      if (a.ref_attr_name.empty()) {
        attributes.push_back(a);
      } else if (const Attribute* given = caller ? caller->attr(a.ref_attr_name) : nullptr) {
        Attribute bound = *given;
        bound.name = a.name;
        attributes.push_back(std::move(bound));
      }
    }
    Node copy = node;
    copy.attributes = attributes;
    return copy;
  }

  // Whether a node's shape or folding may read its inputs' values: most ops
  // only need types, and the lookups are a fifth of inference's time on a
  // large graph. Arithmetic folds integers only.
  static bool reads_values(const Node& node, const TensorType* input) {
    static const absl::flat_hash_set<std::string_view> ops = {"Reshape",
                                                              "Unsqueeze",
                                                              "Squeeze",
                                                              "Slice",
                                                              "Expand",
                                                              "Tile",
                                                              "Pad",
                                                              "Resize",
                                                              "Upsample",
                                                              "Split",
                                                              "TopK",
                                                              "OneHot",
                                                              "ConstantOfShape",
                                                              "Range",
                                                              "Gather",
                                                              "Concat",
                                                              "Cast",
                                                              "Identity",
                                                              "ReduceSum",
                                                              "ReduceMean",
                                                              "ReduceMax",
                                                              "ReduceMin",
                                                              "ReduceProd",
                                                              "ReduceL1",
                                                              "ReduceL2",
                                                              "ReduceLogSum",
                                                              "ReduceLogSumExp",
                                                              "ReduceSumSquare",
                                                              "CenterCropPad",
                                                              "Equal",
                                                              "Where"};
    if (!node.in_onnx_domain()) return false;
    if (ops.contains(node.op_type)) return true;
    const bool arithmetic = node.op_type == "Add" || node.op_type == "Sub" ||
                            node.op_type == "Mul" || node.op_type == "Div";
    return arithmetic && (!input || input->elem_type == dtype::kInt64);
  }

  static bool has_references(const Node& node) {
    for (const Attribute& a : node.attributes)
      if (!a.ref_attr_name.empty()) return true;
    return false;
  }

  void infer_node(Scope& s, const Node& original) {
    std::optional<Node> bound;
    std::vector<Attribute> bound_attributes;  // what `bound` points to
    if (has_references(original)) bound = bind_attributes(original, s.caller, bound_attributes);
    const Node& node = bound ? *bound : original;
    InferNode n{model_, node};
    n.opset = opset_for(s, node.domain);
    n.sig = signatures_.find(node.domain, node.op_type, n.opset);
    Decoded decoded;
    for (size_t k = 0; k < node.inputs.size(); ++k) {
      const std::string_view in = node.inputs[k];
      n.in.push_back(in.empty() ? nullptr : find_type(s, in, s.graph.input_id(original, k)));
      n.val.push_back(in.empty() || !reads_values(node, n.in.back()) ? nullptr
                                                                     : find_value(s, in, decoded));
    }
    n.out.resize(node.outputs.size());
    n.out_val.resize(node.outputs.size());
    counts_.tensors += node.outputs.size();
    infer_subgraphs(s, node, n);
    if (!n.sig && !infer_call(s, node, n)) ++counts_.unknown_ops;
    infer_elem_types(n);
    infer_output_shapes(n);
    if (node.op_type == "If" && node.in_onnx_domain()) if_shapes(n);
    fold_values(n);
    for (size_t k = 0; k < original.outputs.size(); ++k) {
      const std::string_view name = original.outputs[k];
      if (name.empty()) continue;
      const TensorType* t =
          s.scratch ? store(*s.scratch, name, std::move(n.out[k]))
                    : store(s.graph, s.graph.output_id(original, k), std::move(n.out[k]));
      if (t && t->elem_type != dtype::kUndefined) ++counts_.typed;
      if (n.out_val[k]) {
        if (!s.scratch) s.graph.folded.insert_or_assign(name, *n.out_val[k]);
        s.values.insert_or_assign(name, std::move(*n.out_val[k]));
      }
    }
  }

  // If's outputs have a shape when both branches agree on it.
  static void if_shapes(InferNode& n) {
    if (n.branch_outputs.size() != 2) return;
    for (size_t k = 0; k < n.out.size(); ++k) {
      const TensorType* a = k < n.branch_outputs[0].size() ? n.branch_outputs[0][k] : nullptr;
      const TensorType* b = k < n.branch_outputs[1].size() ? n.branch_outputs[1][k] : nullptr;
      if (!a || !b || !a->has_shape || !b->has_shape || a->dims.size() != b->dims.size()) continue;
      std::vector<Dim> dims(a->dims.size());
      for (size_t d = 0; d < dims.size(); ++d) {
        const Dim &x = a->dims[d], &y = b->dims[d];
        if (x.is_static() && y.is_static() && x.value == y.value)
          dims[d] = x;
        else if (!x.is_static() && !y.is_static() && !x.param.empty() && x.param == y.param)
          dims[d] = x;
      }
      n.out[k].has_shape = true;
      n.out[k].dims = std::move(dims);
    }
  }

  void infer_subgraphs(Scope& s, const Node& node, InferNode& n);
  bool infer_call(Scope& s, const Node& node, InferNode& n);
  void seed_body_inputs(Graph& body, const Node& node, const InferNode& n);

  Model& model_;
  absl::flat_hash_map<std::pair<std::string_view, std::string_view>, int> functions_;
  SignatureCache signatures_;
  absl::flat_hash_map<std::string, std::vector<TensorType>> call_cache_;
  absl::flat_hash_map<int, bool> instantiated_;
  absl::flat_hash_set<int> active_;  // functions being instantiated: the recursion guard
  InferenceCounts counts_;
};

// Loop and Scan bodies may leave their inputs undeclared; they follow from the owner.
void Inference::seed_body_inputs(Graph& body, const Node& node, const InferNode& n) {
  auto seed = [&](size_t k, TensorType t) {
    if (k < body.inputs.size()) store(body, body.id_of(body.inputs[k]), std::move(t));
  };
  if (node.op_type == "Loop") {
    seed(0, TensorType{dtype::kInt64, true, true, {}});
    seed(1, TensorType{dtype::kBool, true, true, {}});
    for (size_t k = 2; k < node.inputs.size(); ++k)
      if (const TensorType* t = n.input(k)) seed(k, TensorType{t->elem_type, false, true, {}});
  } else if (node.op_type == "Scan" && n.opset >= 9) {
    const int64_t scans = node.attr_int("num_scan_inputs", 0);
    const size_t states = node.inputs.size() - std::min<size_t>(scans, node.inputs.size());
    for (size_t k = 0; k < node.inputs.size(); ++k)
      if (const TensorType* t = n.input(k)) {
        TensorType e{t->elem_type, false, true, {}};
        if (k < states) e = *t;
        seed(k, e);
      }
  }
}

void Inference::infer_subgraphs(Scope& s, const Node& node, InferNode& n) {
  for (const Attribute& a : node.attributes) {
    for (int id : a.graphs) {
      if (id <= 0 || id >= static_cast<int>(model_.graphs.size())) continue;
      Graph& body = model_.graphs[id];
      if (node.in_onnx_domain()) seed_body_inputs(body, node, n);
      Scope inner{body, &s};
      inner.scratch = nullptr;
      inner.nesting = s.nesting + 1;
      infer_graph(inner);
      std::vector<const TensorType*> outs;
      for (std::string_view o : body.outputs) outs.push_back(find_type(inner, o));
      n.branch_outputs.push_back(std::move(outs));
    }
  }
}

// A call of a model-local function: its body, instantiated with the caller's
// input types and attributes, gives the outputs. Cached per signature.
bool Inference::infer_call(Scope& s, const Node& node, InferNode& n) {
  auto it = functions_.find(std::pair(node.domain, node.op_type));
  if (it == functions_.end()) return false;
  // ONNX forbids recursive functions: one gets unknown outputs, not an instantiation per level.
  if (s.nesting >= kMaxNesting || active_.contains(it->second)) return true;
  Graph& fn = model_.graphs[it->second];
  std::string key = fmt::format("{}|", it->second);
  for (const TensorType* t : n.in) {
    key += t ? fmt::format("{}[", t->elem_type) : "?[";
    if (t && t->has_shape)
      for (const Dim& d : t->dims)
        key += d.is_static() ? fmt::format("{},", d.value) : fmt::format("{},", d.param);
    key += "]";
  }
  for (const Attribute& a : node.attributes) key += a.name + "=" + std::to_string(a.i) + a.s + ";";
  auto cached = call_cache_.find(key);
  if (cached == call_cache_.end()) {
    NameMap<TensorType> scratch;
    for (size_t k = 0; k < fn.inputs.size() && k < n.in.size(); ++k)
      if (n.in[k]) store(scratch, fn.inputs[k], *n.in[k]);
    Scope body{fn};
    body.scratch = &scratch;
    body.caller = &node;
    body.nesting = s.nesting + 1;
    active_.insert(fn.id);
    infer_graph(body);
    active_.erase(fn.id);
    std::vector<TensorType> outs;
    for (std::string_view o : fn.outputs) {
      auto t = scratch.find(o);
      outs.push_back(t != scratch.end() ? t->second : TensorType{});
    }
    // The body keeps the first instantiation's types (what rules report from).
    if (!instantiated_.contains(fn.id))
      for (auto& [name, t] : scratch) store(fn, fn.id_of(name), t);
    instantiated_[fn.id] = true;
    cached = call_cache_.emplace(std::move(key), std::move(outs)).first;
  }
  for (size_t k = 0; k < n.out.size() && k < cached->second.size(); ++k)
    n.out[k] = cached->second[k];
  return true;
}

}  // namespace

InferenceCounts infer_types(Model& model) {
  if (model.graphs.empty()) return {};
  return Inference(model).run();
}

}  // namespace onnx_lint
