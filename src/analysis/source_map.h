// Maps a node back to the PyTorch code that made it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "onnx_lint/model.h"

namespace onnx_lint {

struct SourceLocation {
  std::optional<std::string> module;  // "decoder.0.up", or the root module's class
  std::optional<std::string> source;  // "model.py:42"
  std::optional<std::string> code;    // the line itself, when the model carries it
};

/// Where a node came from, from what the node itself carries: torch 2.x
/// metadata (name_scopes, class_hierarchy, stack_trace), the TorchScript
/// scope in its name, a verbose export's doc_string. Never opens a file.
SourceLocation source_of(const Node& node);
/// For a node of a model-local function (torch 2.1-2.4 dynamo exports wrap
/// modules in functions): the node's own location where it has one, else
/// that of the first node in the model calling the function, with the number
/// of call sites. For a graph input: the location of its first consumer.
SourceLocation source_in_model(const Model& model, const Graph& graph, const Node* node,
                               std::string_view tensor);
/// "/decoder/decoder.0/up/Resize" -> "decoder.0.up"; nullopt without a scope.
std::optional<std::string> module_from_scoped_name(std::string_view node_name);
/// "['', 'net', 'net.0', 'linear']" -> "net.0" (torch 2.x dynamo metadata).
std::optional<std::string> module_from_name_scopes(std::string_view repr);
/// "['lstm_autoencoder.LSTMAutoencoder', 'aten.repeat.default']" -> "LSTMAutoencoder":
/// the root module's class, for nodes made at the root of the model.
std::optional<std::string> root_class(std::string_view class_hierarchy);
/// The innermost frame outside torch's own files, as "file.py:LINE".
std::optional<std::string> user_frame(std::string_view stack_trace);
/// The source line a Python traceback shows under that frame, trimmed.
std::optional<std::string> user_code(std::string_view stack_trace);

}  // namespace onnx_lint
