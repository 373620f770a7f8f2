#include "load/model_builder.h"

#include <fmt/format.h>
#include <google/protobuf/arena.h>
#include <google/protobuf/unknown_field_set.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <array>
#include <climits>
#include <deque>
#include <span>

#include "load/plain_node.h"
#include "load/skeleton.h"
#include "load/tensor_proto.h"

namespace onnx_lint {
namespace {

using google::protobuf::RepeatedPtrField;

TensorType convert_type(const onnx::TypeProto& type, StringPool& names) {
  TensorType t;
  if (!type.has_tensor_type()) return t;  // sequence/map/optional: no element type to check
  const auto& tt = type.tensor_type();
  t.elem_type = tt.elem_type();
  if (tt.has_shape()) {
    t.has_shape = true;
    std::vector<Dim> dims;
    dims.reserve(tt.shape().dim_size());
    for (const auto& d : tt.shape().dim()) {
      Dim dim;
      if (d.has_dim_value()) dim.value = d.dim_value();
      if (d.has_dim_param()) dim.param = names.add(d.dim_param());
      dims.push_back(dim);
    }
    t.dims = std::move(dims);
  }
  return t;
}

std::vector<std::pair<std::string, std::string>> convert_props(
    const RepeatedPtrField<onnx::StringStringEntryProto>& props) {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(props.size());
  for (const auto& p : props) out.emplace_back(p.key(), p.value());
  return out;
}

// NodeProto.metadata_props (field 9) is newer than this libonnx, so protobuf
// keeps it as an unknown field; torch 2.x puts name scopes and stack traces there.
std::vector<std::pair<std::string, std::string>> node_metadata(const onnx::NodeProto& node) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto& unknown = node.GetReflection()->GetUnknownFields(node);
  for (int i = 0; i < unknown.field_count(); ++i) {
    const auto& field = unknown.field(i);
    if (field.number() != 9 ||
        field.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED)
      continue;
    onnx::StringStringEntryProto entry;
    if (entry.ParseFromString(field.length_delimited()))
      out.emplace_back(entry.key(), entry.value());
  }
  return out;
}

class ModelBuilder {
 public:
  ModelBuilder(Model& model, int64_t max_inline_bytes, std::vector<std::string_view> main_nodes,
               google::protobuf::Arena& arena, const FileBytes* file)
      : model_(model),
        max_inline_bytes_(max_inline_bytes),
        main_nodes_(std::move(main_nodes)),
        arena_(&arena),
        file_(file) {}

  std::string error() const { return error_; }

  // Graphs are converted breadth-first from a queue rather than recursively, so
  // deeply nested subgraphs cannot exhaust the stack.
  void build(const onnx::ModelProto& proto) {
    enqueue(&proto.graph(), GraphKind::kMain, "main", -1, -1, 0);
    for (const auto& fn : proto.functions()) enqueue_function(fn);
    while (!queue_.empty()) {
      Pending p = queue_.front();
      queue_.pop_front();
      if (p.function) {
        convert_function(*p.function, p.id);
      } else {
        convert_graph(*p.graph, p.id);
      }
    }
    for (auto& g : model_.graphs) g.index();
  }

 private:
  struct Pending {
    const onnx::GraphProto* graph = nullptr;
    const onnx::FunctionProto* function = nullptr;
    int id = 0;
  };

  int enqueue(const onnx::GraphProto* graph, GraphKind kind, std::string path, int parent,
              int parent_node, int depth) {
    Graph g;
    g.id = static_cast<int>(model_.graphs.size());
    g.kind = kind;
    g.path = std::move(path);
    g.parent = parent;
    g.parent_node = parent_node;
    g.depth = depth;
    model_.graphs.push_back(std::move(g));
    queue_.push_back(Pending{graph, nullptr, model_.graphs.back().id});
    return model_.graphs.back().id;
  }

  void enqueue_function(const onnx::FunctionProto& fn) {
    Graph g;
    g.id = static_cast<int>(model_.graphs.size());
    g.kind = GraphKind::kFunction;
    g.path = fmt::format("function:{}{}{}", fn.domain(), fn.domain().empty() ? "" : ".", fn.name());
    model_.graphs.push_back(std::move(g));
    queue_.push_back(Pending{nullptr, &fn, model_.graphs.back().id});
  }

  int add_tensor(const onnx::TensorProto& t) {
    model_.tensors.push_back(convert_tensor(t, max_inline_bytes_));
    return static_cast<int>(model_.tensors.size()) - 1;
  }

  void convert_nodes(const RepeatedPtrField<onnx::NodeProto>& protos, int graph_id) {
    // Reserve first: nodes are appended to model_.graphs[graph_id] while the
    // vector of graphs itself grows, so always index rather than hold references.
    model_.graphs[graph_id].nodes.reserve(protos.size());
    model_.graphs[graph_id].tensors.reserve(protos.size(), 3 * protos.size());
    for (int i = 0; i < protos.size(); ++i) convert_node(protos.Get(i), i, graph_id);
  }

  // The main graph's nodes, one at a time from the skeletonizer's views: read
  // straight from the bytes when they hold only names, else parsed into one
  // reused message. A node with a subgraph is kept (parsed again into the
  // arena): the queue converts its subgraphs later.
  std::string convert_main_nodes() {
    model_.graphs[0].nodes.reserve(main_nodes_.size());
    // About one output a node, and three tensors a node in all.
    model_.graphs[0].tensors.reserve(main_nodes_.size(), 3 * main_nodes_.size());
    onnx::NodeProto scratch;
    // Each node is read one ahead, and the table slots its outputs will look
    // at are fetched meanwhile: in a million-entry table each is a cache miss.
    PlainNode plain[2];
    bool is_plain[2] = {!main_nodes_.empty() && read_plain_node(main_nodes_[0], plain[0]), false};
    for (size_t i = 0; i < main_nodes_.size(); ++i) {
      const std::string_view bytes = main_nodes_[i];
      const size_t now = i % 2, ahead = 1 - now;
      if (i + 1 < main_nodes_.size()) {
        is_plain[ahead] = read_plain_node(main_nodes_[i + 1], plain[ahead]);
        if (is_plain[ahead])
          for (std::string_view out : plain[ahead].outputs) model_.graphs[0].tensors.prefetch(out);
      }
      // The pages of the nodes built so far go back as the walk goes on.
      if (file_ && i % 4096 == 0) file_->release_pages_before(bytes.data());
      if (is_plain[now]) {
        convert_plain_node(plain[now], static_cast<int>(i));
        continue;
      }
      const int size = static_cast<int>(bytes.size());
      if (!scratch.ParseFromArray(bytes.data(), size))
        return fmt::format("graph.node[{}] does not parse as an ONNX NodeProto", i);
      const bool has_subgraph = std::any_of(
          scratch.attribute().begin(), scratch.attribute().end(),
          [](const onnx::AttributeProto& a) { return a.has_g() || a.graphs_size() > 0; });
      if (!has_subgraph) {
        convert_node(scratch, static_cast<int>(i), 0);
        continue;
      }
      auto* kept = google::protobuf::Arena::CreateMessage<onnx::NodeProto>(arena_);
      kept->ParseFromArray(bytes.data(), size);
      convert_node(*kept, static_cast<int>(i), 0);
    }
    return "";
  }

  // What convert_node makes of a node that has only names.
  void convert_plain_node(const PlainNode& p, int i) {
    Node n;
    n.index = i;
    n.name = model_.names.add(p.name);
    n.op_type = word(p.op_type);
    n.domain = word(p.domain);
    Graph& g = model_.graphs[0];
    n.inputs = tensor_list(p.inputs, g, false);
    n.outputs = tensor_list(p.outputs, g, true);
    if (!p.doc_string.empty())
      n.notes = &model_.node_notes.emplace_back(NodeNotes{model_.names.add(p.doc_string), {}});
    g.nodes.push_back(std::move(n));
  }

  void convert_node(const onnx::NodeProto& np, int i, int graph_id) {
    Node n;
    n.index = i;
    n.name = model_.names.add(np.name());
    n.op_type = word(np.op_type());
    n.domain = word(np.domain());
    Graph& g = model_.graphs[graph_id];  // not held past here: attributes add graphs
    n.inputs = tensor_list(np.input(), g, false);
    n.outputs = tensor_list(np.output(), g, true);
    auto metadata = node_metadata(np);
    if (!np.doc_string().empty() || !metadata.empty())
      n.notes = &model_.node_notes.emplace_back(
          NodeNotes{model_.names.add(np.doc_string()), std::move(metadata)});
    if (np.attribute_size() > 0) {
      std::vector<Attribute> attributes;
      attributes.reserve(np.attribute_size());
      for (const auto& ap : np.attribute())
        attributes.push_back(convert_attribute(ap, n, graph_id));
      n.attributes = model_.attribute_lists.emplace_back(std::move(attributes));
    }
    model_.graphs[graph_id].nodes.push_back(std::move(n));
  }

  // An op type or domain: a few distinct words, each kept once.
  // The last few found are compared first: a graph cycles through a handful.
  std::string_view word(std::string_view s) {
    const size_t known = std::min(next_word_, recent_words_.size());
    for (size_t k = 0; k < known; ++k)
      if (recent_words_[k] == s) return recent_words_[k];
    auto it = words_.find(s);
    if (it == words_.end()) it = words_.emplace(model_.names.add(s), std::string_view()).first;
    const std::string_view kept = it->first;
    recent_words_[next_word_++ % recent_words_.size()] = kept;
    return kept;
  }

  // A node's input or output names, numbered in its graph's tensor table as
  // they come (the table's edges): a name the graph has met is not kept again, so
  // an input is a view of its producer's output name.
  // Most inputs are what one of the last few nodes wrote: those are found by
  // comparing a few short names, not by a lookup in a million-entry table.
  template <typename Names>  // of std::string or std::string_view
  NameList tensor_list(const Names& names, Graph& g, bool outputs) {
    if (recent_.graph != g.id) recent_ = RecentOutputs{g.id};
    std::vector<TensorId>& edges = g.tensors.edges();
    const auto begin = static_cast<uint32_t>(edges.size());
    for (std::string_view name : names) {
      TensorId id = kNoTensor;
      if (!name.empty()) {
        if (!outputs) id = recent_.find(g.tensors, name);
        if (id < 0)
          id = g.tensors.add(name, [&](std::string_view n) { return model_.names.add(n); });
        if (outputs) recent_.add(id);
      }
      edges.push_back(id);
    }
    return NameList(g.tensors.store(), begin, static_cast<uint32_t>(names.size()));
  }

  struct RecentOutputs {
    int graph = -1;
    std::array<TensorId, 8> ids = {kNoTensor, kNoTensor, kNoTensor, kNoTensor,
                                   kNoTensor, kNoTensor, kNoTensor, kNoTensor};
    size_t next = 0;
    TensorId find(const TensorTable& tensors, std::string_view name) const {
      for (TensorId id : ids)
        if (id >= 0 && tensors.name(id) == name) return id;
      return kNoTensor;
    }
    void add(TensorId id) { ids[next++ % ids.size()] = id; }
  };

  Attribute convert_attribute(const onnx::AttributeProto& ap, const Node& owner, int graph_id) {
    Attribute a;
    a.name = ap.name();
    a.type = static_cast<AttrType>(ap.type());
    a.i = ap.i();
    a.f = ap.f();
    a.s = ap.s();
    a.ints.assign(ap.ints().begin(), ap.ints().end());
    a.floats.assign(ap.floats().begin(), ap.floats().end());
    a.strings.assign(ap.strings().begin(), ap.strings().end());
    a.ref_attr_name = ap.ref_attr_name();
    if (ap.has_t()) a.tensor = add_tensor(ap.t());
    const Graph& parent = model_.graphs[graph_id];
    std::string owner_name = owner.name.empty() ? fmt::format("{}#{}", owner.op_type, owner.index)
                                                : std::string(owner.name);
    if (ap.has_g()) {
      a.graphs.push_back(enqueue(&ap.g(), GraphKind::kSubgraph,
                                 fmt::format("{}/{}.{}", parent.path, owner_name, ap.name()),
                                 graph_id, owner.index, parent.depth + 1));
    }
    for (int k = 0; k < ap.graphs_size(); ++k) {
      a.graphs.push_back(enqueue(&ap.graphs(k), GraphKind::kSubgraph,
                                 fmt::format("{}/{}.{}[{}]", parent.path, owner_name, ap.name(), k),
                                 graph_id, owner.index, parent.depth + 1));
    }
    return a;
  }

  void add_types(const RepeatedPtrField<onnx::ValueInfoProto>& infos, int graph_id) {
    auto& types = model_.graphs[graph_id].declared_types;
    for (int i = 0; i < infos.size(); ++i) {
      const auto& vi = infos.Get(i);
      // The first declaration wins over repeats.
      if (types.find(vi.name()) != types.end()) continue;
      types.emplace(model_.names.add(vi.name()), convert_type(vi.type(), model_.names));
    }
  }

  // What the checker wants of a main-graph input that only the proto shows: a
  // type with its element type. (libonnx also wants a shape, on outputs too;
  // ONNX Runtime loads models without, so the checker does not.)
  static bool complete_type(const onnx::ValueInfoProto& vi) {
    if (!vi.has_type()) return false;
    const auto& t = vi.type();
    if (t.has_tensor_type()) return t.tensor_type().has_elem_type();
    if (t.has_sequence_type()) return t.sequence_type().has_elem_type();
    if (t.has_optional_type()) return t.optional_type().has_elem_type();
    if (t.has_map_type()) return t.map_type().has_key_type() && t.map_type().has_value_type();
    if (t.has_sparse_tensor_type()) return t.sparse_tensor_type().has_elem_type();
    return t.value_case() != onnx::TypeProto::VALUE_NOT_SET;
  }

  void convert_graph(const onnx::GraphProto& gp, int id) {
    model_.graphs[id].name = gp.name();
    for (const auto& sp : gp.sparse_initializer())
      model_.graphs[id].sparse_initializers.push_back(sp.values().name());
    if (id == 0) {
      for (const auto& vi : gp.input())
        if (!complete_type(vi)) model_.graphs[id].incomplete_types.push_back(vi.name());
    }
    if (id == 0) {
      if (std::string why = convert_main_nodes(); !why.empty()) error_ = why;
      // Gone before index() adds its arrays: 16 MB at a million nodes.
      std::vector<std::string_view>().swap(main_nodes_);
    } else {
      convert_nodes(gp.node(), id);
    }
    {
      Graph& g = model_.graphs[id];
      for (const auto& vi : gp.input()) g.inputs.push_back(vi.name());
      for (const auto& vi : gp.output()) g.outputs.push_back(vi.name());
    }
    add_types(gp.input(), id);
    add_types(gp.output(), id);
    add_types(gp.value_info(), id);
    for (const auto& t : gp.initializer()) {
      int index = add_tensor(t);
      Graph& g = model_.graphs[id];
      const std::string_view name = model_.names.add(t.name());
      g.initializers.try_emplace(name, index);
      if (g.declared_types.contains(name)) continue;
      TensorType type;
      type.elem_type = t.data_type();
      type.has_shape = true;
      std::vector<Dim> dims;
      for (int64_t d : t.dims()) dims.push_back(Dim{d, {}});
      type.dims = std::move(dims);
      g.declared_types.emplace(name, std::move(type));
    }
  }

  void convert_function(const onnx::FunctionProto& fn, int id) {
    model_.graphs[id].name = fn.name();
    convert_nodes(fn.node(), id);
    Graph& g = model_.graphs[id];
    g.inputs.assign(fn.input().begin(), fn.input().end());
    g.outputs.assign(fn.output().begin(), fn.output().end());
    g.domain = fn.domain();
    for (const auto& o : fn.opset_import()) g.opsets.push_back({o.domain(), o.version()});
    g.attribute_names.assign(fn.attribute().begin(), fn.attribute().end());
  }

  Model& model_;
  int64_t max_inline_bytes_;
  std::vector<std::string_view> main_nodes_;  // the main graph's, set apart by the skeletonizer
  google::protobuf::Arena* arena_;  // where the main graph's nodes with subgraphs are kept
  const FileBytes* file_;           // the mapped file, whose pages the walk gives back
  std::string error_;
  std::deque<Pending> queue_;
  NameMap<std::string_view> words_;  // op types and domains, kept once (the keys)
  std::array<std::string_view, 8> recent_words_;
  size_t next_word_ = 0;
  RecentOutputs recent_;
};

}  // namespace

void read_model_facts(const onnx::ModelProto& proto, Model& model) {
  model.ir_version = proto.ir_version();
  for (const auto& o : proto.opset_import()) model.opsets.push_back({o.domain(), o.version()});
  model.producer_name = proto.producer_name();
  model.producer_version = proto.producer_version();
  model.domain = proto.domain();
  model.model_version = proto.model_version();
  model.doc_string = proto.doc_string();
  model.metadata = convert_props(proto.metadata_props());
}

std::string build_graphs(const onnx::ModelProto& proto, std::vector<std::string_view> main_nodes,
                         google::protobuf::Arena& arena, int64_t max_inline_bytes,
                         const FileBytes* file, Model& model) {
  ModelBuilder builder(model, max_inline_bytes, std::move(main_nodes), arena, file);
  builder.build(proto);
  return builder.error();
}

}  // namespace onnx_lint
