#include "graph/tensor_value.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace onnx_lint {

int element_size(int32_t t) {
  switch (t) {
    case dtype::kUint8:
    case dtype::kInt8:
    case dtype::kBool:
      return 1;
    case dtype::kUint16:
    case dtype::kInt16:
    case dtype::kFloat16:
    case dtype::kBfloat16:
      return 2;
    case dtype::kFloat:
    case dtype::kInt32:
    case dtype::kUint32:
      return 4;
    case dtype::kInt64:
    case dtype::kDouble:
    case dtype::kUint64:
    case dtype::kComplex64:
      return 8;
    case dtype::kComplex128:
      return 16;
    default:
      return 0;
  }
}

namespace {

float half_to_float(uint16_t h) {
  const int exp = (h >> 10) & 0x1f;
  const int mant = h & 0x3ff;
  float v;
  if (exp == 0) {
    v = std::ldexp(static_cast<float>(mant), -24);
  } else if (exp == 31) {
    v = mant ? std::numeric_limits<float>::quiet_NaN() : std::numeric_limits<float>::infinity();
  } else {
    v = std::ldexp(static_cast<float>(mant | 0x400), exp - 25);
  }
  return (h & 0x8000) ? -v : v;
}

float bfloat16_to_float(uint16_t b) {
  const uint32_t bits = static_cast<uint32_t>(b) << 16;
  float v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

template <typename T>
T load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename T>
void append_ints(TensorValue& v, const char* p, int64_t n) {
  v.ints.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    v.ints.push_back(static_cast<int64_t>(load<T>(p + i * sizeof(T))));
}

template <typename T, typename Convert>
void append_floats(TensorValue& v, const char* p, int64_t n, Convert convert) {
  v.floats.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) v.floats.push_back(convert(load<T>(p + i * sizeof(T))));
}

}  // namespace

std::optional<TensorValue> decode_tensor(const TensorData& t, std::string_view bytes) {
  const int size = element_size(t.elem_type);
  const int64_t n = t.num_elements();
  if (size == 0 || n < 0 || n > kMaxLazyElements) return std::nullopt;
  if (static_cast<uint64_t>(n) * static_cast<uint64_t>(size) != bytes.size()) return std::nullopt;

  TensorValue v;
  v.elem_type = t.elem_type;
  v.dims = t.dims;
  const char* p = bytes.data();
  auto same = [](auto x) { return static_cast<double>(x); };
  switch (t.elem_type) {
    case dtype::kFloat:
      append_floats<float>(v, p, n, same);
      break;
    case dtype::kDouble:
      append_floats<double>(v, p, n, same);
      break;
    case dtype::kFloat16:
      append_floats<uint16_t>(v, p, n, half_to_float);
      break;
    case dtype::kBfloat16:
      append_floats<uint16_t>(v, p, n, bfloat16_to_float);
      break;
    case dtype::kInt64:
      append_ints<int64_t>(v, p, n);
      break;
    case dtype::kInt32:
      append_ints<int32_t>(v, p, n);
      break;
    case dtype::kInt16:
      append_ints<int16_t>(v, p, n);
      break;
    case dtype::kInt8:
      append_ints<int8_t>(v, p, n);
      break;
    case dtype::kUint8:
    case dtype::kBool:
      append_ints<uint8_t>(v, p, n);
      break;
    case dtype::kUint16:
      append_ints<uint16_t>(v, p, n);
      break;
    case dtype::kUint32:
      append_ints<uint32_t>(v, p, n);
      break;
    case dtype::kUint64:
      append_ints<uint64_t>(v, p, n);
      break;
    default:
      return std::nullopt;  // complex: no rule reads them
  }
  return v;
}

}  // namespace onnx_lint
