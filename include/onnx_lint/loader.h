// Reads an .onnx file into a Model. The load layer (src/load) is the only code
// that touches protobuf.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "onnx_lint/model.h"
#include "onnx_lint/model_edit.h"

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

/// The model at `source_path` with `edit` applied, serialized into `bytes`:
/// everything the edit does not touch (initializers, external-data
/// references, metadata, doc strings, functions, opset imports) is carried
/// over as it is. "" or why not, naming the file.
std::string edit_model_bytes(std::string_view source, const std::string& display_path,
                             const ModelEdit& edit, std::string* bytes);
/// Every byte of a model file (for fixing it); "" or why not, naming the file.
std::string model_file_bytes(const std::string& path, std::string* bytes);
/// Writes `bytes` to a temporary file in `out_path`'s folder and renames it
/// over `out_path`, so a failure never leaves half a file. "" or why not.
std::string write_file_atomically(const std::string& bytes, const std::string& out_path);

}  // namespace onnx_lint
