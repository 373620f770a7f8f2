#include "load/skeleton.h"

#include <fmt/format.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/wire_format_lite.h>

namespace onnx_lint {
namespace {

using google::protobuf::internal::WireFormatLite;
using google::protobuf::io::CodedInputStream;
using google::protobuf::io::CodedOutputStream;
using google::protobuf::io::StringOutputStream;

// The messages on the way from ModelProto to a TensorProto; all others are copied as bytes.
enum class Kind {
  kModel,
  kTrainingInfo,
  kGraph,
  kFunction,
  kNode,
  kAttribute,
  kSparseTensor,
  kTensor
};

// The sub-message kind of field `number` in a message of `kind`, if it can lead to a tensor.
bool child_kind(Kind kind, uint32_t number, Kind* child) {
  switch (kind) {
    case Kind::kModel:
      if (number == 7) return *child = Kind::kGraph, true;
      if (number == 20) return *child = Kind::kTrainingInfo, true;
      if (number == 25) return *child = Kind::kFunction, true;
      return false;
    case Kind::kTrainingInfo:
      if (number == 1 || number == 2) return *child = Kind::kGraph, true;
      return false;
    case Kind::kGraph:
      if (number == 1) return *child = Kind::kNode, true;
      if (number == 5) return *child = Kind::kTensor, true;
      if (number == 15) return *child = Kind::kSparseTensor, true;
      return false;
    case Kind::kFunction:
      if (number == 7) return *child = Kind::kNode, true;
      return false;
    case Kind::kNode:
      if (number == 5) return *child = Kind::kAttribute, true;
      return false;
    case Kind::kAttribute:
      if (number == 5 || number == 10) return *child = Kind::kTensor, true;
      if (number == 6 || number == 11) return *child = Kind::kGraph, true;
      if (number == 22 || number == 23) return *child = Kind::kSparseTensor, true;
      return false;
    case Kind::kSparseTensor:
      if (number == 1 || number == 2) return *child = Kind::kTensor, true;
      return false;
    case Kind::kTensor:
      return false;
  }
  return false;
}

std::string_view field_name(Kind kind, uint32_t number) {
  switch (kind) {
    case Kind::kModel:
      return number == 7 ? "graph" : number == 25 ? "functions" : "training_info";
    case Kind::kTrainingInfo:
      return number == 1 ? "initialization" : "algorithm";
    case Kind::kGraph:
      return number == 1 ? "node" : number == 5 ? "initializer" : "sparse_initializer";
    case Kind::kFunction:
      return "node";
    case Kind::kNode:
      return "attribute";
    case Kind::kAttribute:
      return number == 5    ? "t"
             : number == 10 ? "tensors"
             : number == 6  ? "g"
             : number == 11 ? "graphs"
                            : "sparse_tensor";
    case Kind::kSparseTensor:
      return number == 1 ? "values" : "indices";
    case Kind::kTensor:
      return "";
  }
  return "";
}

bool is_tensor_data_field(uint32_t number) {
  return number == 4 || number == 5 || number == 7 || number == 9 || number == 10 || number == 11;
}

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_length_delimited(std::string& out, uint32_t number, std::string_view payload) {
  put_varint(out, WireFormatLite::MakeTag(number, WireFormatLite::WIRETYPE_LENGTH_DELIMITED));
  put_varint(out, payload.size());
  out.append(payload);
}

class Skeletonizer {
 public:
  Skeletonizer(std::string_view bytes, int64_t max_inline, MainNodes* main_nodes)
      : bytes_(bytes), max_inline_(max_inline), main_nodes_(main_nodes) {}

  bool run(std::string* out, std::string* error) {
    CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes_.data()),
                        static_cast<int>(bytes_.size()));
    in.SetTotalBytesLimit(INT_MAX);
    in.SetRecursionLimit(INT_MAX);  // depth is bounded here, with a clearer message
    if (!message(in, Kind::kModel, out, 0, nullptr)) {
      *error = error_;
      return false;
    }
    return true;
  }

 private:
  // Where a message is, said only when something fails there: a million-node
  // file is walked without a million formatted paths.
  struct Where {
    const Where* parent;
    Kind kind;  // of the parent message
    uint32_t number;
    int index;
  };

  static std::string path(const Where* w) {
    if (!w) return "";
    const std::string up = path(w->parent);
    return fmt::format("{}{}{}[{}]", up, up.empty() ? "" : ".", field_name(w->kind, w->number),
                       w->index);
  }

  bool fail(const CodedInputStream& in, const Where* where, std::string what) {
    const std::string at = path(where);
    error_ = fmt::format("at byte {} of {}{}: {}", in.CurrentPosition(), bytes_.size(),
                         at.empty() ? "" : " in " + at, what);
    return false;
  }

  // A node of the main graph (ModelProto.graph is the only graph at depth 1;
  // training graphs are deeper) goes into main_nodes, not into its parent.
  bool is_main_node(Kind kind, int depth, uint32_t number) const {
    return main_nodes_ && kind == Kind::kGraph && depth == 1 && number == 1;
  }

  // A main-graph node is walked without a copy; it is a view of the file
  // unless its skeleton differs (a Constant's large value left out, see
  // rewritten_), and then it is walked again to copy its skeleton.
  bool main_node(CodedInputStream& in, std::string_view original, int depth, const Where& where) {
    const uint64_t rewritten = rewritten_;
    if (!message(in, Kind::kNode, nullptr, depth, &where)) return false;
    if (rewritten_ == rewritten) {
      main_nodes_->nodes.push_back(original);
      return true;
    }
    CodedInputStream again(reinterpret_cast<const uint8_t*>(bytes_.data()),
                           static_cast<int>(bytes_.size()));
    again.SetTotalBytesLimit(INT_MAX);
    again.SetRecursionLimit(INT_MAX);
    again.Skip(static_cast<int>(original.data() - bytes_.data()));
    const auto limit = again.PushLimit(static_cast<int>(original.size()));
    std::string body;
    if (!message(again, Kind::kNode, &body, depth, &where)) return false;
    again.PopLimit(limit);
    main_nodes_->nodes.push_back(main_nodes_->rewritten.emplace_back(std::move(body)));
    return true;
  }

  // A tensor's data field: copied when small, else left out with a marker
  // (into `markers`) that says where in the file it is.
  bool tensor_data(CodedInputStream& in, int start, uint32_t number, std::string* out,
                   std::string& markers, const Where* where) {
    uint32_t length;
    if (!in.ReadVarint32(&length)) return fail(in, where, "truncated: a length is cut off");
    if (static_cast<int64_t>(length) > remaining(in))
      return fail(in, where,
                  fmt::format("truncated: tensor data declares {} bytes but only {} remain", length,
                              remaining(in)));
    if (static_cast<int64_t>(length) > max_inline_) {
      // Skip the payload without reading it; remember where it is.
      const uint64_t offset = static_cast<uint64_t>(in.CurrentPosition());
      in.Skip(static_cast<int>(length));
      std::string marker;
      put_varint(marker, number);
      put_varint(marker, offset);
      put_varint(marker, length);
      put_length_delimited(markers, kStrippedField, marker);
      ++rewritten_;
      return true;
    }
    in.Skip(static_cast<int>(length));
    if (out) out->append(bytes_.substr(start, in.CurrentPosition() - start));
    return true;
  }

  // Copies one message of `kind` (its fields, not its tag or length) into
  // `out`, or only walks it when `out` is null.
  bool message(CodedInputStream& in, Kind kind, std::string* out, int depth, const Where* where) {
    if (depth > kMaxMessageDepth)
      return fail(in, where,
                  fmt::format("nested deeper than {} protobuf messages (about {} levels of "
                              "subgraphs); refusing to go on",
                              kMaxMessageDepth, kMaxMessageDepth / 3));
    std::string markers;
    int counts[32] = {};
    while (true) {
      const int start = in.CurrentPosition();
      const uint32_t tag = in.ReadTag();
      if (tag == 0) {
        // The end of this message (its limit, or the end of the file at the
        // top level), or else a zero tag, which is never valid.
        const bool at_limit = in.BytesUntilLimit() == 0;
        const bool at_eof =
            in.BytesUntilLimit() < 0 && static_cast<size_t>(in.CurrentPosition()) == bytes_.size();
        if (at_limit || at_eof) {
          // A zero tag as a message's last byte ends it here; the skeleton
          // leaves that byte out, which protobuf's parser would refuse.
          if (in.CurrentPosition() != start) ++rewritten_;
          break;
        }
        return fail(in, where, "not a protobuf: invalid field tag");
      }
      const uint32_t number = WireFormatLite::GetTagFieldNumber(tag);
      const auto wire = WireFormatLite::GetTagWireType(tag);
      Kind child;
      if (wire == WireFormatLite::WIRETYPE_LENGTH_DELIMITED && child_kind(kind, number, &child)) {
        uint32_t length;
        if (!in.ReadVarint32(&length)) return fail(in, where, "truncated: a length is cut off");
        if (static_cast<int64_t>(length) > remaining(in))
          return fail(in, where,
                      fmt::format("truncated: {} declares {} bytes but only {} remain (an "
                                  "interrupted export or download?)",
                                  field_name(kind, number), length, remaining(in)));
        const int header = in.CurrentPosition() - start;
        if (static_cast<size_t>(header) !=
            CodedOutputStream::VarintSize32(tag) + CodedOutputStream::VarintSize32(length))
          ++rewritten_;
        const int index = counts[number & 31]++;
        const Where child_where{where, kind, number, index};
        const std::string_view original = bytes_.substr(in.CurrentPosition(), length);
        auto limit = in.PushLimit(static_cast<int>(length));
        if (out && is_main_node(kind, depth, number)) {
          if (!main_node(in, original, depth + 1, child_where)) return false;
        } else {
          std::string body;
          if (!message(in, child, out ? &body : nullptr, depth + 1, &child_where)) return false;
          if (out) put_length_delimited(*out, number, body);
        }
        in.PopLimit(limit);
        continue;
      }
      if (kind == Kind::kTensor && wire == WireFormatLite::WIRETYPE_LENGTH_DELIMITED &&
          is_tensor_data_field(number)) {
        if (!tensor_data(in, start, number, out, markers, where)) return false;
        continue;
      }
      if (!WireFormatLite::SkipField(&in, tag))
        return fail(
            in, where,
            wire > WireFormatLite::WIRETYPE_FIXED32
                ? fmt::format("not a protobuf: invalid wire type {}", static_cast<int>(wire))
                : fmt::format("truncated or malformed field {}", number));
      if (out) out->append(bytes_.substr(start, in.CurrentPosition() - start));
    }
    if (out) *out += markers;
    return true;
  }

  int64_t remaining(const CodedInputStream& in) const {
    const int until_limit = in.BytesUntilLimit();
    const int64_t to_end = static_cast<int64_t>(bytes_.size()) - in.CurrentPosition();
    return until_limit < 0 ? to_end : std::min<int64_t>(until_limit, to_end);
  }

  std::string_view bytes_;
  int64_t max_inline_;
  MainNodes* main_nodes_;
  // Places so far where the skeleton is not the file's bytes: a tensor
  // payload left out, a sub-message's tag and length written again in their
  // shortest form (an overlong varint), a trailing zero tag dropped.
  uint64_t rewritten_ = 0;
  std::string error_;
};

bool read_varint(std::string_view& s, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64 && !s.empty(); shift += 7) {
    const uint8_t b = static_cast<uint8_t>(s.front());
    s.remove_prefix(1);
    *v |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

}  // namespace

bool parse_stripped_marker(std::string_view payload, StrippedData* out) {
  uint64_t field;
  if (!read_varint(payload, &field) || !read_varint(payload, &out->offset) ||
      !read_varint(payload, &out->length))
    return false;
  out->field = static_cast<int>(field);
  return true;
}

bool skeletonize(std::string_view bytes, int64_t max_inline_bytes, std::string* out,
                 std::string* error, MainNodes* main_nodes) {
  out->clear();
  if (main_nodes) *main_nodes = {};
  return Skeletonizer(bytes, max_inline_bytes, main_nodes).run(out, error);
}

}  // namespace onnx_lint
