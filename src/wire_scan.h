// Finds where a malformed protobuf goes wrong, for a useful error message.
#pragma once

#include <string>
#include <string_view>

namespace onnx_lint {

/// Walks the top-level fields of a ModelProto and describes the first thing
/// that cannot be right ("truncated at byte N: ..."), or "" when the top level
/// looks well-formed (the fault is deeper).
std::string describe_wire_error(std::string_view bytes);

}  // namespace onnx_lint
