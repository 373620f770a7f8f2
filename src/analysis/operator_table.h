// operators/signatures.txt, embedded at build time (cmake/embed_operators.cmake).
#pragma once

#include <string_view>

namespace onnx_lint {

std::string_view operator_table_text();

}  // namespace onnx_lint
