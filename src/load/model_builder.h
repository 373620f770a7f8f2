// ModelProto -> Model: graphs, subgraphs and functions, tensors, declared
// types, torch's node metadata.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "load/mapped_file.h"
#include "onnx_lint/model.h"

namespace google::protobuf {
class Arena;
}  // namespace google::protobuf
namespace onnx {
class GraphProto;
class ModelProto;
}  // namespace onnx

namespace onnx_lint {

/// The model-level facts: IR version, opsets, producer, metadata.
void read_model_facts(const onnx::ModelProto& proto, Model& model);

/// Converts every graph and function into `model` and indexes them. Tensors
/// over max_inline_bytes keep only where their payload is. The main graph's
/// nodes are in `main_nodes` (skeletonize's views, freed once converted), not
/// in `proto`; those with subgraphs are kept in `arena` while their subgraphs
/// are converted.
/// The pages of `file` (nullable) that hold the main graph's nodes are given
/// back as those nodes are built. "" or why a node does not parse.
std::string build_graphs(const onnx::ModelProto& proto, std::vector<std::string_view> main_nodes,
                         google::protobuf::Arena& arena, int64_t max_inline_bytes,
                         const FileBytes* file, Model& model);

}  // namespace onnx_lint
