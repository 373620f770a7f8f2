#include "analysis/resize_info.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace onnx_lint {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string dims_text(const std::vector<std::string>& parts) {
  return fmt::format("{}", fmt::join(parts, "x"));
}

// Resize-18 added antialias, axes and keep_aspect_ratio_policy (19 only added
// half_pixel_symmetric, a coordinate mode, read as any other).
void read_opset18_attributes(const Node& node, int64_t opset, ResizeInfo& info) {
  if (node.op_type != "Resize" || opset < 18) return;
  info.antialias = node.attr_int("antialias", 0) != 0;
  info.aspect_policy = node.attr_string("keep_aspect_ratio_policy", "stretch");
  if (const Attribute* a = node.attr("axes"); a && a->type == AttrType::kInts) {
    for (int64_t axis : a->ints)
      info.axes.push_back(axis < 0 && info.rank > 0 ? axis + info.rank : axis);
  }
}

// The resized dims that are spatial (torch never resizes batch and channel):
// indexes into scales/sizes.
std::vector<size_t> spatial_slots(const ResizeInfo& info, size_t values) {
  std::vector<size_t> slots;
  for (size_t i = 0; i < values; ++i) {
    const int64_t axis = info.axes.size() == values ? info.axes[i] : static_cast<int64_t>(i);
    const bool full = info.axes.empty() && values > 2;
    if ((full && axis >= 2) || (!full && (info.axes.empty() || axis >= 2))) slots.push_back(i);
  }
  return slots;
}

}  // namespace

std::optional<ResizeInfo> describe_resize(const Model& model, const Graph& graph,
                                          const Node& node) {
  if (!node.in_onnx_domain() || (node.op_type != "Resize" && node.op_type != "Upsample"))
    return std::nullopt;
  ResizeInfo info;
  // Both ops default to nearest when the attribute is absent.
  info.mode = lower(node.attr_string("mode", "nearest"));
  const int64_t opset = model.opset("").value_or(0);
  const bool resize11 = node.op_type == "Resize" && opset >= 11;
  info.coordinate_mode =
      node.attr_string("coordinate_transformation_mode", resize11 ? "half_pixel" : "asymmetric");

  std::string_view scales_input, sizes_input;
  if (node.op_type == "Upsample") {
    if (const Attribute* a = node.attr("scales"); a && !a->floats.empty())
      info.scales = a->floats;
    else
      scales_input = node.input(1);
  } else if (resize11) {
    scales_input = node.input(2);
    sizes_input = node.input(3);
  } else {
    scales_input = node.input(1);
  }
  if (auto v = model.constant(graph, scales_input); v && !v->floats.empty())
    info.scales = v->floats;
  if (auto v = model.constant(graph, sizes_input); v && !v->ints.empty()) info.sizes = v->ints;

  if (const TensorType* t = graph.type_of(node.input(0)); t && t->has_shape) {
    info.rank = static_cast<int>(t->dims.size());
    info.from_1x1 = t->dims.size() > 2;
    for (size_t i = 2; i < t->dims.size(); ++i) info.from_1x1 &= t->dims[i].value == 1;
  }
  if (info.rank < 0 && !info.scales.empty()) info.rank = static_cast<int>(info.scales.size());
  if (info.rank < 0 && !info.sizes.empty() && !node.attr("axes"))
    info.rank = static_cast<int>(info.sizes.size());
  read_opset18_attributes(node, opset, info);
  return info;
}

std::string ResizeInfo::torch_idiom() const {
  if (antialias)
    return "F.interpolate(..., antialias=True) or torchvision.transforms.Resize(antialias=True)";
  const bool align = coordinate_mode == "align_corners";
  if (linear()) {
    if (rank == 5)
      return align ? "F.interpolate(mode='trilinear', align_corners=True)"
                   : "F.interpolate(mode='trilinear') / nn.Upsample(mode='trilinear')";
    if (rank == 3)
      return align ? "F.interpolate(mode='linear', align_corners=True)"
                   : "F.interpolate(mode='linear') / nn.Upsample(mode='linear')";
    if (align)
      return "nn.UpsamplingBilinear2d, F.upsample_bilinear or F.interpolate(mode='bilinear', "
             "align_corners=True)";
    return "F.interpolate(mode='bilinear', align_corners=False), nn.Upsample(mode='bilinear') or "
           "torchvision.transforms.Resize";
  }
  if (cubic()) return "F.interpolate(mode='bicubic') / nn.Upsample(mode='bicubic')";
  if (coordinate_mode == "half_pixel" || coordinate_mode == "pytorch_half_pixel")
    return "F.interpolate(mode='nearest-exact')";
  if (rank == 4 || rank < 0)
    return "nn.UpsamplingNearest2d, F.upsample_nearest or F.interpolate(mode='nearest')";
  return "F.interpolate(mode='nearest') / nn.Upsample(mode='nearest')";
}

std::string ResizeInfo::opset18_note() const {
  std::string note;
  if (antialias) note += ", antialiased";
  if (!aspect_policy.empty() && aspect_policy != "stretch")
    note += fmt::format(", keeping the aspect ratio ({})", aspect_policy);
  return note;
}

std::string ResizeInfo::factor_text() const {
  std::vector<std::string> parts;
  if (!scales.empty()) {
    for (size_t i : spatial_slots(*this, scales.size()))
      parts.push_back(fmt::format("{:g}", scales[i]));
    return parts.empty() ? "" : dims_text(parts);
  }
  if (!sizes.empty()) {
    for (size_t i : spatial_slots(*this, sizes.size())) parts.push_back(std::to_string(sizes[i]));
    return parts.empty() ? "" : "to " + dims_text(parts);
  }
  return "";
}

std::optional<int64_t> ResizeInfo::integer_factor() const {
  const std::vector<size_t> slots = spatial_slots(*this, scales.size());
  if (slots.empty() || (axes.empty() && scales.size() < 3)) return std::nullopt;
  const double f = scales[slots.front()];
  for (size_t i : slots)
    if (scales[i] != f) return std::nullopt;
  if (!(f >= 1 && f <= 1e6) || std::floor(f) != f) return std::nullopt;  // also NaN and inf
  return static_cast<int64_t>(f);
}

const Node* resize_fed_as_scales(const Graph& g, std::string_view tensor) {
  // A breadth-first walk a few hops down; scale factors pass through these.
  std::vector<std::string_view> frontier{tensor};
  for (int hops = 0; hops < 6 && !frontier.empty(); ++hops) {
    std::vector<std::string_view> next;
    for (std::string_view t : frontier)
      for (int i : g.consumers(t)) {
        const Node& n = g.nodes[i];
        if (!n.in_onnx_domain()) continue;
        const size_t scales = n.op_type == "Resize" ? 2 : n.op_type == "Upsample" ? 1 : 0;
        if (scales && n.input(scales) == t) return &n;
        static constexpr std::string_view kPass[] = {"Unsqueeze", "Cast", "Concat",
                                                     "Reshape",   "Mul",  "Identity"};
        if (std::find(std::begin(kPass), std::end(kPass), n.op_type) == std::end(kPass)) continue;
        for (std::string_view out : n.outputs) next.push_back(out);
      }
    frontier = std::move(next);
  }
  return nullptr;
}

}  // namespace onnx_lint
