// libFuzzer target: any bytes through the loader and its completion
// (skeleton, parse, graph build, external-data checks, type and shape
// inference, the checker, lazy tensor reads).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "onnx_lint/linter.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  onnx_lint::LoadOptions options;
  options.max_inline_tensor_bytes = 256;  // exercise skipped tensors and lazy reads
  auto r = onnx_lint::read_model_from_bytes(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.onnx", options);
  if (r.model) {
    for (size_t i = 0; i < r.model->tensors.size(); ++i)
      (void)r.model->tensor_value(static_cast<int>(i));
  }
  return 0;
}
