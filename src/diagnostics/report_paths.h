// How reports name places: a finding's graph path, a model's URI.
#pragma once

#include <string>

#include "onnx_lint/diagnostic.h"

namespace onnx_lint {

/// "main/decoder/up/Resize": the graph path and the node or tensor a finding is at.
std::string logical_path(const Diagnostic& d);
/// A model path as a report URI: relative to the working directory when
/// inside it, '/'-separated, with spaces and '%' escaped.
std::string artifact_uri(const std::string& path);

}  // namespace onnx_lint
