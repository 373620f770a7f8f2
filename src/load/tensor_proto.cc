#include "load/tensor_proto.h"

#include <google/protobuf/unknown_field_set.h>
#include <onnx/onnx_pb.h>

#include <cstring>

#include "graph/tensor_value.h"
#include "load/skeleton.h"

namespace onnx_lint {

namespace {

template <typename T>
void append(std::string& out, T v) {
  char buf[sizeof(T)];
  std::memcpy(buf, &v, sizeof(T));
  out.append(buf, sizeof(T));
}

// The typed repeated fields, rewritten in raw_data layout, so the rest of the
// program handles one representation.
std::string typed_fields_as_raw(const onnx::TensorProto& t) {
  std::string out;
  switch (t.data_type()) {
    case dtype::kFloat:
    case dtype::kComplex64:
      for (float v : t.float_data()) append(out, v);
      break;
    case dtype::kDouble:
    case dtype::kComplex128:
      for (double v : t.double_data()) append(out, v);
      break;
    case dtype::kInt64:
      for (int64_t v : t.int64_data()) append(out, v);
      break;
    case dtype::kUint32:
      for (uint64_t v : t.uint64_data()) append(out, static_cast<uint32_t>(v));
      break;
    case dtype::kUint64:
      for (uint64_t v : t.uint64_data()) append(out, v);
      break;
    case dtype::kInt32:
      for (int32_t v : t.int32_data()) append(out, v);
      break;
    case dtype::kUint8:
    case dtype::kInt8:
    case dtype::kBool:
      for (int32_t v : t.int32_data()) append(out, static_cast<uint8_t>(v));
      break;
    case dtype::kUint16:
    case dtype::kInt16:
    case dtype::kFloat16:
    case dtype::kBfloat16:
      for (int32_t v : t.int32_data()) append(out, static_cast<uint16_t>(v));
      break;
    default:
      break;
  }
  return out;
}

int64_t typed_field_count(const onnx::TensorProto& t) {
  return static_cast<int64_t>(t.float_data_size()) + t.double_data_size() + t.int32_data_size() +
         t.int64_data_size() + t.uint64_data_size();
}

}  // namespace

TensorData convert_tensor(const onnx::TensorProto& t, int64_t max_inline_bytes) {
  TensorData d;
  d.name = t.name();
  d.elem_type = t.data_type();
  d.dims.assign(t.dims().begin(), t.dims().end());
  // A field counts when it holds something (an empty raw_data is no data).
  d.raw = !t.raw_data().empty();
  d.value_fields = (t.float_data_size() > 0) + (t.int32_data_size() > 0) +
                   (t.string_data_size() > 0) + (t.int64_data_size() > 0) + d.raw +
                   (t.double_data_size() > 0) + (t.uint64_data_size() > 0);
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    d.storage = Storage::kExternal;
    for (const auto& kv : t.external_data()) {
      if (kv.key() == "location") d.external_location = kv.value();
      // Malformed numbers leave the defaults: the location is what matters.
      try {
        if (kv.key() == "offset") d.external_offset = std::stoll(kv.value());
        if (kv.key() == "length") d.external_length = std::stoll(kv.value());
      } catch (...) {
      }
    }
    return d;
  }
  // A payload the skeletonizer left in the file: remember where it is.
  const auto& unknown = t.GetReflection()->GetUnknownFields(t);
  for (int i = 0; i < unknown.field_count(); ++i) {
    const auto& f = unknown.field(i);
    StrippedData stripped;
    if (f.number() == kStrippedField &&
        f.type() == google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED &&
        parse_stripped_marker(f.length_delimited(), &stripped)) {
      d.storage = Storage::kSkipped;
      d.value_fields += 1;
      d.raw = stripped.field == 9;
      d.data_field = stripped.field;
      d.data_offset = stripped.offset;
      d.data_length = stripped.length;
      return d;
    }
  }
  const int64_t size =
      t.has_raw_data() ? static_cast<int64_t>(t.raw_data().size()) : typed_field_count(t) * 8;
  if (size > max_inline_bytes) {
    d.storage = Storage::kSkipped;
    return d;
  }
  d.bytes = t.has_raw_data() ? t.raw_data() : typed_fields_as_raw(t);
  return d;
}

}  // namespace onnx_lint
