// The in-memory model every analysis and rule reads. It holds no protobuf:
// the loader is the only code that sees the file's bytes.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace onnx_lint {

/// ONNX TensorProto.DataType values (the numbers are the file format's).
namespace dtype {
inline constexpr int32_t kUndefined = 0, kFloat = 1, kUint8 = 2, kInt8 = 3, kUint16 = 4, kInt16 = 5,
                         kInt32 = 6, kInt64 = 7, kString = 8, kBool = 9, kFloat16 = 10,
                         kDouble = 11, kUint32 = 12, kUint64 = 13, kComplex64 = 14,
                         kComplex128 = 15, kBfloat16 = 16, kFloat8e4m3fn = 17, kFloat8e4m3fnuz = 18,
                         kFloat8e5m2 = 19, kFloat8e5m2fnuz = 20, kUint4 = 21, kInt4 = 22,
                         kFloat4e2m1 = 23, kFloat8e8m0 = 24, kUint2 = 25, kInt2 = 26,
                         kFloat6e2m3 = 27, kFloat6e3m2 = 28;
/// "float32", "uint8", ...; "dtype(N)" for numbers ONNX does not define.
std::string name(int32_t type);
}  // namespace dtype

/// A map keyed by names that live elsewhere: in the graph's nodes, or in the
/// model's StringPool. It never copies a name, so a million-node graph is not
/// a million extra allocations.
/// Open addressing (Abseil): a lookup in a million-name map is one cache miss,
/// not a chain walk. Elements move on rehash: hold no references across inserts.
template <typename T>
using NameMap = absl::flat_hash_map<std::string_view, T>;

/// Owns what views elsewhere point at, in large blocks that never move: a
/// million-node graph is a few hundred blocks, not millions of small strings
/// and vectors, each its own allocation.
template <typename T>
class BlockPool {
 public:
  std::span<const T> add(std::span<const T> items) {
    if (items.empty()) return {};  // before the first block there is nothing to point into
    if (items.size() > capacity_ - used_) {
      // Blocks grow with the model; a run longer than a block gets its own.
      const size_t grow = std::min<size_t>(blocks_.size() / 4, 8);
      const size_t size = std::max<size_t>(items.size(), (size_t{64 << 10} / sizeof(T)) << grow);
      blocks_.push_back(std::make_unique_for_overwrite<T[]>(size));
      used_ = 0;
      capacity_ = size;
    }
    T* p = blocks_.back().get() + used_;
    std::copy(items.begin(), items.end(), p);
    used_ += items.size();
    return {p, items.size()};
  }

 private:
  std::vector<std::unique_ptr<T[]>> blocks_;
  size_t used_ = 0, capacity_ = 0;
};

/// The characters of every name and string a node holds, and of the names
/// NameMaps point at that no node owns (initializers, typed values).
class StringPool {
 public:
  std::string_view add(std::string_view s) {
    const std::span<const char> kept = chars_.add(std::span<const char>(s.data(), s.size()));
    return {kept.data(), kept.size()};
  }

 private:
  BlockPool<char> chars_;
};

/// One dimension: a static size, a symbolic name (dim_param), or unknown.
struct Dim {
  int64_t value = -1;      // >= 0 when static
  std::string_view param;  // dim_param, when symbolic: a view of Model::names
  bool is_static() const { return value >= 0; }
  friend bool operator==(const Dim&, const Dim&) = default;
};

/// A tensor's dims: an immutable list that copies share, so the million
/// tensors of one shape in a long chain keep it once (an op whose output has
/// its input's shape copies the list, not the dims). Reads look like a
/// vector's; a write builds a new list.
class DimList {
 public:
  DimList() = default;
  DimList(std::vector<Dim> dims)  // NOLINT: a vector is a DimList
      : dims_(dims.empty() ? nullptr : std::make_shared<const std::vector<Dim>>(std::move(dims))) {}
  DimList(std::initializer_list<Dim> dims) : DimList(std::vector<Dim>(dims)) {}

  const std::vector<Dim>& vec() const { return dims_ ? *dims_ : empty_list(); }
  operator const std::vector<Dim>&() const { return vec(); }  // NOLINT: read as a vector
  size_t size() const { return vec().size(); }
  bool empty() const { return vec().empty(); }
  const Dim& operator[](size_t i) const { return vec()[i]; }
  const Dim& back() const { return vec().back(); }
  auto begin() const { return vec().begin(); }
  auto end() const { return vec().end(); }

  void clear() { dims_.reset(); }
  void assign(size_t n, const Dim& d) { *this = DimList(std::vector<Dim>(n, d)); }
  /// Dim i becomes d (the list is copied when others share it).
  void set(size_t i, const Dim& d) {
    std::vector<Dim> v = vec();
    v[i] = d;
    *this = DimList(std::move(v));
  }
  friend bool operator==(const DimList& a, const DimList& b) {
    return a.dims_ == b.dims_ || a.vec() == b.vec();
  }

 private:
  static const std::vector<Dim>& empty_list() {
    static const std::vector<Dim> empty;
    return empty;
  }
  std::shared_ptr<const std::vector<Dim>> dims_;
};

/// Element type and (optional) shape of a tensor value.
struct TensorType {
  int32_t elem_type = dtype::kUndefined;
  bool has_shape = false;  // false: rank unknown
  bool inferred = false;   // true: filled by type inference, not written in the file
  DimList dims;
};

/// Where a tensor's bytes live. Rules never see this; they ask the graph for a value.
enum class Storage {
  kInline,    // kept in memory (small tensors)
  kSkipped,   // in the model file but not loaded (large weights)
  kExternal,  // in an external data file, never read by default
};

/// What the loader found out about an external-data location, without opening it.
enum class ExternalCheck {
  kNotExternal,
  kInside,   // a regular file inside the model's directory
  kUnsafe,   // absolute, `..`, or resolving outside the directory: never opened
  kMissing,  // inside the directory, but not there (or not a regular file)
  kShort,    // there, but shorter than the offset + length a tensor needs
};

/// An initializer or a tensor-valued attribute (Constant's `value`, ...).
struct TensorData {
  std::string name;
  int32_t elem_type = dtype::kUndefined;
  std::vector<int64_t> dims;
  Storage storage = Storage::kInline;
  std::string bytes;  // little-endian elements in raw_data layout, when kInline
  // kSkipped: where the payload is in the model file, and in which TensorProto
  // field (9 raw_data, or a packed typed field such as 4 float_data).
  int data_field = 0;
  uint64_t data_offset = 0, data_length = 0;
  std::string external_location;
  int64_t external_offset = 0;
  int64_t external_length = -1;
  ExternalCheck external_check = ExternalCheck::kNotExternal;
  std::string external_problem;  // why kUnsafe / kMissing / kShort, in a few words
  int value_fields = 0;  // how many of TensorProto's data fields hold values (the checker wants 1)
  bool raw = false;      // the values were in raw_data
  int64_t num_elements() const;
};

/// The model file as the load layer left it: mapped, with the payloads of
/// large tensors still in it. The graph layer declares it, the load layer
/// implements it, so a rule can read a skipped weight without protobuf.
class ModelFile {
 public:
  virtual ~ModelFile() = default;
  /// Every byte of the file (for its checksum).
  virtual std::string_view bytes() const = 0;
  /// A kSkipped tensor's payload in raw_data layout (little-endian elements),
  /// or nullopt when the bytes there do not decode as its element type.
  virtual std::optional<std::string> skipped_payload(const TensorData& tensor) const = 0;
};

/// True for the default ONNX domain ("" or "ai.onnx").
inline bool is_onnx_domain(std::string_view domain) {
  return domain.empty() || domain == "ai.onnx";
}

/// A decoded small tensor: what rules get when they ask for a constant's value.
struct TensorValue {
  int32_t elem_type = dtype::kUndefined;
  std::vector<int64_t> dims;
  std::vector<int64_t> ints;   // filled for integer and bool types
  std::vector<double> floats;  // filled for floating types
  size_t size() const { return ints.empty() ? floats.size() : ints.size(); }
};

enum class AttrType {
  kUndefined,
  kFloat,
  kInt,
  kString,
  kTensor,
  kGraph,
  kFloats,
  kInts,
  kStrings,
  kTensors,
  kGraphs,
  kSparseTensor,
  kSparseTensors,
  kTypeProto,
  kTypeProtos
};

struct Attribute {
  std::string name;
  AttrType type = AttrType::kUndefined;
  int64_t i = 0;
  double f = 0;
  std::string s;
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::vector<std::string> strings;
  int tensor = -1;            // index into Model::tensors
  std::vector<int> graphs;    // indexes into Model::graphs (subgraph attributes)
  std::string ref_attr_name;  // in a function body: takes the caller's attribute of this name
};

/// The kind of problem the structural checker found, for words that depend on
/// it (ONNX Runtime loads some invalid models: OL000 says which).
enum class CheckerIssue {
  kOther,
  kOrder,          // an input computed by a later node (not in topological order)
  kGraphName,      // a graph without a name
  kTensorFields,   // a tensor holding its values in more than one data field
  kIrInitializer,  // an IR-3 initializer that is no graph input
  kMetadataKey,    // a metadata_props key given twice
  kNoOpsetImport,  // a node of a domain the model imports no opset for
  kUnknownOp,      // an op its domain does not have at the imported opset
  kAttributeType,  // an attribute of another type than the op's signature
};
struct CheckerFinding {
  CheckerIssue issue = CheckerIssue::kOther;
  std::string op, domain;  // the node's, for the node-level issues
};

/// A tensor's number in its graph's tensor table (Graph::index); -1 for none.
using TensorId = int32_t;
inline constexpr TensorId kNoTensor = -1;

/// Every tensor name a graph mentions, numbered from 0 in the order first met:
/// the names in one array, and a hash set of their numbers that hashes the
/// names they stand for (4 bytes a slot, where a map from names takes 24).
class TensorTable {
 public:
  using Names = std::vector<std::string_view>;
  /// The names by id, and the nodes' tensors (Graph nodes' NameLists index
  /// `edges`): kept on the heap, so views of it stay put when the table moves.
  struct Store {
    Names names;
    std::vector<TensorId> edges;  // per node: its inputs, then its outputs ("": kNoTensor)
  };

  TensorTable()
      : store_(std::make_unique<Store>()), ids_(0, Hash{&store_->names}, Eq{&store_->names}) {}

  TensorId find(std::string_view name) const {
    auto it = ids_.find(name);
    return it == ids_.end() ? kNoTensor : *it;
  }
  /// The name's number, given now when it has none. `name` must outlive the table.
  TensorId add(std::string_view name) {
    return add(name, [](std::string_view n) { return n; });
  }
  /// The same with one lookup, for a name that may not outlive the table:
  /// a new name is numbered as keep(name), a copy that does.
  template <typename Keep>
  TensorId add(std::string_view name, Keep&& keep) {
    return *ids_.lazy_emplace(name, [&](const auto& construct) {
      store_->names.push_back(keep(name));
      construct(static_cast<TensorId>(store_->names.size() - 1));
    });
  }
  /// Brings the slots a lookup of `name` reads into the cache, ahead of it.
  void prefetch(std::string_view name) const { ids_.prefetch(name); }
  std::string_view name(TensorId id) const { return store_->names[static_cast<size_t>(id)]; }
  size_t size() const { return store_->names.size(); }
  void reserve(size_t tensors, size_t edges) {
    store_->names.reserve(tensors);
    store_->edges.reserve(edges);
    ids_.reserve(tensors);
  }
  const Store* store() const { return store_.get(); }
  std::vector<TensorId>& edges() { return store_->edges; }

 private:
  // The set holds numbers; these look their names up, so that a lookup by
  // name finds them (the pointer stays put when the table moves).
  struct Hash {
    using is_transparent = void;
    const Names* names;
    size_t operator()(std::string_view s) const { return absl::Hash<std::string_view>{}(s); }
    size_t operator()(TensorId id) const { return (*this)((*names)[static_cast<size_t>(id)]); }
  };
  struct Eq {
    using is_transparent = void;
    const Names* names;
    std::string_view at(TensorId id) const { return (*names)[static_cast<size_t>(id)]; }
    bool operator()(TensorId a, TensorId b) const { return a == b; }
    bool operator()(TensorId a, std::string_view b) const { return at(a) == b; }
    bool operator()(std::string_view a, TensorId b) const { return a == at(b); }
  };
  std::unique_ptr<Store> store_;
  absl::flat_hash_set<TensorId, Hash, Eq> ids_;
};

/// A node's input or output names: a run of its graph's TensorTable edges,
/// read through the table (a node keeps no list of its own). Reads like a
/// span of string_views; "" marks an omitted optional input.
class NameList {
 public:
  NameList() = default;
  NameList(const TensorTable::Store* store, uint32_t begin, uint32_t size)
      : store_(store), begin_(begin), size_(size) {}

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// The i-th tensor's id (kNoTensor for "").
  TensorId id(size_t i) const { return store_->edges[begin_ + i]; }
  std::string_view operator[](size_t i) const { return name_at(store_, begin_ + i); }
  std::string_view front() const { return (*this)[0]; }
  std::string_view back() const { return (*this)[size_ - 1]; }

  class iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string_view;
    // It points into the table, not at the NameList, which may be a copy
    // that is gone before the iterator is.
    iterator() = default;
    iterator(const TensorTable::Store* store, size_t at) : store_(store), at_(at) {}
    std::string_view operator*() const { return name_at(store_, at_); }
    std::string_view operator[](difference_type k) const { return name_at(store_, at_ + k); }
    iterator& operator++() { return ++at_, *this; }
    iterator operator++(int) { return iterator(store_, at_++); }
    iterator& operator--() { return --at_, *this; }
    iterator operator--(int) { return iterator(store_, at_--); }
    iterator& operator+=(difference_type k) { return at_ += k, *this; }
    iterator& operator-=(difference_type k) { return at_ -= k, *this; }
    iterator operator+(difference_type k) const { return iterator(store_, at_ + k); }
    friend iterator operator+(difference_type k, iterator it) { return it + k; }
    iterator operator-(difference_type k) const { return iterator(store_, at_ - k); }
    difference_type operator-(const iterator& o) const {
      return static_cast<difference_type>(at_) - static_cast<difference_type>(o.at_);
    }
    bool operator==(const iterator& o) const { return at_ == o.at_; }
    auto operator<=>(const iterator& o) const { return at_ <=> o.at_; }

   private:
    const TensorTable::Store* store_ = nullptr;
    size_t at_ = 0;
  };
  iterator begin() const { return iterator(store_, begin_); }
  iterator end() const { return iterator(store_, begin_ + size_); }

 private:
  static std::string_view name_at(const TensorTable::Store* store, size_t at) {
    const TensorId t = store->edges[at];
    return t < 0 ? std::string_view() : store->names[static_cast<size_t>(t)];
  }

  const TensorTable::Store* store_ = nullptr;
  uint32_t begin_ = 0, size_ = 0;
};

/// What few nodes carry, kept apart so the rest do not pay for it: a verbose
/// TorchScript export's doc_string (a stack trace), torch 2.x metadata_props.
struct NodeNotes {
  std::string_view doc_string;
  std::vector<std::pair<std::string, std::string>> metadata;
};

/// A node's strings are views of Model::names, its name lists views of its
/// graph's tensor table, its attributes a view of Model::attribute_lists: a
/// node owns no allocation of its own.
struct Node {
  int index = 0;  // position in its graph
  std::string_view name, op_type, domain;
  NameList inputs, outputs;
  std::span<const Attribute> attributes;  // in Model::attribute_lists
  const NodeNotes* notes = nullptr;       // in Model::node_notes; null when it has none

  std::string_view doc_string() const { return notes ? notes->doc_string : ""; }

  const Attribute* attr(std::string_view name) const;
  int64_t attr_int(std::string_view name, int64_t fallback) const;
  std::string attr_string(std::string_view name, std::string fallback) const;
  /// The i-th input's name, or "" when absent.
  std::string_view input(size_t i) const;
  std::string_view meta(std::string_view key) const;
  /// The op is in the default ONNX domain.
  bool in_onnx_domain() const { return is_onnx_domain(domain); }
  /// "name" when named, else "#index" so every diagnostic can point somewhere.
  std::string display_name() const;
};

struct OpsetImport {
  std::string domain;  // "" is the default ai.onnx domain
  int64_t version = 0;
};

enum class GraphKind { kMain, kSubgraph, kFunction };

/// The main graph, a subgraph (If/Loop/Scan attribute) or a model-local function body.
/// Move-only: its indexes point into its own strings and its Model's pools.
struct Graph {
  Graph() = default;
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  int id = 0;  // index in Model::graphs
  GraphKind kind = GraphKind::kMain;
  std::string path;      // "main", "main/If_3.then_branch", "function:pkg.Foo"
  int parent = -1;       // enclosing graph id (-1 for main and functions)
  int parent_node = -1;  // node index in the parent that owns this subgraph
  int depth = 0;         // subgraph nesting depth
  std::string name;
  std::vector<Node> nodes;
  std::vector<std::string> inputs, outputs;
  // A function's own: its domain, opset imports and attribute names.
  std::string domain;
  std::vector<OpsetImport> opsets;
  std::vector<std::string> attribute_names;
  // Main-graph inputs declared without a type or element type (the checker's).
  std::vector<std::string> incomplete_types;
  std::vector<std::string> sparse_initializers;  // their names
  NameMap<int> initializers;                     // name -> Model::tensors index
  /// The types the file declares (inputs, outputs, value_info, initializers),
  /// by name until index() numbers the tensors and moves them into `types`.
  NameMap<TensorType> declared_types;
  /// Small integer tensors type inference computed from constants and static
  /// shapes (shape arithmetic, constant index tensors); see analysis/value_folding.cc.
  NameMap<TensorValue> folded;

  // The tensor table: the loader numbers the nodes' tensors as it builds them
  // (and their ids in the table's edges), index() the rest once the nodes are final. Every
  // name the graph mentions has a TensorId (0, 1, ... in the order first met),
  // and what is known per tensor lives in vectors indexed by it: a
  // million-tensor graph is a few flat arrays, not a hash map per fact.
  TensorTable tensors;  // views of the names' owners: its nodes, its strings, Model::names
  std::vector<TensorType> types;  // by id: declared, then inferred (see `typed`)
  std::vector<uint8_t> typed;     // by id: 1 when types[id] holds a type
  struct TensorLinks {
    int producer = -1;                       // node index, -1 when no node writes it
    int readers_begin = 0, readers_end = 0;  // its readers: [begin, end) of consumer_list
  };
  std::vector<TensorLinks> links;  // by id
  std::vector<int> consumer_list;
  NameMap<int> input_index;  // graph input name -> position

  void index();
  /// The tensor's id in this graph, kNoTensor when the graph never names it.
  TensorId id_of(std::string_view tensor) const;
  TensorId input_id(const Node& n, size_t k) const { return n.inputs.id(k); }
  TensorId output_id(const Node& n, size_t k) const { return n.outputs.id(k); }
  const Node* producer(std::string_view tensor) const { return producer(id_of(tensor)); }
  const Node* producer(TensorId id) const;
  std::span<const int> consumers(std::string_view tensor) const { return consumers(id_of(tensor)); }
  std::span<const int> consumers(TensorId id) const;
  const TensorType* type_of(std::string_view tensor) const { return type_of(id_of(tensor)); }
  const TensorType* type_of(TensorId id) const {
    const auto i = static_cast<size_t>(id);
    return id >= 0 && i < typed.size() && typed[i] ? &types[i] : nullptr;
  }
  /// The tensor's dims when its type gives them all statically.
  std::optional<std::vector<int64_t>> static_dims(std::string_view tensor) const;
  bool is_graph_input(std::string_view tensor) const;
};

/// The most elements Model::constant decodes for one tensor (a weight-sized
/// tensor is never what a rule needs).
inline constexpr int64_t kMaxLazyElements = int64_t{1} << 24;

/// A loaded model: facts, graphs (graphs[0] is main), tensor data. Move-only.
struct Model {
  Model() = default;
  Model(Model&&) = default;
  Model& operator=(Model&&) = default;
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  std::string path;
  uint64_t file_size = 0;
  int64_t ir_version = 0;
  std::vector<OpsetImport> opsets;
  std::string producer_name, producer_version, domain, doc_string;
  int64_t model_version = 0;
  std::vector<std::pair<std::string, std::string>> metadata;
  std::vector<Graph> graphs;
  std::vector<TensorData> tensors;
  std::string inference_note;  // why type inference was skipped, if it was
  std::string checker_error;   // what the structural checker rejected, first line ("" = accepted)
  CheckerFinding checker_finding;         // what kind of problem checker_error is, and where
  std::string checker_note;               // what the checker could not check, if anything
  std::shared_ptr<const ModelFile> file;  // for reading skipped tensors lazily
  StringPool names;                       // nodes' strings, and NameMap keys no graph owns
  std::deque<NodeNotes> node_notes;       // what Node::notes point to
  std::deque<std::vector<Attribute>> attribute_lists;  // what Node::attributes point to

  const Graph& main() const { return graphs.front(); }
  /// Version imported for a domain ("" and "ai.onnx" are the same domain).
  std::optional<int64_t> opset(std::string_view domain) const;
  size_t node_count() const;
  /// Decoded value of a constant tensor visible from `graph`: an initializer of
  /// it or an enclosing graph, or the output of a Constant node. Tensors whose
  /// bytes were skipped at load time are read from the mapped file here, up to
  /// kMaxLazyElements. nullopt when the tensor is computed, larger than that, or
  /// stored externally.
  std::optional<TensorValue> constant(const Graph& graph, std::string_view tensor) const;
  std::optional<TensorValue> tensor_value(int tensor_index) const;
  /// A tensor's elements as they are stored, in raw_data layout (little-endian),
  /// undecoded: what a scan over a weight reads without a double per element.
  /// Skipped tensors are read from the mapped file, up to kMaxLazyElements;
  /// nullopt for external data, larger tensors, or bytes that do not decode.
  std::optional<std::string> tensor_bytes(int tensor_index) const;
};

}  // namespace onnx_lint
