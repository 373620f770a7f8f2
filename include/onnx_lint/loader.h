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

/// Whether to infer the types and shapes of intermediate tensors (after
/// loading, in src/analysis). kAuto and kAlways both do: inference is in
/// process and linear in the graph, so no size is too large for it.
enum class InferTypes { kAuto, kAlways, kNever };

struct LoadOptions {
  /// Tensors larger than this keep only their metadata (Storage::kSkipped).
  int64_t max_inline_tensor_bytes = 64 * 1024;
  InferTypes infer_types = InferTypes::kAuto;
};

/// A load either yields a model or says, in one line, why it could not.
struct LoadResult {
  std::optional<Model> model;
  std::string error;  // "path: reason" when model is empty
};

LoadResult load_model(const std::string& path, const LoadOptions& options = {});
/// Same, from bytes already in memory; `display_path` names them in errors.
LoadResult load_model_from_bytes(std::string_view bytes, const std::string& display_path,
                                 const LoadOptions& options = {});

}  // namespace onnx_lint
