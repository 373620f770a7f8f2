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
#include <deque>
#include <string>
#include <string_view>
#include <vector>

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

/// The main graph's NodeProtos, in order, set apart from the skeleton: the
/// builder parses them one at a time, so a million-node graph is never a
/// million protobuf objects at once. A node the skeleton leaves as it is (all
/// but Constants with a large tensor) is a view of its bytes in the file, not
/// a copy: the copies were as large as the file.
struct MainNodes {
  std::vector<std::string_view> nodes;
  std::deque<std::string> rewritten;  // the skeletons of the nodes that changed
};

/// Writes the skeleton of the serialized ModelProto in `bytes` to `out`.
/// False with a one-line reason ("truncated at byte N in graph.node[3]...").
/// With `main_nodes`, the main graph's nodes are left out of `out` and put
/// there instead; its views point into `bytes`, which must outlive them.
bool skeletonize(std::string_view bytes, int64_t max_inline_bytes, std::string* out,
                 std::string* error, MainNodes* main_nodes = nullptr);

}  // namespace onnx_lint
