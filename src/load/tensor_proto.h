// TensorProto -> TensorData: keeps small tensors' bytes, only metadata of large ones.
#pragma once

#include <cstdint>

#include "onnx_lint/model.h"

namespace onnx {
class TensorProto;
}

namespace onnx_lint {

TensorData convert_tensor(const onnx::TensorProto& t, int64_t max_inline_bytes);

}  // namespace onnx_lint
