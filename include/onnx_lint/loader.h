// Reads an .onnx file into a Model. The load layer (src/load) is the only code
// that touches protobuf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "onnx_lint/model.h"

namespace onnx_lint {

/// When to run ONNX type/shape inference (types of intermediate tensors).
enum class InferTypes { kAuto, kAlways, kNever };

struct LoadOptions {
  /// Tensors larger than this keep only their metadata (Storage::kSkipped).
  int64_t max_inline_tensor_bytes = 64 * 1024;
  InferTypes infer_types = InferTypes::kAuto;
  /// kAuto skips inference above this many nodes: ONNX's inference grows faster
  /// than linearly (2.4 s at a million nodes), and exported networks are far smaller.
  int64_t auto_infer_max_nodes = 250'000;
  /// Inference runs in a child process; one that takes longer is killed.
  int inference_timeout_seconds = 60;
};

/// A load either yields a model or says, in one line, why it could not.
struct LoadResult {
  std::optional<Model> model;
  std::string error;  // "path: reason" when model is empty
};

LoadResult load_model(const std::string& path, const LoadOptions& options = {});
/// Starts n of the child processes libonnx's type inference runs in (so a
/// crash in libonnx cannot take onnx-lint down). Call before starting worker
/// threads; loads start them on demand otherwise. They are reaped at exit.
void prestart_inference(size_t n);
/// Same, from bytes already in memory; `display_path` names them in errors.
LoadResult load_model_from_bytes(std::string_view bytes, const std::string& display_path,
                                 const LoadOptions& options = {});

}  // namespace onnx_lint
