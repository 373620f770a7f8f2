// A TensorProto data field's payload, as the skeleton left it in the file,
// rewritten in raw_data layout, by walking the packed wire format directly (no
// TensorProto is built after loading).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace onnx_lint {

/// TensorProto field numbers that carry element data.
namespace tensor_field {
inline constexpr int kFloatData = 4, kInt32Data = 5, kInt64Data = 7, kRawData = 9, kDoubleData = 10,
                     kUint64Data = 11;
}  // namespace tensor_field

/// `payload` is the content of field `field` (packed, length-delimited) of a
/// tensor of `elem_type`; the result is its elements in raw_data layout.
/// nullopt when the field does not carry that element type or is malformed.
std::optional<std::string> raw_from_field(int32_t elem_type, int field, std::string_view payload);

}  // namespace onnx_lint
