// Words the two resize rules (OL101, OL102) share.
#pragma once

#include <string_view>

namespace onnx_lint {

// Resizing a 1x1 map gives every output pixel the one input pixel, whatever
// the mode: `expand` is exact, and exports without Resize.
inline constexpr std::string_view kResizeFrom1x1Fix =
    "the input is 1x1 in every resized dim (a pooled map, like ASPP's image pooling), so every "
    "output pixel equals the one input pixel in any mode: `x.expand(-1, -1, h, w)` gives the "
    "same tensor exactly and exports without Resize";

}  // namespace onnx_lint
