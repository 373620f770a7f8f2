// A main-graph node read straight from its wire bytes when it holds only
// names (no attributes, no metadata): most nodes of a large graph. A protobuf
// parse would first copy every one of its strings; these are views of the
// bytes, which the builder copies once, into the Model.
#pragma once

#include <absl/container/inlined_vector.h>

#include <string_view>

namespace onnx_lint {

struct PlainNode {
  absl::InlinedVector<std::string_view, 4> inputs, outputs;
  std::string_view name, op_type, domain, doc_string;
};

/// Reads a NodeProto's bytes into `out` when every field is an input, an
/// output, the name, op type, domain or doc string; false for anything else
/// (an attribute, metadata, an unknown or malformed field), which is the
/// protobuf parser's to read or refuse.
bool read_plain_node(std::string_view bytes, PlainNode& out);

}  // namespace onnx_lint
