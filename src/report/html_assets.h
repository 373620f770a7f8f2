// The HTML report's inline style sheet and script: no CDN, no fonts, nothing
// fetched. The page reads fully without the script, which only filters.
#pragma once

#include <string_view>

namespace onnx_lint {

extern const std::string_view kHtmlStyle;
extern const std::string_view kHtmlScript;

}  // namespace onnx_lint
