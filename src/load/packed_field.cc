#include "load/packed_field.h"

#include <cstring>

#include "graph/tensor_value.h"

namespace onnx_lint {
namespace {

// The field ONNX stores each element type in (onnx.proto's TensorProto comments).
int field_of(int32_t elem_type) {
  switch (elem_type) {
    case dtype::kFloat:
    case dtype::kComplex64:
      return tensor_field::kFloatData;
    case dtype::kDouble:
    case dtype::kComplex128:
      return tensor_field::kDoubleData;
    case dtype::kInt64:
      return tensor_field::kInt64Data;
    case dtype::kUint32:
    case dtype::kUint64:
      return tensor_field::kUint64Data;
    case dtype::kInt32:
    case dtype::kUint8:
    case dtype::kInt8:
    case dtype::kBool:
    case dtype::kUint16:
    case dtype::kInt16:
    case dtype::kFloat16:
    case dtype::kBfloat16:
      return tensor_field::kInt32Data;
    default:
      return 0;
  }
}

bool read_varint(std::string_view& in, uint64_t* out) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<uint8_t>(in.front());
    in.remove_prefix(1);
    v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80)) {
      *out = v;
      return true;
    }
  }
  return false;
}

// Appends the low `size` bytes of v, little-endian (the machine's order on
// every platform onnx-lint builds for, as raw_data's).
void append_low(std::string& out, uint64_t v, int size) {
  char buf[8];
  std::memcpy(buf, &v, sizeof v);
  out.append(buf, static_cast<size_t>(size));
}

}  // namespace

std::optional<std::string> raw_from_field(int32_t elem_type, int field, std::string_view payload) {
  if (field == tensor_field::kRawData) return std::string(payload);
  if (field != field_of(elem_type)) return std::nullopt;
  // Fixed-width fields are stored as raw_data is; varint fields are decoded
  // and narrowed to the element's width (int32_data holds uint8 as 0..255).
  if (field == tensor_field::kFloatData || field == tensor_field::kDoubleData)
    return std::string(payload);
  const int size = element_size(elem_type);
  std::string out;
  while (!payload.empty()) {
    uint64_t v;
    if (!read_varint(payload, &v)) return std::nullopt;
    append_low(out, v, size);
  }
  return out;
}

}  // namespace onnx_lint
