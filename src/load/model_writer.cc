// The writer of `onnx-lint fix`: the whole source model parsed (payloads
// included), the edit applied to its main graph, serialized to a temporary
// file beside the output and renamed over it. Nodes, initializers and fields
// the edit does not touch are the parsed messages themselves, re-serialized:
// their payload bytes are the source's.
#include <fcntl.h>
#include <fmt/format.h>
#include <google/protobuf/io/coded_stream.h>
#include <onnx/onnx_pb.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "load/mapped_file.h"
#include "onnx_lint/loader.h"

namespace onnx_lint {
namespace {

void set_attribute(onnx::NodeProto& node, const Attribute& a) {
  onnx::AttributeProto* p = node.add_attribute();
  p->set_name(a.name);
  switch (a.type) {
    case AttrType::kInt:
      p->set_type(onnx::AttributeProto::INT);
      p->set_i(a.i);
      break;
    case AttrType::kInts:
      p->set_type(onnx::AttributeProto::INTS);
      for (int64_t v : a.ints) p->add_ints(v);
      break;
    case AttrType::kFloat:
      p->set_type(onnx::AttributeProto::FLOAT);
      p->set_f(static_cast<float>(a.f));
      break;
    case AttrType::kFloats:
      p->set_type(onnx::AttributeProto::FLOATS);
      for (double v : a.floats) p->add_floats(static_cast<float>(v));
      break;
    default:
      p->set_type(onnx::AttributeProto::STRING);
      p->set_s(a.s);
  }
}

// The replacement nodes of one fix, each carrying the replaced node's
// metadata (torch's name scope and stack trace), so findings on the fixed
// model still lead to the PyTorch line.
void add_replacement(const NodeReplacement& r, const onnx::NodeProto& replaced,
                     onnx::GraphProto& out) {
  for (const NewNode& n : r.nodes) {
    onnx::NodeProto* p = out.add_node();
    p->set_op_type(n.op_type);
    p->set_name(n.name);
    for (const std::string& in : n.inputs) p->add_input(in);
    for (const std::string& o : n.outputs) p->add_output(o);
    for (const Attribute& a : n.attributes) set_attribute(*p, a);
    p->GetReflection()->MutableUnknownFields(p)->MergeFrom(
        replaced.GetReflection()->GetUnknownFields(replaced));
  }
}

std::string apply(const ModelEdit& edit, onnx::ModelProto& proto) {
  onnx::GraphProto& g = *proto.mutable_graph();
  std::map<int, const NodeReplacement*> by_node;
  std::set<int> dead;
  for (const NodeReplacement& r : edit.replacements) {
    if (r.node < 0 || r.node >= g.node_size()) return "a fix names a node the model does not have";
    by_node[r.node] = &r;
    dead.insert(r.dead_constants.begin(), r.dead_constants.end());
  }
  google::protobuf::RepeatedPtrField<onnx::NodeProto> nodes;
  nodes.Swap(g.mutable_node());
  for (int i = 0; i < nodes.size(); ++i) {
    if (dead.count(i)) continue;
    auto it = by_node.find(i);
    if (it == by_node.end()) {
      g.add_node()->Swap(nodes.Mutable(i));
    } else {
      add_replacement(*it->second, nodes.Get(i), g);
    }
  }
  for (const NodeReplacement& r : edit.replacements)
    for (const NewTensor& t : r.initializers) {
      onnx::TensorProto* p = g.add_initializer();
      p->set_name(t.name);
      p->set_data_type(t.elem_type);
      for (int64_t d : t.dims) p->add_dims(d);
      p->set_raw_data(t.raw);
    }
  for (const NewTensor& t : edit.initializers) {
    onnx::TensorProto* p = nullptr;
    for (auto& init : *g.mutable_initializer())
      if (init.name() == t.name) p = &init;
    if (!p)
      return fmt::format("a fix replaces an initializer '{}' the model does not have", t.name);
    p->Clear();
    p->set_name(t.name);
    p->set_data_type(t.elem_type);
    for (int64_t d : t.dims) p->add_dims(d);
    p->set_raw_data(t.raw);
  }
  if (edit.float64_declarations_to_float32) {
    auto retype = [](onnx::ValueInfoProto& vi) {
      if (vi.type().has_tensor_type() &&
          vi.type().tensor_type().elem_type() == onnx::TensorProto::DOUBLE)
        vi.mutable_type()->mutable_tensor_type()->set_elem_type(onnx::TensorProto::FLOAT);
    };
    for (auto& vi : *g.mutable_output()) retype(vi);
    for (auto& vi : *g.mutable_value_info()) retype(vi);
  }
  for (const auto& [name, type] : edit.input_types) {
    onnx::ValueInfoProto* input = nullptr;
    for (auto& vi : *g.mutable_input())
      if (vi.name() == name) input = &vi;
    if (!input || !input->type().has_tensor_type())
      return fmt::format("the model has no tensor input '{}'", name);
    input->mutable_type()->mutable_tensor_type()->set_elem_type(type);
  }
  for (const auto& [name, dims] : edit.input_shapes) {
    onnx::ValueInfoProto* input = nullptr;
    for (auto& vi : *g.mutable_input())
      if (vi.name() == name) input = &vi;
    if (!input || !input->type().has_tensor_type())
      return fmt::format("--set-input-shape: the model has no tensor input '{}'", name);
    auto* shape = input->mutable_type()->mutable_tensor_type()->mutable_shape();
    shape->clear_dim();
    for (int64_t d : dims) shape->add_dim()->set_dim_value(d);
  }
  return "";
}

}  // namespace

std::string write_file_atomically(const std::string& bytes, const std::string& out_path) {
  namespace fs = std::filesystem;
  const fs::path out(out_path);
  const fs::path dir = out.has_parent_path() ? out.parent_path() : fs::path(".");
  std::string tmpl = (dir / fmt::format(".{}.XXXXXX", out.filename().string())).string();
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) return fmt::format("{}: cannot write there: {}", out_path, std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmpl.c_str());
      return fmt::format("{}: cannot write: {}", out_path, why);
    }
    done += static_cast<size_t>(n);
  }
  fchmod(fd, 0644);
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmpl.c_str());
    return fmt::format("{}: cannot write: {}", out_path, std::strerror(errno));
  }
  if (std::rename(tmpl.c_str(), out_path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmpl.c_str());
    return fmt::format("{}: cannot write: {}", out_path, why);
  }
  return "";
}

std::string model_file_bytes(const std::string& path, std::string* bytes) {
  std::string reason;
  auto file = map_file(path, &reason);
  if (!file) return fmt::format("{}: {}", path, reason);
  bytes->assign(file->bytes());
  return "";
}

std::string edit_model_bytes(std::string_view bytes, const std::string& source_path,
                             const ModelEdit& edit, std::string* bytes_out) {
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return fmt::format("{}: over 2 GiB; protobuf cannot write it in one file", source_path);
  onnx::ModelProto proto;
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  in.SetTotalBytesLimit(INT_MAX);
  if (!proto.ParseFromCodedStream(&in) || !proto.has_graph())
    return fmt::format("{}: not an ONNX model", source_path);
  if (std::string why = apply(edit, proto); !why.empty())
    return fmt::format("{}: {}", source_path, why);
  if (!proto.SerializeToString(bytes_out))
    return fmt::format("{}: the fixed model does not serialize (over 2 GiB?)", source_path);
  return "";
}

}  // namespace onnx_lint
