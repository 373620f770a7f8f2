// Loader: file -> skeleton -> ModelProto -> Model. Every failure becomes a
// one-line error value naming the file; nothing past src/load sees protobuf.
// Types are inferred and the model checked above this layer (src/analysis).
#include "onnx_lint/loader.h"

#include <fmt/format.h>
#include <google/protobuf/arena.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/logging.h>
#include <onnx/onnx_pb.h>

#include <algorithm>
#include <climits>
#include <mutex>

#include "load/external_data.h"
#include "load/mapped_file.h"
#include "load/model_builder.h"
#include "load/skeleton.h"

namespace onnx_lint {
namespace {

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

// Why bytes that are no protobuf are no model, in the words of what they are:
// a Git LFS pointer (the repository was cloned without `git lfs pull`), a
// text file (an error page, a README saved as .onnx), or broken protobuf.
std::string not_a_model(std::string_view bytes, const std::string& where) {
  if (bytes.starts_with("version https://git-lfs.github.com/spec/"))
    return fmt::format(
        "this is a Git LFS pointer ({} bytes), not the model: the repository was cloned "
        "without its LFS files; run `git lfs pull` (or `git lfs fetch && git lfs checkout`)",
        bytes.size());
  const std::string_view head = bytes.substr(0, 512);
  const bool text = std::all_of(head.begin(), head.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 || c == '\n' || c == '\r' || c == '\t';
  });
  if (text) {
    std::string start(head.substr(0, std::min<size_t>(head.find('\n'), 60)));
    for (char& c : start)
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';  // shown as is: ASCII only
    return fmt::format("this is a text file, not an ONNX model (it starts with \"{}\")", start);
  }
  return "not a valid ONNX model: " + where;
}

// Parses the skeleton into `proto`; "" or why the bytes are not an ONNX model.
std::string parse_skeleton(const std::string& skeleton, onnx::ModelProto& proto) {
  std::string protobuf_message;
  protobuf_log_sink = &protobuf_message;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(skeleton.data()),
                                            static_cast<int>(skeleton.size()));
  in.SetTotalBytesLimit(INT_MAX);
  const bool parsed = proto.ParseFromCodedStream(&in) && in.ConsumedEntireMessage();
  protobuf_log_sink = nullptr;
  if (!parsed) {
    // The wire format is sound (the skeletonizer walked it), so the fields do not fit.
    return "not an ONNX model: the bytes are protobuf, but their fields do not match ONNX's "
           "ModelProto" +
           (protobuf_message.empty() ? std::string() : " (" + protobuf_message + ")");
  }
  if (!proto.has_graph()) {
    return proto.ir_version() == 0 && proto.opset_import_size() == 0
               ? "not an ONNX model (the bytes parse as protobuf but hold no ONNX fields; is "
                 "this really an .onnx file?)"
               : "not an ONNX model: it has no graph";
  }
  return "";
}

LoadResult load_file_bytes(std::shared_ptr<const FileBytes> file, const std::string& path,
                           const LoadOptions& options, bool on_disk) {
  install_protobuf_log_handler();
  const std::string_view bytes = file->bytes();
  if (bytes.empty()) return fail(path, "empty file (0 bytes); the export did not write a model");
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return fail(path, too_large_message(bytes.size()));

  // Everything but the payloads of large tensors, which stay in the file; the
  // main graph's nodes apart, to be parsed one at a time.
  std::string skeleton, where;
  MainNodes main_nodes;
  if (!skeletonize(bytes, options.max_inline_tensor_bytes, &skeleton, &where, &main_nodes))
    return fail(path, not_a_model(bytes, where));
  // The walk read every page but the large payloads'; the builder reads the
  // nodes' pages again in order and gives them back as it goes.
  file->release_pages();

  // An arena for what is parsed whole: the model without its main graph's
  // nodes, and the few nodes that hold subgraphs.
  google::protobuf::ArenaOptions arena_options;
  arena_options.start_block_size = 1 << 16;
  arena_options.max_block_size = 1 << 24;
  google::protobuf::Arena arena(arena_options);
  auto& proto = *google::protobuf::Arena::CreateMessage<onnx::ModelProto>(&arena);
  if (std::string why = parse_skeleton(skeleton, proto); !why.empty()) return fail(path, why);
  std::string().swap(skeleton);

  Model model;
  model.path = path;
  model.file_size = bytes.size();
  const FileBytes& mapped = *file;
  model.file = std::move(file);
  read_model_facts(proto, model);
  if (std::string why = build_graphs(proto, std::move(main_nodes.nodes), arena,
                                     options.max_inline_tensor_bytes, &mapped, model);
      !why.empty())
    return fail(path, "not an ONNX model: the bytes are protobuf, but " + why);
  check_external_data(model, on_disk ? path : "");
  mapped.release_pages();  // the rest of the nodes' views into the file are done with

  LoadResult result;
  result.model = std::move(model);
  return result;
}

}  // namespace

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
