#include "load/plain_node.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

namespace onnx_lint {

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;

bool read_plain_node(std::string_view bytes, PlainNode& out) {
  // Cleared field by field: `out = PlainNode{}` made GCC 12 warn that the
  // temporary's InlinedVector storage is used uninitialized (a false positive).
  out.inputs.clear();
  out.outputs.clear();
  out.name = out.op_type = out.domain = out.doc_string = {};
  CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                      static_cast<int>(bytes.size()));
  while (true) {
    const uint32_t tag = in.ReadTag();
    // The end, or a zero tag inside the node: the parser decides on that.
    if (tag == 0) return static_cast<size_t>(in.CurrentPosition()) == bytes.size();
    if (WireFormatLite::GetTagWireType(tag) != WireFormatLite::WIRETYPE_LENGTH_DELIMITED)
      return false;
    uint32_t length;
    if (!in.ReadVarint32(&length)) return false;
    const auto at = static_cast<size_t>(in.CurrentPosition());
    if (length > bytes.size() - at) return false;
    const std::string_view value = bytes.substr(at, length);
    in.Skip(static_cast<int>(length));
    // NodeProto's field numbers (onnx.proto); a repeated singular field
    // keeps its last value, as protobuf does.
    switch (WireFormatLite::GetTagFieldNumber(tag)) {
      case 1:
        out.inputs.push_back(value);
        break;
      case 2:
        out.outputs.push_back(value);
        break;
      case 3:
        out.name = value;
        break;
      case 4:
        out.op_type = value;
        break;
      case 6:
        out.doc_string = value;
        break;
      case 7:
        out.domain = value;
        break;
      default:
        return false;
    }
  }
}

}  // namespace onnx_lint
