// Loader: file -> ModelProto -> Model. Every failure becomes a one-line error
// value naming the file; nothing past this file sees protobuf or raw bytes.
#include "onnx_lint/loader.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <unordered_map>
#include <deque>
#include <exception>
#include <mutex>
#include <unordered_map>

#include <fmt/format.h>
#include <google/protobuf/arena.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/wire_format_lite.h>
#include <onnx/checker.h>
#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include "tensor_bytes.h"
#include "external_data.h"
#include "mapped_file.h"
#include "skeleton.h"

namespace onnx_lint {
namespace {

using google::protobuf::RepeatedPtrField;

// Protobuf reports parse problems through its global log handler, which prints
// to stderr by default. Route them into the loading thread's error instead.
thread_local std::string* protobuf_log_sink = nullptr;

void capture_protobuf_log(google::protobuf::LogLevel, const char*, int, const std::string& msg) {
  if (protobuf_log_sink && protobuf_log_sink->empty()) *protobuf_log_sink = msg;
}

void install_protobuf_log_handler() {
  static std::once_flag once;
  std::call_once(once, [] { google::protobuf::SetLogHandler(capture_protobuf_log); });
}

LoadResult fail(const std::string& path, const std::string& reason) {
  LoadResult r;
  r.error = fmt::format("{}: {}", path, reason);
  return r;
}

TensorType convert_type(const onnx::TypeProto& type, bool inferred) {
  TensorType t;
  t.inferred = inferred;
  if (!type.has_tensor_type()) return t;  // sequence/map/optional: no element type to check
  const auto& tt = type.tensor_type();
  t.elem_type = tt.elem_type();
  if (tt.has_shape()) {
    t.has_shape = true;
    t.dims.reserve(tt.shape().dim_size());
    for (const auto& d : tt.shape().dim()) {
      Dim dim;
      if (d.has_dim_value()) dim.value = d.dim_value();
      if (d.has_dim_param()) dim.param = d.dim_param();
      t.dims.push_back(std::move(dim));
    }
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
    if (field.number() != 9 || field.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED)
      continue;
    onnx::StringStringEntryProto entry;
    if (entry.ParseFromString(field.length_delimited())) out.emplace_back(entry.key(), entry.value());
  }
  return out;
}

class ModelBuilder {
 public:
  ModelBuilder(Model& model, const LoadOptions& options) : model_(model), options_(options) {}

  // Graphs are converted breadth-first from a queue rather than recursively, so
  // deeply nested subgraphs cannot exhaust the stack.
  void build(const onnx::ModelProto& proto,
             const std::unordered_map<const onnx::GraphProto*, int>& declared_value_info) {
    declared_value_info_ = &declared_value_info;
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
    model_.tensors.push_back(convert_tensor(t, options_.max_inline_tensor_bytes));
    return static_cast<int>(model_.tensors.size()) - 1;
  }

  void convert_nodes(const RepeatedPtrField<onnx::NodeProto>& protos, int graph_id) {
    // Reserve first: nodes are appended to model_.graphs[graph_id] while the
    // vector of graphs itself grows, so always index rather than hold references.
    model_.graphs[graph_id].nodes.reserve(protos.size());
    for (int i = 0; i < protos.size(); ++i) {
      const auto& np = protos.Get(i);
      Node n;
      n.index = i;
      n.name = np.name();
      n.op_type = np.op_type();
      n.domain = np.domain();
      n.doc_string = np.doc_string();
      n.inputs.assign(np.input().begin(), np.input().end());
      n.outputs.assign(np.output().begin(), np.output().end());
      n.metadata = node_metadata(np);
      n.attributes.reserve(np.attribute_size());
      for (const auto& ap : np.attribute()) n.attributes.push_back(convert_attribute(ap, n, graph_id));
      model_.graphs[graph_id].nodes.push_back(std::move(n));
    }
  }

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
    if (ap.has_t()) a.tensor = add_tensor(ap.t());
    const Graph& parent = model_.graphs[graph_id];
    std::string owner_name = owner.name.empty() ? fmt::format("{}#{}", owner.op_type, owner.index)
                                                : owner.name;
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

  void add_types(const RepeatedPtrField<onnx::ValueInfoProto>& infos, int graph_id,
                 int first_inferred) {
    auto& types = model_.graphs[graph_id].types;
    for (int i = 0; i < infos.size(); ++i) {
      const auto& vi = infos.Get(i);
      // Declared types win over inferred ones; the first declaration wins over repeats.
      if (types.find(vi.name()) != types.end()) continue;
      types.emplace(model_.names.add(vi.name()), convert_type(vi.type(), i >= first_inferred));
    }
  }

  void convert_graph(const onnx::GraphProto& gp, int id) {
    model_.graphs[id].name = gp.name();
    convert_nodes(gp.node(), id);
    {
      Graph& g = model_.graphs[id];
      for (const auto& vi : gp.input()) g.inputs.push_back(vi.name());
      for (const auto& vi : gp.output()) g.outputs.push_back(vi.name());
    }
    add_types(gp.input(), id, INT_MAX);
    add_types(gp.output(), id, INT_MAX);
    auto declared = declared_value_info_->find(&gp);
    add_types(gp.value_info(), id,
              declared == declared_value_info_->end() ? INT_MAX : declared->second);
    for (const auto& t : gp.initializer()) {
      int index = add_tensor(t);
      Graph& g = model_.graphs[id];
      const std::string_view name = model_.names.add(t.name());
      g.initializers.try_emplace(name, index);
      if (g.types.find(name) != g.types.end()) continue;
      TensorType type;
      type.elem_type = t.data_type();
      type.has_shape = true;
      for (int64_t d : t.dims()) type.dims.push_back(Dim{d, {}});
      g.types.emplace(name, std::move(type));
    }
  }

  void convert_function(const onnx::FunctionProto& fn, int id) {
    model_.graphs[id].name = fn.name();
    convert_nodes(fn.node(), id);
    Graph& g = model_.graphs[id];
    g.inputs.assign(fn.input().begin(), fn.input().end());
    g.outputs.assign(fn.output().begin(), fn.output().end());
  }

  Model& model_;
  const LoadOptions& options_;
  std::deque<Pending> queue_;
  const std::unordered_map<const onnx::GraphProto*, int>* declared_value_info_ = nullptr;
};

// Every GraphProto in the model with its value_info count before inference, so
// the builder can tell declared types from inferred ones; and the node count.
// Every GraphProto of the model, main graph first, in a fixed order: the same
// structure always lists its graphs in the same order.
std::vector<const onnx::GraphProto*> graphs_in_order(const onnx::ModelProto& proto) {
  std::vector<const onnx::GraphProto*> order;
  std::vector<const onnx::GraphProto*> stack{&proto.graph()};
  while (!stack.empty()) {
    const onnx::GraphProto* g = stack.back();
    stack.pop_back();
    order.push_back(g);
    for (const auto& n : g->node())
      for (const auto& a : n.attribute()) {
        if (a.has_g()) stack.push_back(&a.g());
        for (const auto& sub : a.graphs()) stack.push_back(&sub);
      }
  }
  return order;
}

// libonnx's inference turns some numbers from the file into allocations: a
// ConstantOfShape or Range fed a constant of 2^61 makes a 1-D tensor of that
// length, and Expand's inference then builds a shape of that rank. No exported
// network has a dimension near 2^31, so such a model skips inference instead.
constexpr int64_t kMaxSaneDim = int64_t{1} << 31;

bool dims_sane(const onnx::TypeProto& type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape()) return true;
  for (const auto& d : type.tensor_type().shape().dim())
    if (d.has_dim_value() && (d.dim_value() > kMaxSaneDim || d.dim_value() < 0)) return false;
  return true;
}

// A shape has at most this many dims; ONNX inference makes a tensor fed to a
// shape input into a rank, so a longer 1-D tensor there is an allocation bomb.
constexpr int64_t kMaxShapeLength = 64;

int64_t first_int(const onnx::TensorProto& t) {
  if (t.int64_data_size() > 0) return t.int64_data(0);
  if (t.int32_data_size() > 0) return t.int32_data(0);
  if (t.data_type() == onnx::TensorProto::INT64 && t.raw_data().size() >= 8) {
    int64_t v;
    std::memcpy(&v, t.raw_data().data(), 8);
    return v;
  }
  if (t.data_type() == onnx::TensorProto::INT32 && t.raw_data().size() >= 4) {
    int32_t v;
    std::memcpy(&v, t.raw_data().data(), 4);
    return v;
  }
  return 0;
}

// libonnx 1.12 reads constant payloads during inference trusting their dims
// (ParseData copies dims-many elements from raw_data of any size): a payload
// that disagrees with its dims must never reach it.
bool payload_matches_dims(const onnx::TensorProto& t) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL) return true;  // never parsed
  const int size = element_size(t.data_type());
  if (size == 0) return true;  // strings and unknown types: inference does not parse them
  uint64_t n = 1;
  for (int64_t d : t.dims()) {
    if (d < 0 || (d > 0 && n > (uint64_t{1} << 40) / static_cast<uint64_t>(d))) return false;
    n *= static_cast<uint64_t>(d);
  }
  if (t.has_raw_data()) return t.raw_data().size() == n * static_cast<uint64_t>(size);
  const uint64_t typed = static_cast<uint64_t>(t.float_data_size()) + t.int32_data_size() +
                         t.int64_data_size() + t.double_data_size() + t.uint64_data_size();
  // No payload at all is a tensor the skeleton left in the file: inference sees it empty.
  return typed == 0 || typed == n ||
         (typed == 2 * n && (t.data_type() == onnx::TensorProto::COMPLEX64 ||
                             t.data_type() == onnx::TensorProto::COMPLEX128));
}

// Why inference must not run on this model, or "".
std::string inference_hazard(const onnx::ModelProto& proto) {
  std::vector<const onnx::GraphProto*> stack{&proto.graph()};
  while (!stack.empty()) {
    const onnx::GraphProto* g = stack.back();
    stack.pop_back();
    std::unordered_map<std::string_view, const onnx::TypeProto*> declared;
    for (const auto* list : {&g->input(), &g->output(), &g->value_info()})
      for (const auto& vi : *list) {
        if (!dims_sane(vi.type()))
          return fmt::format("tensor '{}' declares a dimension outside [0, 2^31]", vi.name());
        declared.emplace(vi.name(), &vi.type());
      }
    std::unordered_map<std::string_view, const onnx::TensorProto*> constants;
    std::unordered_map<std::string_view, const onnx::NodeProto*> producer;
    for (const auto& t : g->initializer()) {
      if (!payload_matches_dims(t))
        return fmt::format("initializer '{}' holds a payload that does not match its dims", t.name());
      constants.emplace(t.name(), &t);
    }
    for (const auto& n : g->node()) {
      for (const auto& out : n.output()) producer.emplace(out, &n);
      for (const auto& a : n.attribute()) {
        if (a.has_t() && !payload_matches_dims(a.t()))
          return fmt::format("{} '{}' holds a tensor whose payload does not match its dims",
                             n.op_type(), n.name());
        for (const auto& t : a.tensors())
          if (!payload_matches_dims(t))
            return fmt::format("{} '{}' holds a tensor whose payload does not match its dims",
                               n.op_type(), n.name());
      }
      if (n.op_type() == "Constant" && n.output_size() == 1)
        for (const auto& a : n.attribute())
          if (a.has_t()) constants.emplace(n.output(0), &a.t());
    }
    // The length of a 1-D tensor that will be read as a shape, when it is known.
    auto shape_length = [&](std::string_view name) -> int64_t {
      if (auto c = constants.find(name); c != constants.end())
        return c->second->dims_size() == 1 ? c->second->dims(0) : 0;
      if (auto d = declared.find(name); d != declared.end() && d->second->has_tensor_type()) {
        const auto& shape = d->second->tensor_type().shape();
        if (shape.dim_size() == 1 && shape.dim(0).has_dim_value()) return shape.dim(0).dim_value();
      }
      auto p = producer.find(name);
      if (p == producer.end()) return 0;
      const onnx::NodeProto& n = *p->second;
      if (n.op_type() == "ConstantOfShape" && n.input_size() > 0) {
        auto c = constants.find(n.input(0));
        return c == constants.end() ? 0 : first_int(*c->second);
      }
      if (n.op_type() == "Range" && n.input_size() >= 3) {
        auto a = constants.find(n.input(0)), b = constants.find(n.input(1)),
             step = constants.find(n.input(2));
        if (a == constants.end() || b == constants.end() || step == constants.end()) return 0;
        const int64_t d = first_int(*step->second);
        if (d == 0) return 0;
        const long double len =
            (static_cast<long double>(first_int(*b->second)) - first_int(*a->second)) / d;
        return len > 1e18L ? INT64_MAX : static_cast<int64_t>(len);
      }
      return 0;
    };
    for (const auto& n : g->node()) {
      int slot = -1;
      if (n.op_type() == "Expand" || n.op_type() == "Reshape" || n.op_type() == "Tile") slot = 1;
      if (n.op_type() == "ConstantOfShape") slot = 0;
      if (slot >= 0 && slot < n.input_size() && shape_length(n.input(slot)) > kMaxShapeLength)
        return fmt::format("{} '{}' is given a shape of more than {} dims", n.op_type(), n.name(),
                           kMaxShapeLength);
      for (const auto& a : n.attribute()) {
        if (a.has_g()) stack.push_back(&a.g());
        for (const auto& sub : a.graphs()) stack.push_back(&sub);
      }
    }
  }
  return "";
}

// ONNX type inference fills value_info for intermediate tensors. It is a help,
// not a requirement: a model it rejects is still linted with declared types.
std::string infer_types(onnx::ModelProto& proto) {
  try {
    onnx::ShapeInferenceOptions opts;
    opts.check_type = false;
    opts.error_mode = 0;  // keep going past nodes it cannot infer
    opts.enable_data_propagation = false;
    onnx::shape_inference::InferShapes(proto, onnx::OpSchemaRegistry::Instance(), opts);
    return "";
  } catch (const std::exception& e) {
    std::string msg = e.what();
    auto nl = msg.find('\n');
    return nl == std::string::npos ? msg : msg.substr(0, nl);
  }
}

// The payloads the skeleton left in the file, and external data, are not the
// checker's business (onnx-lint checks external locations itself, without
// opening them). The checker wants exactly one payload for a tensor with
// elements and none for an empty one, so such tensors become empty: it then
// neither complains about missing values nor stat()s paths from the model.
// Type inference has already run, so their shapes are not needed any more.
void detach_tensor_data(onnx::TensorProto& t) {
  const auto& unknown = t.GetReflection()->GetUnknownFields(t);
  bool stripped = false;
  for (int i = 0; i < unknown.field_count(); ++i)
    stripped = stripped || unknown.field(i).number() == kStrippedField;
  if (!stripped && t.data_location() != onnx::TensorProto::EXTERNAL) return;
  t.clear_external_data();
  t.clear_data_location();
  t.GetReflection()->MutableUnknownFields(&t)->Clear();
  t.clear_raw_data();
  t.clear_dims();
  t.add_dims(0);
}

void detach_graph_data(onnx::GraphProto& g);

void detach_node_data(onnx::NodeProto& n) {
  for (auto& a : *n.mutable_attribute()) {
    if (a.has_t()) detach_tensor_data(*a.mutable_t());
    for (auto& t : *a.mutable_tensors()) detach_tensor_data(t);
    if (a.has_g()) detach_graph_data(*a.mutable_g());
    for (auto& sub : *a.mutable_graphs()) detach_graph_data(sub);
  }
}

void detach_graph_data(onnx::GraphProto& g) {
  for (auto& t : *g.mutable_initializer()) detach_tensor_data(t);
  for (auto& n : *g.mutable_node()) detach_node_data(n);
}

// OL000's evidence: the ONNX checker's verdict, when this libonnx can judge.
// OL000's evidence: the checker's first complaint, or "". Empties tensor data first.
std::string check_detached(onnx::ModelProto& proto) {
  detach_graph_data(*proto.mutable_graph());
  for (auto& f : *proto.mutable_functions())
    for (auto& n : *f.mutable_node()) detach_node_data(n);
  try {
    onnx::checker::check_model(proto);
  } catch (const std::exception& e) {
    std::string msg = e.what();
    for (char& c : msg)
      if (c == '\n' || c == '\r') c = ' ';
    return msg.substr(0, 400);
  }
  return "";
}

// --- libonnx in a child process -------------------------------------------
//
// libonnx 1.12's type inference and checker trust the file: fuzzing made them
// divide by zero (a Conv stride of 0), copy from a null pointer and allocate
// without bound. They therefore run in child processes — servers forked once
// and fed one skeleton after another over a socket — with a time limit (and a
// memory limit outside sanitizer builds). A child that crashes or hangs costs
// that model its inferred types and the checker's verdict, with a note, and is
// replaced; onnx-lint itself goes on.

#if defined(__SANITIZE_ADDRESS__)
#define ONNX_LINT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ONNX_LINT_ASAN 1
#endif
#endif

constexpr rlim_t kChildDataBytes = rlim_t{8} << 30;

struct IsolatedResult {
  std::string failure;  // "" when the child answered
  std::string inferred_graph, inference_error, checker_error;
};

IsolatedResult failed(std::string why) {
  IsolatedResult r;
  r.failure = std::move(why);
  return r;
}

bool send_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    // MSG_NOSIGNAL: a dead peer is an error value here, not a SIGPIPE.
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w, n -= static_cast<size_t>(w);
  }
  return true;
}

bool send_frame(int fd, std::string_view bytes) {
  const uint64_t size = bytes.size();
  return send_all(fd, reinterpret_cast<const char*>(&size), sizeof size) &&
         send_all(fd, bytes.data(), bytes.size());
}

// Reads exactly n bytes before the deadline (none when deadline is max()).
bool recv_all(int fd, char* p, size_t n, std::chrono::steady_clock::time_point deadline) {
  while (n > 0) {
    int wait_ms = -1;
    if (deadline != std::chrono::steady_clock::time_point::max()) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      if (left <= 0) return false;
      wait_ms = static_cast<int>(std::min<int64_t>(left, INT_MAX));
    }
    struct pollfd pfd{fd, POLLIN, 0};
    const int ready = poll(&pfd, 1, wait_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    const ssize_t r = ::recv(fd, p, n, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r, n -= static_cast<size_t>(r);
  }
  return true;
}

bool recv_frame(int fd, std::string* out, std::chrono::steady_clock::time_point deadline,
                uint64_t max_size) {
  uint64_t size;
  if (!recv_all(fd, reinterpret_cast<char*>(&size), sizeof size, deadline) || size > max_size)
    return false;
  out->resize(size);
  return recv_all(fd, out->data(), size, deadline);
}

extern "C" void __sanitizer_set_death_callback(void (*)(void)) __attribute__((weak));

// The child: skeleton in, inferred graph and verdicts out, until EOF.
[[noreturn]] void serve(int fd) {
  // A crash here is libonnx's, reported by the parent as a note. Die quietly:
  // without the handlers a sanitizer or fuzzer parent installed, which would
  // report it as the parent's own crash.
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP}) signal(sig, SIG_DFL);
  if (&__sanitizer_set_death_callback != nullptr) __sanitizer_set_death_callback(nullptr);
#ifndef ONNX_LINT_ASAN
  struct rlimit limit{kChildDataBytes, kChildDataBytes};
  setrlimit(RLIMIT_DATA, &limit);
#endif
  const auto forever = std::chrono::steady_clock::time_point::max();
  std::string skeleton, flags;
  while (recv_frame(fd, &skeleton, forever, uint64_t{1} << 31) &&
         recv_frame(fd, &flags, forever, 16)) {
    google::protobuf::Arena arena;
    onnx::ModelProto& proto = *google::protobuf::Arena::CreateMessage<onnx::ModelProto>(&arena);
    google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(skeleton.data()),
                                              static_cast<int>(skeleton.size()));
    in.SetTotalBytesLimit(INT_MAX);
    const bool parsed = proto.ParseFromCodedStream(&in);
    const std::string inference_error = parsed ? infer_types(proto) : "cannot parse the skeleton";
    std::string graph;
    proto.graph().SerializeToString(&graph);
    const std::string checker_error = parsed && flags == "check" ? check_detached(proto) : "";
    if (!send_frame(fd, graph) || !send_frame(fd, inference_error) ||
        !send_frame(fd, checker_error))
      break;
  }
  _exit(0);  // no destructors, no atexit handlers: the parent owns those
}

class InferenceServer {
 public:
  ~InferenceServer() { stop(); }

  bool start(std::string* error) {
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
      *error = std::string("cannot create a socket pair: ") + std::strerror(errno);
      return false;
    }
    pid_ = fork();
    if (pid_ < 0) {
      *error = std::string("cannot fork: ") + std::strerror(errno);
      close(fds[0]);
      close(fds[1]);
      return false;
    }
    if (pid_ == 0) {
      close(fds[0]);
      serve(fds[1]);
    }
    close(fds[1]);
    fd_ = fds[0];
    return true;
  }

  IsolatedResult request(std::string_view skeleton, bool check, int seconds) {
    std::string error;
    if (pid_ <= 0 && !start(&error)) return failed(error);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    IsolatedResult r;
    const bool ok = send_frame(fd_, skeleton) && send_frame(fd_, check ? "check" : "skip") &&
                    recv_frame(fd_, &r.inferred_graph, deadline, uint64_t{1} << 31) &&
                    recv_frame(fd_, &r.inference_error, deadline, 1 << 20) &&
                    recv_frame(fd_, &r.checker_error, deadline, 1 << 20);
    if (ok) return r;
    // Dead or stuck: find out which, and start afresh next time.
    const bool timed_out = std::chrono::steady_clock::now() >= deadline;
    kill(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    close(fd_);
    pid_ = -1;
    fd_ = -1;
    if (!timed_out && WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
      return failed(fmt::format("crashed ({}) in libonnx {}", strsignal(WTERMSIG(status)),
                                ONNX_LINT_LIBONNX_VERSION));
    if (timed_out) return failed(fmt::format("did not finish within {} s", seconds));
    return failed("stopped answering");
  }

 private:
  void stop() {
    if (pid_ <= 0) return;
    close(fd_);  // EOF: the child leaves its loop
    int status;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
};

// Servers are lent to one load at a time; a batch starts them from the main
// thread (see prestart_inference_servers) so no child is forked while other
// threads might hold a lock it would inherit.
class ServerPool {
 public:
  std::unique_ptr<InferenceServer> take() {
    std::lock_guard<std::mutex> lock(mu_);
    if (free_.empty()) return std::make_unique<InferenceServer>();
    auto s = std::move(free_.back());
    free_.pop_back();
    return s;
  }
  void give(std::unique_ptr<InferenceServer> s) {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(s));
  }
  void prestart(size_t n) {
    std::lock_guard<std::mutex> lock(mu_);
    while (free_.size() < n) {
      auto s = std::make_unique<InferenceServer>();
      std::string error;
      if (!s->start(&error)) return;
      free_.push_back(std::move(s));
    }
  }

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<InferenceServer>> free_;
};

ServerPool& server_pool() {
  static ServerPool* pool = new ServerPool;  // never destroyed: children see EOF at exit
  return *pool;
}

IsolatedResult run_isolated(std::string_view skeleton, bool check, int seconds) {
  auto server = server_pool().take();
  IsolatedResult r = server->request(skeleton, check, seconds);
  server_pool().give(std::move(server));
  return r;
}

// The registries libonnx builds on first use, built once in the parent so
// every child shares them instead of rebuilding them (about 6 ms each).
void warm_libonnx() {
  static std::once_flag once;
  std::call_once(once, [] {
    onnx::OpSchemaRegistry::Instance();
    onnx::OpSchemaRegistry::DomainToVersionRange::Instance();
  });
}

LoadResult load_file_bytes(std::shared_ptr<const FileBytes> file, const std::string& path,
                           const LoadOptions& options, bool on_disk) {
  install_protobuf_log_handler();
  const std::string_view bytes = file->view();
  if (bytes.empty()) return fail(path, "empty file (0 bytes); the export did not write a model");
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return fail(path, too_large_message(bytes.size()));

  // Everything but the payloads of large tensors, which stay in the file.
  std::string skeleton, where;
  if (!skeletonize(bytes, options.max_inline_tensor_bytes, &skeleton, &where))
    return fail(path, "not a valid ONNX model: " + where);

  // An arena: a million-node graph is millions of small protobuf objects,
  // which it allocates by bumping a pointer and frees all at once.
  google::protobuf::ArenaOptions arena_options;
  arena_options.start_block_size = 1 << 16;
  arena_options.max_block_size = 1 << 24;
  google::protobuf::Arena arena(arena_options);
  onnx::ModelProto& proto = *google::protobuf::Arena::CreateMessage<onnx::ModelProto>(&arena);
  std::string protobuf_message;
  protobuf_log_sink = &protobuf_message;
  bool parsed;
  {
    google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(skeleton.data()),
                                              static_cast<int>(skeleton.size()));
    in.SetTotalBytesLimit(INT_MAX);
    parsed = proto.ParseFromCodedStream(&in) && in.ConsumedEntireMessage();
  }
  protobuf_log_sink = nullptr;
  if (!parsed) {
    // The wire format is sound (the skeletonizer walked it), so the fields do not fit.
    return fail(path, "not an ONNX model: the bytes are protobuf, but their fields do not match "
                      "ONNX's ModelProto" +
                          (protobuf_message.empty() ? std::string() : " (" + protobuf_message + ")"));
  }
  if (!proto.has_graph()) {
    return fail(path, proto.ir_version() == 0 && proto.opset_import_size() == 0
                          ? "not an ONNX model (the bytes parse as protobuf but hold no ONNX "
                            "fields; is this really an .onnx file?)"
                          : "not an ONNX model: it has no graph");
  }

  Model model;
  model.path = path;
  model.file_size = bytes.size();
  model.file = std::move(file);
  model.ir_version = proto.ir_version();
  for (const auto& o : proto.opset_import()) model.opsets.push_back({o.domain(), o.version()});
  model.producer_name = proto.producer_name();
  model.producer_version = proto.producer_version();
  model.domain = proto.domain();
  model.model_version = proto.model_version();
  model.doc_string = proto.doc_string();
  model.metadata = convert_props(proto.metadata_props());

  int64_t nodes = 0;
  std::vector<int> declared_counts;
  for (const onnx::GraphProto* g : graphs_in_order(proto)) {
    declared_counts.push_back(g->value_info_size());
    nodes += g->node_size();
  }
  // Inference (and the checker with it) runs unless told not to, unless the
  // graph is too large for it in auto mode, and never on hazardous numbers.
  const bool too_large =
      options.infer_types == InferTypes::kAuto && nodes > options.auto_infer_max_nodes;
  bool infer = options.infer_types != InferTypes::kNever && !too_large;
  const std::string hazard = infer ? inference_hazard(proto) : "";
  if (!hazard.empty()) {
    infer = false;
    model.inference_note = "ONNX type inference and the checker skipped: " + hazard +
                           ", which no exported network has (a corrupt or hostile file?)";
  } else if (too_large) {
    model.inference_note = fmt::format(
        "ONNX type inference skipped: {} nodes is over the automatic limit of {}; dtype rules saw "
        "declared types only (--infer-types always to run it)",
        nodes, options.auto_infer_max_nodes);
  }
  if (infer) {
    warm_libonnx();
    const int64_t known =
        onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map().at("").second;
    const bool check = model.opset("").value_or(0) <= known;
    if (!check)
      model.checker_note = fmt::format(
          "the ONNX checker (libonnx {}) knows default-domain opsets up to {}, not {}; skipped",
          ONNX_LINT_LIBONNX_VERSION, known, *model.opset(""));
    IsolatedResult isolated = run_isolated(skeleton, check, options.inference_timeout_seconds);
    onnx::GraphProto* inferred =
        google::protobuf::Arena::CreateMessage<onnx::GraphProto>(proto.GetArena());
    if (isolated.failure.empty() && !inferred->ParseFromString(isolated.inferred_graph))
      isolated.failure = "sent back a graph that does not parse";
    if (!isolated.failure.empty()) {
      model.inference_note = "ONNX type inference and the checker " + isolated.failure +
                             " on this model; it was linted with its declared types only";
      if (check) model.checker_note.clear();
    } else {
      proto.mutable_graph()->Swap(inferred);
      if (!isolated.inference_error.empty())
        model.inference_note = "ONNX type inference stopped (" + isolated.inference_error +
                               "); intermediate tensors without declared types were not checked";
      model.checker_error = isolated.checker_error;
    }
  } else if (too_large) {
    model.checker_note = "the ONNX checker was skipped with type inference";
  }
  skeleton.clear();
  skeleton.shrink_to_fit();
  // Inference only appends value_info, so the graphs keep their order.
  std::unordered_map<const onnx::GraphProto*, int> declared;
  {
    const auto order = graphs_in_order(proto);
    for (size_t i = 0; i < order.size() && i < declared_counts.size(); ++i)
      declared[order[i]] = declared_counts[i];
  }
  ModelBuilder(model, options).build(proto, declared);
  check_external_data(model, on_disk ? path : "");

  LoadResult result;
  result.model = std::move(model);
  return result;
}

}  // namespace

void prestart_inference_servers(size_t n) {
  warm_libonnx();
  server_pool().prestart(n);
}

LoadResult load_model_from_bytes(std::string_view bytes, const std::string& path,
                                 const LoadOptions& options) {
  return load_file_bytes(own_bytes(bytes), path, options, /*on_disk=*/false);
}

LoadResult load_model(const std::string& path, const LoadOptions& options) {
  std::string reason;
  auto file = map_file(path, &reason);
  if (!file) return fail(path, reason);
  return load_file_bytes(std::move(file), path, options, /*on_disk=*/true);
}

}  // namespace onnx_lint
