// Maps a node back to the PyTorch code that made it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "onnx_lint/model.h"

namespace onnx_lint {

struct SourceLocation {
  std::optional<std::string> module;  // "decoder.0.up"
  std::optional<std::string> source;  // "model.py:42"
};

SourceLocation source_of(const Node& node);
/// "/decoder/decoder.0/up/Resize" -> "decoder.0.up"; nullopt without a scope.
std::optional<std::string> module_from_scoped_name(std::string_view node_name);
/// "['', 'net', 'net.0', 'linear']" -> "net.0" (torch 2.x dynamo metadata).
std::optional<std::string> module_from_name_scopes(std::string_view repr);
/// The innermost frame outside torch's own files, as "file.py:LINE".
std::optional<std::string> user_frame(std::string_view stack_trace);

}  // namespace onnx_lint
