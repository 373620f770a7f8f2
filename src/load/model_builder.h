// ModelProto -> Model: graphs, subgraphs and functions, tensors, declared
// types, torch's node metadata.
#pragma once

#include <cstdint>

#include "onnx_lint/model.h"

namespace onnx {
class GraphProto;
class ModelProto;
}  // namespace onnx

namespace onnx_lint {

/// The model-level facts: IR version, opsets, producer, metadata.
void read_model_facts(const onnx::ModelProto& proto, Model& model);

/// Converts every graph and function into `model` and indexes them. Tensors
/// over max_inline_bytes keep only where their payload is.
void build_graphs(const onnx::ModelProto& proto, int64_t max_inline_bytes, Model& model);

}  // namespace onnx_lint
