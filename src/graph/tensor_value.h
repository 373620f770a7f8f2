// Tensor bytes in raw_data layout -> numbers. Shared by the graph (constants a
// rule asks for) and the load layer (what size an element has).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "onnx_lint/model.h"

namespace onnx_lint {

/// Bytes per element in raw_data layout; 0 for strings and unknown types.
int element_size(int32_t elem_type);

/// The values of `t` from `bytes` (its payload in raw_data layout); nullopt
/// when the payload does not hold exactly its elements, or for complex and
/// string tensors, which no rule reads.
std::optional<TensorValue> decode_tensor(const TensorData& t, std::string_view bytes);

}  // namespace onnx_lint
