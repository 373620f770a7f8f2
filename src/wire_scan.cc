#include "wire_scan.h"

#include <fmt/format.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

namespace onnx_lint {
namespace {

std::string_view model_field_name(uint32_t number) {
  switch (number) {
    case 1: return "ir_version";
    case 2: return "producer_name";
    case 3: return "producer_version";
    case 4: return "domain";
    case 5: return "model_version";
    case 6: return "doc_string";
    case 7: return "graph";
    case 8: return "opset_import";
    case 14: return "metadata_props";
    case 20: return "training_info";
    case 25: return "functions";
    default: return "";
  }
}

std::string field_label(uint32_t number) {
  auto name = model_field_name(number);
  return name.empty() ? fmt::format("field {}", number) : fmt::format("field {} ({})", number, name);
}

}  // namespace

std::string describe_wire_error(std::string_view bytes) {
  using google::protobuf::internal::WireFormatLite;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  const size_t total = bytes.size();
  while (true) {
    const size_t at = static_cast<size_t>(in.CurrentPosition());
    if (at >= total) return "";
    uint32_t tag = in.ReadTag();
    if (tag == 0) return fmt::format("invalid protobuf tag at byte {} of {}", at, total);
    const uint32_t number = WireFormatLite::GetTagFieldNumber(tag);
    switch (WireFormatLite::GetTagWireType(tag)) {
      case WireFormatLite::WIRETYPE_VARINT: {
        uint64_t v;
        if (!in.ReadVarint64(&v))
          return fmt::format("truncated at byte {} of {}: {} ends inside a varint", at, total,
                             field_label(number));
        break;
      }
      case WireFormatLite::WIRETYPE_FIXED64: {
        uint64_t v;
        if (!in.ReadLittleEndian64(&v))
          return fmt::format("truncated at byte {} of {}: {} needs 8 bytes", at, total,
                             field_label(number));
        break;
      }
      case WireFormatLite::WIRETYPE_FIXED32: {
        uint32_t v;
        if (!in.ReadLittleEndian32(&v))
          return fmt::format("truncated at byte {} of {}: {} needs 4 bytes", at, total,
                             field_label(number));
        break;
      }
      case WireFormatLite::WIRETYPE_LENGTH_DELIMITED: {
        uint32_t length;
        if (!in.ReadVarint32(&length))
          return fmt::format("truncated at byte {} of {}: the length of {} is cut off", at, total,
                             field_label(number));
        const size_t remaining = total - static_cast<size_t>(in.CurrentPosition());
        if (length > remaining)
          return fmt::format(
              "truncated: {} at byte {} declares {} bytes but only {} remain in the {}-byte file "
              "(an interrupted export or download?)",
              field_label(number), at, length, remaining, total);
        in.Skip(static_cast<int>(length));
        break;
      }
      default:
        return fmt::format("not a protobuf: invalid wire type {} at byte {} of {}",
                           WireFormatLite::GetTagWireType(tag), at, total);
    }
  }
}

}  // namespace onnx_lint
