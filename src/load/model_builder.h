// ModelProto -> Model: graphs, subgraphs and functions, tensors, declared and
// inferred types, torch's node metadata.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "onnx_lint/model.h"

namespace onnx {
class GraphProto;
class ModelProto;
}  // namespace onnx

namespace onnx_lint {

/// How many value_info entries each GraphProto had in the file; the entries
/// after them were added by type inference.
using DeclaredCounts = std::unordered_map<const onnx::GraphProto*, int>;

/// Every GraphProto of the model, main graph first, in a fixed order: the same
/// structure always lists its graphs in the same order.
std::vector<const onnx::GraphProto*> graphs_in_order(const onnx::ModelProto& proto);

/// The model-level facts: IR version, opsets, producer, metadata.
void read_model_facts(const onnx::ModelProto& proto, Model& model);

/// Converts every graph and function into `model` and indexes them. Tensors
/// over max_inline_bytes keep only where their payload is.
void build_graphs(const onnx::ModelProto& proto, const DeclaredCounts& declared,
                  int64_t max_inline_bytes, Model& model);

}  // namespace onnx_lint
