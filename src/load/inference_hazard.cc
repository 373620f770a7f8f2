#include "load/inference_hazard.h"

#include <fmt/format.h>
#include <onnx/onnx_pb.h>

#include <cstring>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/tensor_value.h"

namespace onnx_lint {
namespace {

// libonnx's inference turns some numbers from the file into allocations: a
// ConstantOfShape or Range fed a constant of 2^61 makes a 1-D tensor of that
// length, and Expand's inference then builds a shape of that rank. No exported
// network has a dimension near 2^31, so such a model skips inference instead.
constexpr int64_t kMaxSaneDim = int64_t{1} << 31;

bool dims_sane(const onnx::TypeProto& type) {
  if (!type.has_tensor_type() || !type.tensor_type().has_shape()) return true;
  for (const auto& d : type.tensor_type().shape().dim())
    if (d.has_dim_value() && (d.dim_value() > kMaxSaneDim || d.dim_value() < 0)) return false;
  return true;
}

// A shape has at most this many dims; ONNX inference makes a tensor fed to a
// shape input into a rank, so a longer 1-D tensor there is an allocation bomb.
constexpr int64_t kMaxShapeLength = 64;

int64_t first_int(const onnx::TensorProto& t) {
  if (t.int64_data_size() > 0) return t.int64_data(0);
  if (t.int32_data_size() > 0) return t.int32_data(0);
  if (t.data_type() == onnx::TensorProto::INT64 && t.raw_data().size() >= 8) {
    int64_t v;
    std::memcpy(&v, t.raw_data().data(), 8);
    return v;
  }
  if (t.data_type() == onnx::TensorProto::INT32 && t.raw_data().size() >= 4) {
    int32_t v;
    std::memcpy(&v, t.raw_data().data(), 4);
    return v;
  }
  return 0;
}

// libonnx 1.12 reads constant payloads during inference trusting their dims
// (ParseData copies dims-many elements from raw_data of any size): a payload
// that disagrees with its dims must never reach it.
bool payload_matches_dims(const onnx::TensorProto& t) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL) return true;  // never parsed
  const int size = element_size(t.data_type());
  if (size == 0) return true;  // strings and unknown types: inference does not parse them
  uint64_t n = 1;
  for (int64_t d : t.dims()) {
    if (d < 0 || (d > 0 && n > (uint64_t{1} << 40) / static_cast<uint64_t>(d))) return false;
    n *= static_cast<uint64_t>(d);
  }
  if (t.has_raw_data()) return t.raw_data().size() == n * static_cast<uint64_t>(size);
  const uint64_t typed = static_cast<uint64_t>(t.float_data_size()) + t.int32_data_size() +
                         t.int64_data_size() + t.double_data_size() + t.uint64_data_size();
  // No payload at all is a tensor the skeleton left in the file: inference sees it empty.
  return typed == 0 || typed == n ||
         (typed == 2 * n && (t.data_type() == onnx::TensorProto::COMPLEX64 ||
                             t.data_type() == onnx::TensorProto::COMPLEX128));
}

// What one graph declares and holds, indexed by name, and the first hazard
// met while indexing it.
struct GraphFacts {
  std::unordered_map<std::string_view, const onnx::TypeProto*> declared;
  std::unordered_map<std::string_view, const onnx::TensorProto*> constants;
  std::unordered_map<std::string_view, const onnx::NodeProto*> producer;
  std::string hazard;

  explicit GraphFacts(const onnx::GraphProto& g) {
    for (const auto* list : {&g.input(), &g.output(), &g.value_info()})
      for (const auto& vi : *list) {
        if (!dims_sane(vi.type())) {
          fail(fmt::format("tensor '{}' declares a dimension outside [0, 2^31]", vi.name()));
          return;
        }
        declared.emplace(vi.name(), &vi.type());
      }
    for (const auto& t : g.initializer()) {
      if (!payload_matches_dims(t)) {
        fail(
            fmt::format("initializer '{}' holds a payload that does not match its dims", t.name()));
        return;
      }
      constants.emplace(t.name(), &t);
    }
    for (const auto& n : g.node()) {
      for (const auto& out : n.output()) producer.emplace(out, &n);
      for (const auto& a : n.attribute()) {
        bool sane = !a.has_t() || payload_matches_dims(a.t());
        for (const auto& t : a.tensors()) sane = sane && payload_matches_dims(t);
        if (!sane) {
          fail(fmt::format("{} '{}' holds a tensor whose payload does not match its dims",
                           n.op_type(), n.name()));
          return;
        }
        if (n.op_type() == "Constant" && n.output_size() == 1 && a.has_t())
          constants.emplace(n.output(0), &a.t());
      }
    }
  }

  void fail(std::string why) {
    if (hazard.empty()) hazard = std::move(why);
  }

  const onnx::TensorProto* constant(std::string_view name) const {
    auto c = constants.find(name);
    return c == constants.end() ? nullptr : c->second;
  }

  // The length of a 1-D tensor that will be read as a shape, when it is known.
  int64_t shape_length(std::string_view name) const {
    if (const onnx::TensorProto* c = constant(name)) return c->dims_size() == 1 ? c->dims(0) : 0;
    if (auto d = declared.find(name); d != declared.end() && d->second->has_tensor_type()) {
      const auto& shape = d->second->tensor_type().shape();
      if (shape.dim_size() == 1 && shape.dim(0).has_dim_value()) return shape.dim(0).dim_value();
    }
    auto p = producer.find(name);
    if (p == producer.end()) return 0;
    const onnx::NodeProto& n = *p->second;
    if (n.op_type() == "ConstantOfShape" && n.input_size() > 0) {
      const onnx::TensorProto* c = constant(n.input(0));
      return c ? first_int(*c) : 0;
    }
    if (n.op_type() != "Range" || n.input_size() < 3) return 0;
    const onnx::TensorProto *start = constant(n.input(0)), *limit = constant(n.input(1)),
                            *step = constant(n.input(2));
    if (!start || !limit || !step || first_int(*step) == 0) return 0;
    const long double len =
        (static_cast<long double>(first_int(*limit)) - first_int(*start)) / first_int(*step);
    return len > 1e18L ? INT64_MAX : static_cast<int64_t>(len);
  }
};

}  // namespace

// Why inference must not run on this model, or "".
std::string inference_hazard(const onnx::ModelProto& proto) {
  std::vector<const onnx::GraphProto*> stack{&proto.graph()};
  while (!stack.empty()) {
    const onnx::GraphProto* g = stack.back();
    stack.pop_back();
    const GraphFacts facts(*g);
    if (!facts.hazard.empty()) return facts.hazard;
    for (const auto& n : g->node()) {
      int slot = -1;
      if (n.op_type() == "Expand" || n.op_type() == "Reshape" || n.op_type() == "Tile") slot = 1;
      if (n.op_type() == "ConstantOfShape") slot = 0;
      if (slot >= 0 && slot < n.input_size() && facts.shape_length(n.input(slot)) > kMaxShapeLength)
        return fmt::format("{} '{}' is given a shape of more than {} dims", n.op_type(), n.name(),
                           kMaxShapeLength);
      for (const auto& a : n.attribute()) {
        if (a.has_g()) stack.push_back(&a.g());
        for (const auto& sub : a.graphs()) stack.push_back(&sub);
      }
    }
  }
  return "";
}

}  // namespace onnx_lint
