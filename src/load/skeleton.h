// The model's bytes without the payloads of large tensors.
//
// A model file is mostly weights that no rule reads. The skeletonizer walks the
// protobuf wire format (CodedInputStream over the mapped file) and copies every
// field except the data fields of tensors larger than a threshold, which it
// skips without touching their pages. Each stripped payload leaves a marker
// field in its TensorProto (kStrippedField: the data field's number, offset and
// length in the file), so the skeleton parses as an ordinary ModelProto that
// the builder, ONNX type inference and the checker all accept.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace onnx_lint {

/// Field number of the marker appended to a TensorProto whose data was stripped.
inline constexpr int kStrippedField = 9000;
/// Protobuf messages nested deeper than this are refused (about 30 subgraph levels).
inline constexpr int kMaxMessageDepth = 96;

struct StrippedData {
  int field = 0;  // the TensorProto data field (9 raw_data, 4 float_data, ...)
  uint64_t offset = 0, length = 0;
};

/// Decodes a marker's payload.
bool parse_stripped_marker(std::string_view payload, StrippedData* out);

/// Writes the skeleton of the serialized ModelProto in `bytes` to `out`.
/// False with a one-line reason ("truncated at byte N in graph.node[3]...").
/// With `main_nodes`, the main graph's nodes are left out of `out` and written
/// there instead, in order, each as a varint length and the skeleton of its
/// NodeProto: the builder parses them one at a time, so a million-node graph is
/// never a million protobuf objects at once.
bool skeletonize(std::string_view bytes, int64_t max_inline_bytes, std::string* out,
                 std::string* error, std::string* main_nodes = nullptr);

/// The next NodeProto of a `main_nodes` buffer, consumed from the front of
/// `nodes`; false at its end (or if the buffer is not one skeletonize wrote).
bool next_main_node(std::string_view& nodes, std::string_view* node);

}  // namespace onnx_lint
