#include "load/libonnx_sandbox.h"

#include <fmt/format.h>
#include <google/protobuf/arena.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/unknown_field_set.h>
#include <onnx/checker.h>
#include <onnx/defs/schema.h>
#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <vector>

#include "load/frames.h"
#include "load/skeleton.h"

namespace onnx_lint::sandbox {
namespace {

// --- what runs in the child -----------------------------------------------

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

// --- the children ---------------------------------------------------------

#if defined(__SANITIZE_ADDRESS__)
#define ONNX_LINT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ONNX_LINT_ASAN 1
#endif
#endif

constexpr rlim_t kChildDataBytes = rlim_t{8} << 30;

Result failed(std::string why) {
  Result r;
  r.failure = std::move(why);
  return r;
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
  struct rlimit limit {
    kChildDataBytes, kChildDataBytes
  };
  setrlimit(RLIMIT_DATA, &limit);
#endif
  std::string skeleton, flags;
  while (recv_frame(fd, &skeleton, kNoDeadline, uint64_t{1} << 31) &&
         recv_frame(fd, &flags, kNoDeadline, 16)) {
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
  ~InferenceServer() {
    close_socket();
    reap();
  }

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

  Result request(std::string_view skeleton, bool check, int seconds) {
    std::string error;
    if (pid_ <= 0 && !start(&error)) return failed(error);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    Result r;
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

  void close_socket() {
    if (fd_ >= 0) close(fd_);  // EOF: the child leaves its loop and exits
    fd_ = -1;
  }

  // Waits for the child; one that does not leave within about a second is
  // killed. The first waits are short: a child told EOF exits in well under a
  // millisecond, and every run pays this wait at exit.
  void reap() {
    if (pid_ <= 0) return;
    int status = 0;
    for (useconds_t wait = 50, waited = 0; waited < 1'000'000; waited += wait, wait *= 2) {
      const pid_t r = waitpid(pid_, &status, WNOHANG);
      if (r == pid_ || (r < 0 && errno != EINTR)) {
        pid_ = -1;
        return;
      }
      usleep(std::min<useconds_t>(wait, 100'000));
    }
    kill(pid_, SIGKILL);
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
};

// Servers are lent to one load at a time.
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
  // A child holds copies of the sockets of the children forked before it, so
  // one sees EOF only when every later one has exited: close every socket
  // first, then wait for each.
  void shutdown() {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& s : free_) s->close_socket();
    for (auto& s : free_) s->reap();
    free_.clear();
  }

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<InferenceServer>> free_;
};

ServerPool& server_pool();

// At exit, before anything else is torn down: end and reap every child.
void shutdown_at_exit() { server_pool().shutdown(); }

ServerPool& server_pool() {
  // Never destroyed (a worker may still hold a server while statics are torn
  // down); its children are ended and reaped by the atexit handler instead.
  static ServerPool* pool = [] {
    std::atexit(shutdown_at_exit);
    return new ServerPool;
  }();
  return *pool;
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

}  // namespace

void prestart(size_t n) {
  warm_libonnx();
  server_pool().prestart(n);
}

Result infer_and_check(std::string_view skeleton, const Limits& limits) {
  warm_libonnx();
  auto server = server_pool().take();
  Result r = server->request(skeleton, limits.check, limits.seconds);
  server_pool().give(std::move(server));
  return r;
}

int64_t checker_max_opset() {
  warm_libonnx();
  return onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map().at("").second;
}

}  // namespace onnx_lint::sandbox
