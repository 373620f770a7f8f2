// TensorProto -> TensorData: keeps small tensors' bytes, only metadata of large ones.
#pragma once

#include <cstdint>

#include "onnx_lint/model.h"

namespace onnx {
class TensorProto;
}

namespace onnx_lint {

/// Bytes per element in raw_data layout; 0 for strings and unknown types.
int element_size(int32_t elem_type);
TensorData convert_tensor(const onnx::TensorProto& t, int64_t max_inline_bytes);
/// A stripped payload of TensorProto field `field` in raw_data layout, or ""
/// when the field does not fit the element type.
std::string payload_as_raw(int32_t elem_type, int field, std::string_view payload);

}  // namespace onnx_lint
