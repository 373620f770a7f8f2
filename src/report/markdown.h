// Markdown -> HTML with cmark (raw HTML in the source is dropped: safe mode).
#pragma once

#include <string>
#include <string_view>

namespace onnx_lint {

std::string markdown_to_html(std::string_view markdown);

}  // namespace onnx_lint
