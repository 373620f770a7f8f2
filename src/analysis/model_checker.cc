// The checks, in the order a reader meets them: the model, then each graph
// from its inputs through its nodes to its outputs, then the functions.
// Subgraphs are checked when their owner is reached, seeing the names their
// enclosing graphs defined before it.
#include "analysis/model_checker.h"

#include <absl/container/flat_hash_set.h>
#include <fmt/format.h>

#include "analysis/op_signatures.h"
#include "graph/tensor_value.h"

namespace onnx_lint {
namespace {

using NameSet = absl::flat_hash_set<std::string_view>;

// The names defined so far in a graph and the graphs around it. A graph's
// own are marks by TensorId, so a million-node graph is checked without a
// million-name set; a name outside its tensor table is kept by name.
struct Lexical {
  const Graph* graph = nullptr;  // nullptr: the empty scope around the main graph
  const Lexical* outer = nullptr;
  std::vector<uint8_t> defined;  // by TensorId of graph
  NameSet others;

  Lexical(const Graph* g, const Lexical* around) : graph(g), outer(around) {
    if (g) defined.assign(g->tensors.size(), 0);
  }
  // Defined in this graph itself; `id` is the name's id here, when known.
  bool here(std::string_view n, TensorId id = kNoTensor) const {
    if (id < 0 && graph) id = graph->id_of(n);
    return id >= 0 ? defined[static_cast<size_t>(id)] != 0 : others.contains(n);
  }
  bool has(std::string_view n, TensorId id = kNoTensor) const {
    if (here(n, id)) return true;
    for (const Lexical* s = outer; s; s = s->outer)
      if (s->here(n)) return true;
    return false;
  }
  // False when it was already defined here.
  bool insert(std::string_view n, TensorId id = kNoTensor) {
    if (id < 0 && graph) id = graph->id_of(n);
    if (id < 0) return others.insert(n).second;
    uint8_t& mark = defined[static_cast<size_t>(id)];
    const bool fresh = mark == 0;
    mark = 1;
    return fresh;
  }
};

std::string node_label(const Graph& g, const Node& n) {
  return fmt::format("node {} ({}) in {}", n.display_name(), n.op_type, g.path);
}

class Checker {
 public:
  explicit Checker(const Model& model) : model_(model) {
    for (const Graph& g : model.graphs)
      if (g.kind == GraphKind::kFunction)
        functions_.insert(std::pair<std::string_view, std::string_view>(g.domain, g.name));
  }

  CheckResult run() {
    check_model_fields();
    if (error_.empty()) {
      const Lexical top(nullptr, nullptr);
      check_graph(model_.graphs[0], top);
    }
    for (const Graph& g : model_.graphs)
      if (g.kind == GraphKind::kFunction && error_.empty()) check_function(g);
    return {error_, note_, finding_};
  }

 private:
  bool fail(std::string why, CheckerIssue issue = CheckerIssue::kOther, const Node* n = nullptr) {
    if (!error_.empty()) return false;
    error_ = std::move(why);
    finding_.issue = issue;
    if (n) {
      finding_.op = n->op_type;
      finding_.domain = n->domain;
    }
    return false;
  }

  // Every note that applies is kept, one after another.
  void add_note(std::string note) { note_ += (note_.empty() ? "" : "; ") + note; }

  void check_model_fields() {
    if (model_.ir_version <= 0) {
      fail("the model has no ir_version");
      return;
    }
    const int64_t newest_ir = newest_known_ir();
    if (model_.ir_version > newest_ir)
      add_note(fmt::format(
          "IR version {} is newer than onnx-lint's checker knows (up to {}); checked as IR {}",
          model_.ir_version, newest_ir, newest_ir));
    if (model_.ir_version >= 3 && model_.opsets.empty())
      fail(fmt::format("IR version {} needs an opset_import, and the model has none",
                       model_.ir_version));
    if (model_.ir_version < 3 && !model_.opsets.empty())
      fail(fmt::format("IR version {} predates opset_import, yet the model has one",
                       model_.ir_version));
    NameSet keys;
    for (const auto& [k, v] : model_.metadata)
      if (!keys.insert(k).second)
        fail(fmt::format("metadata_props has the key '{}' twice", k), CheckerIssue::kMetadataKey);
    for (const OpsetImport& o : model_.opsets) {
      const int64_t newest = newest_known_opset(o.domain);
      if (newest > 0 && o.version > newest)
        add_note(
            fmt::format("opset {} of {} is newer than onnx-lint's operator table (up to {}); "
                        "its ops were not checked",
                        o.version, o.domain.empty() ? "ai.onnx" : o.domain, newest));
    }
  }

  std::optional<int64_t> opset_of(const Graph& g, std::string_view domain) const {
    const std::vector<OpsetImport>& opsets =
        g.kind == GraphKind::kFunction ? g.opsets : model_.opsets;
    for (const OpsetImport& o : opsets)
      if (o.domain == domain || (is_onnx_domain(o.domain) && is_onnx_domain(domain)))
        return o.version;
    if (model_.ir_version < 3 && is_onnx_domain(domain)) return 1;
    return std::nullopt;
  }

  // The graph a subgraph or function body belongs to, for opset imports.
  const Graph& root_of(const Graph& g) const {
    const Graph* r = &g;
    while (r->parent >= 0 && r->parent < static_cast<int>(model_.graphs.size()))
      r = &model_.graphs[r->parent];
    return *r;
  }

  bool check_tensor(const TensorData& t, std::string_view where) {
    if (t.elem_type == dtype::kUndefined)
      return fail(fmt::format("{} '{}' has no data type", where, t.name));
    if (t.storage == Storage::kExternal) {
      if (t.value_fields != 0)
        return fail(fmt::format("{} '{}' is stored externally and also inline", where, t.name));
      if (t.external_location.empty())
        return fail(
            fmt::format("{} '{}' is stored externally but names no location", where, t.name));
      return true;
    }
    const int64_t n = t.num_elements();
    if (n == 0 && t.value_fields != 0)
      return fail(fmt::format("{} '{}' has 0 elements but carries data", where, t.name));
    if (n != 0 && t.value_fields != 1)
      return fail(fmt::format("{} '{}' must hold its values in exactly one data field, not {}",
                              where, t.name, t.value_fields),
                  CheckerIssue::kTensorFields);
    if (t.raw && t.elem_type == dtype::kString)
      return fail(fmt::format("{} '{}' stores strings in raw_data", where, t.name));
    const int size = element_size(t.elem_type);
    if (t.raw && n > 0 && size > 0) {
      const uint64_t have = t.storage == Storage::kInline ? t.bytes.size() : t.data_length;
      uint64_t want = 0;
      if (__builtin_mul_overflow(static_cast<uint64_t>(n), static_cast<uint64_t>(size), &want) ||
          have != want)
        return fail(fmt::format("{} '{}' has {} bytes of data for {} elements of {} bytes", where,
                                t.name, have, n, size));
    }
    return true;
  }

  void check_graph(const Graph& g, const Lexical& outer) {
    Lexical scope(&g, &outer);
    if (g.name.empty()) {
      fail(fmt::format("graph {} has no name", g.path), CheckerIssue::kGraphName);
      return;
    }
    if (!g.incomplete_types.empty()) {
      fail(fmt::format("graph input '{}' is declared without a type or element type",
                       g.incomplete_types[0]));
      return;
    }
    for (std::string_view in : g.inputs)
      if (!scope.insert(in)) {
        fail(fmt::format("{}: the input name '{}' is used twice", g.path, in));
        return;
      }
    NameSet initializers;
    for (const auto& [name, index] : g.initializers) {
      if (!check_tensor(model_.tensors[index], "initializer")) return;
      if (model_.ir_version <= 3 && !scope.here(name)) {
        fail(fmt::format("initializer '{}' is not a graph input, which IR version {} requires",
                         name, model_.ir_version),
             CheckerIssue::kIrInitializer);
        return;
      }
      scope.insert(name);
    }
    for (const std::string& name : g.sparse_initializers) scope.insert(name);
    if (!check_nodes(g, scope,
                     "a graph input, an initializer nor the output of an earlier node (nodes "
                     "must be in topological order)",
                     " (the graph must be in single static assignment form)"))
      return;
    for (std::string_view out : g.outputs)
      if (!scope.here(out)) {
        fail(fmt::format("{}: graph output '{}' is computed by no node", g.path, out));
        return;
      }
  }

  // Every node in order: each input defined before it (`defined_by` says by
  // what, for the message), the node itself, each output assigned once.
  bool check_nodes(const Graph& g, Lexical& scope, std::string_view defined_by,
                   std::string_view once_note) {
    for (const Node& n : g.nodes) {
      for (size_t k = 0; k < n.inputs.size(); ++k)
        if (const std::string_view in = n.inputs[k];
            !in.empty() && !scope.has(in, g.input_id(n, k)))
          return fail(fmt::format("{}: input '{}' is neither {}", node_label(g, n), in, defined_by),
                      g.producer(in) ? CheckerIssue::kOrder : CheckerIssue::kOther, &n);
      if (!check_node(g, n, scope)) return false;
      for (size_t k = 0; k < n.outputs.size(); ++k) {
        const std::string_view out = n.outputs[k];
        const TensorId id = g.output_id(n, k);
        if (!out.empty() && (scope.has(out, id) || !scope.insert(out, id)))
          return fail(fmt::format("{}: '{}' is assigned a second time{}", node_label(g, n), out,
                                  once_note));
      }
    }
    return true;
  }

  bool check_node(const Graph& g, const Node& n, const Lexical& scope);
  bool check_signature(const Graph& g, const Node& n, const OpSignature& sig);
  bool check_attributes(const Graph& g, const Node& n, const OpSignature& sig);
  bool check_types(const Graph& g, const Node& n, const OpSignature& sig);
  void check_function(const Graph& fn);

  const Model& model_;
  absl::flat_hash_set<std::pair<std::string_view, std::string_view>> functions_;
  SignatureCache signatures_;
  std::string error_, note_;
  CheckerFinding finding_;
};

bool Checker::check_node(const Graph& g, const Node& n, const Lexical& scope) {
  if (n.op_type.empty()) return fail(fmt::format("{}: a node has no op_type", g.path));
  if (n.inputs.empty() && n.outputs.empty())
    return fail(fmt::format("{} has neither inputs nor outputs", node_label(g, n)));
  const auto opset = opset_of(root_of(g), n.domain);
  if (!opset)
    return fail(fmt::format("{}: the model imports no opset for its domain '{}'", node_label(g, n),
                            n.domain),
                CheckerIssue::kNoOpsetImport, &n);
  NameSet seen;
  for (const Attribute& a : n.attributes) {
    if (!seen.insert(a.name).second)
      return fail(fmt::format("{}: attribute '{}' is given twice", node_label(g, n), a.name));
    if (!a.ref_attr_name.empty() && root_of(g).kind != GraphKind::kFunction)
      return fail(
          fmt::format("{}: attribute '{}' refers to a caller's attribute outside a "
                      "function",
                      node_label(g, n), a.name));
    for (int sub : a.graphs)
      if (sub > 0 && sub < static_cast<int>(model_.graphs.size())) {
        check_graph(model_.graphs[sub], scope);
        if (!error_.empty()) return false;
      }
  }
  const bool standard = n.in_onnx_domain() || is_table_domain(n.domain);
  if (!standard || (!functions_.empty() && functions_.contains(std::pair(n.domain, n.op_type))))
    return true;
  if (*opset > newest_known_opset(n.domain)) return true;  // newer than the table: said in the note
  const OpSignature* sig = signatures_.find(n.domain, n.op_type, *opset);
  if (!sig)
    return fail(fmt::format("{}: {} has no {} at opset {}", node_label(g, n),
                            n.in_onnx_domain() ? "ai.onnx" : n.domain, n.op_type, *opset),
                CheckerIssue::kUnknownOp, &n);
  // A version deprecated after a newer one replaced it (GroupNormalization-18,
  // deprecated when -21 came) stays loadable: ONNX Runtime runs it.
  if (sig->deprecated > 0 && *opset >= sig->deprecated) {
    const bool replaced =
        signatures_.find(n.domain, n.op_type, newest_known_opset(n.domain)) != sig;
    if (replaced) return true;  // the changelog keeps no signature for it
    return fail(fmt::format("{}: {} is deprecated from opset {}; the model imports {}",
                            node_label(g, n), n.op_type, sig->deprecated, *opset));
  }
  return check_signature(g, n, *sig) && check_attributes(g, n, *sig) && check_types(g, n, *sig);
}

bool Checker::check_signature(const Graph& g, const Node& n, const OpSignature& sig) {
  const auto [in_lo, in_hi] = sig.input_range();
  const int ins = static_cast<int>(n.inputs.size());
  if (ins < in_lo || (in_hi >= 0 && ins > in_hi))
    return fail(fmt::format("{}: {}-{} takes {} inputs, not {}", node_label(g, n), n.op_type,
                            sig.since,
                            in_hi < 0        ? fmt::format("at least {}", in_lo)
                            : in_lo == in_hi ? std::to_string(in_lo)
                                             : fmt::format("{} to {}", in_lo, in_hi),
                            ins));
  const auto [out_lo, out_hi] = sig.output_range();
  const int outs = static_cast<int>(n.outputs.size());
  if (outs < out_lo || (out_hi >= 0 && outs > out_hi))
    return fail(fmt::format("{}: {}-{} gives {} outputs, not {}", node_label(g, n), n.op_type,
                            sig.since,
                            out_hi < 0         ? fmt::format("at least {}", out_lo)
                            : out_lo == out_hi ? std::to_string(out_lo)
                                               : fmt::format("{} to {}", out_lo, out_hi),
                            outs));
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    const FormalParam* f = sig.input_formal(i);
    if (f && f->presence == Presence::kSingle && n.inputs[i].empty())
      return fail(fmt::format("{}: input {} ('{}') is required but left empty", node_label(g, n), i,
                              f->name));
  }
  return true;
}

bool Checker::check_attributes(const Graph& g, const Node& n, const OpSignature& sig) {
  for (const Attribute& a : n.attributes) {
    const AttrSpec* spec = sig.attr(a.name);
    if (!spec)
      return fail(fmt::format("{}: {}-{} has no attribute '{}'", node_label(g, n), n.op_type,
                              sig.since, a.name));
    if (a.type != AttrType::kUndefined && spec->type != AttrType::kUndefined &&
        a.type != spec->type)
      return fail(fmt::format("{}: attribute '{}' has the wrong type for {}-{}", node_label(g, n),
                              a.name, n.op_type, sig.since),
                  CheckerIssue::kAttributeType, &n);
  }
  for (const AttrSpec& spec : sig.attrs)
    if (spec.need == AttrNeed::kRequired && !n.attr(spec.name))
      return fail(fmt::format("{}: {}-{} requires the attribute '{}'", node_label(g, n), n.op_type,
                              sig.since, spec.name));
  return true;
}

// Each input's element type must be one its formal allows, where it is known.
bool Checker::check_types(const Graph& g, const Node& n, const OpSignature& sig) {
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    if (n.inputs[i].empty()) continue;
    const FormalParam* f = sig.input_formal(i);
    // Its own graph's by id; an enclosing graph's by name.
    const TensorType* t = g.type_of(g.input_id(n, i));
    for (const Graph* s = &g; s && !t; s = s->parent >= 0 ? &model_.graphs[s->parent] : nullptr)
      t = s->type_of(n.inputs[i]);
    if (!f || !t || t->elem_type == dtype::kUndefined) continue;
    const std::string_view word = word_of_dtype(t->elem_type);
    if (word == "undefined") continue;  // a type number onnx-lint does not know
    const TypeConstraint* c = sig.constraint(f->type);
    const bool allowed =
        c ? std::find(c->allowed.begin(), c->allowed.end(), word) != c->allowed.end()
          : f->type == word || f->type.find(':') != std::string::npos || !dtype_of_word(f->type);
    if (!allowed)
      return fail(fmt::format("{}: input {} ('{}') is {}, which {}-{} does not accept there",
                              node_label(g, n), i, n.inputs[i], dtype::name(t->elem_type),
                              n.op_type, sig.since));
  }
  return true;
}

void Checker::check_function(const Graph& fn) {
  NameSet seen;
  for (std::string_view in : fn.inputs)
    if (!seen.insert(in).second) {
      fail(fmt::format("{}: the input name '{}' is used twice", fn.path, in));
      return;
    }
  NameSet outs, attrs;
  for (std::string_view o : fn.outputs)
    if (!outs.insert(o).second) {
      fail(fmt::format("{}: the output '{}' is listed twice", fn.path, o));
      return;
    }
  for (const std::string& a : fn.attribute_names)
    if (!attrs.insert(a).second) {
      fail(fmt::format("{}: the attribute '{}' is listed twice", fn.path, a));
      return;
    }
  Lexical scope(&fn, nullptr);  // a function sees no outer scope
  for (std::string_view in : fn.inputs) scope.insert(in);
  check_nodes(fn, scope, "a function input nor the output of an earlier node", "");
}

}  // namespace

CheckResult check_model(const Model& model) {
  if (model.graphs.empty()) return {"the model has no graph", "", {}};
  return Checker(model).run();
}

}  // namespace onnx_lint
