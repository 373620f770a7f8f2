// Loader: file -> skeleton -> ModelProto -> Model. Every failure becomes a
// one-line error value naming the file; nothing past src/load sees protobuf.
#include "onnx_lint/loader.h"

#include <fmt/format.h>
#include <google/protobuf/arena.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/logging.h>
#include <onnx/onnx_pb.h>

#include <climits>
#include <mutex>

#include "load/external_data.h"
#include "load/inference_hazard.h"
#include "load/libonnx_sandbox.h"
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

// Why inference must be skipped for this model ("" = run it), as a report note.
std::string skip_inference_note(const onnx::ModelProto& proto, const LoadOptions& options,
                                int64_t nodes) {
  if (options.infer_types == InferTypes::kNever) return "";
  if (options.infer_types == InferTypes::kAuto && nodes > options.auto_infer_max_nodes)
    return fmt::format(
        "ONNX type inference skipped: {} nodes is over the automatic limit of {}; dtype rules saw "
        "declared types only (--infer-types always to run it)",
        nodes, options.auto_infer_max_nodes);
  const std::string hazard = inference_hazard(proto);
  if (!hazard.empty())
    return "ONNX type inference and the checker skipped: " + hazard +
           ", which no exported network has (a corrupt or hostile file?)";
  return "";
}

// Runs libonnx's inference and checker in the sandbox; on success the
// inferred graph replaces proto's, and the verdicts go into the model.
void infer_in_sandbox(const std::string& skeleton, const LoadOptions& options,
                      onnx::ModelProto& proto, Model& model) {
  // libonnx's checker rejects what is newer than it knows, not what is wrong:
  // a valid IR-10 export (torch 2.x) is no invalid model. Past its range the
  // checker is skipped, and the report says so.
  const int64_t known = sandbox::checker_max_opset();
  const bool known_ir = model.ir_version <= onnx::IR_VERSION;
  const bool check = known_ir && model.opset("").value_or(0) <= known;
  if (!known_ir)
    model.checker_note = fmt::format(
        "the ONNX checker (libonnx {}) knows IR versions up to {}, not {}; skipped",
        ONNX_LINT_LIBONNX_VERSION, static_cast<int>(onnx::IR_VERSION), model.ir_version);
  else if (!check)
    model.checker_note = fmt::format(
        "the ONNX checker (libonnx {}) knows default-domain opsets up to {}, not {}; skipped",
        ONNX_LINT_LIBONNX_VERSION, known, *model.opset(""));
  sandbox::Result r =
      sandbox::infer_and_check(skeleton, {options.inference_timeout_seconds, check});
  auto* inferred = google::protobuf::Arena::CreateMessage<onnx::GraphProto>(proto.GetArena());
  if (r.failure.empty() && !inferred->ParseFromString(r.inferred_graph))
    r.failure = "sent back a graph that does not parse";
  if (!r.failure.empty()) {
    model.inference_note = "ONNX type inference and the checker " + r.failure +
                           " on this model; it was linted with its declared types only";
    if (check) model.checker_note.clear();
    return;
  }
  proto.mutable_graph()->Swap(inferred);
  if (!r.inference_error.empty())
    model.inference_note = "ONNX type inference stopped (" + r.inference_error +
                           "); intermediate tensors without declared types were not checked";
  model.checker_error = r.checker_error;
  model.checker_name = "libonnx " ONNX_LINT_LIBONNX_VERSION;
}

LoadResult load_file_bytes(std::shared_ptr<const FileBytes> file, const std::string& path,
                           const LoadOptions& options, bool on_disk) {
  install_protobuf_log_handler();
  const std::string_view bytes = file->bytes();
  if (bytes.empty()) return fail(path, "empty file (0 bytes); the export did not write a model");
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return fail(path, too_large_message(bytes.size()));

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
  auto& proto = *google::protobuf::Arena::CreateMessage<onnx::ModelProto>(&arena);
  if (std::string why = parse_skeleton(skeleton, proto); !why.empty()) return fail(path, why);

  Model model;
  model.path = path;
  model.file_size = bytes.size();
  model.file = std::move(file);
  read_model_facts(proto, model);

  // Inference only appends value_info, so the graphs keep their order and the
  // entries past each graph's declared count are the inferred ones.
  int64_t nodes = 0;
  std::vector<int> declared_counts;
  for (const onnx::GraphProto* g : graphs_in_order(proto)) {
    declared_counts.push_back(g->value_info_size());
    nodes += g->node_size();
  }
  model.inference_note = skip_inference_note(proto, options, nodes);
  const bool too_large =
      options.infer_types == InferTypes::kAuto && nodes > options.auto_infer_max_nodes;
  if (too_large) model.checker_note = "the ONNX checker was skipped with type inference";
  if (options.infer_types != InferTypes::kNever && model.inference_note.empty())
    infer_in_sandbox(skeleton, options, proto, model);
  std::string().swap(skeleton);

  DeclaredCounts declared;
  const auto order = graphs_in_order(proto);
  for (size_t i = 0; i < order.size() && i < declared_counts.size(); ++i)
    declared[order[i]] = declared_counts[i];
  build_graphs(proto, declared, options.max_inline_tensor_bytes, model);
  check_external_data(model, on_disk ? path : "");

  LoadResult result;
  result.model = std::move(model);
  return result;
}

}  // namespace

void prestart_inference(size_t n) { sandbox::prestart(n); }

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
