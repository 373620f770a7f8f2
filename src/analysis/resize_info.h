// What a Resize / Upsample node does, in PyTorch terms. Shared by OL101 and OL102.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "onnx_lint/model.h"

namespace onnx_lint {

struct ResizeInfo {
  std::string mode;             // "nearest", "linear", "bilinear" (Upsample-7) or "cubic"
  std::string coordinate_mode;  // coordinate_transformation_mode, defaulted per opset
  int rank = -1;                // of the resized tensor, when known
  std::vector<double> scales;   // when constant; per axis in `axes` when that is given
  std::vector<int64_t> sizes;   // when constant; likewise
  std::vector<int64_t> axes;    // Resize-18+: the axes scales/sizes apply to (non-negative)
  bool from_1x1 = false;        // the input's spatial dims are all 1 (ASPP's image pooling)
  bool antialias = false;       // Resize-18+: antialias=1 (F.interpolate(antialias=True))
  std::string aspect_policy;    // Resize-18+: keep_aspect_ratio_policy ("stretch" by default)
  bool linear() const { return mode == "linear" || mode == "bilinear"; }
  bool cubic() const { return mode == "cubic"; }
  bool nearest() const { return mode == "nearest"; }
  /// The PyTorch calls that export to this node ("nn.UpsamplingBilinear2d, ...").
  std::string torch_idiom() const;
  /// The Resize-18 attributes that change what the node does, as a note:
  /// ", antialiased" and/or ", keeping the aspect ratio (not_larger)"; "" otherwise.
  std::string opset18_note() const;
  /// "2x2" for spatial scales, "to 12x12" for sizes, "" when unknown.
  std::string factor_text() const;
  /// The single integer spatial factor when every spatial scale is that integer.
  std::optional<int64_t> integer_factor() const;
};

/// The Resize / Upsample whose scales `tensor` becomes, through the Unsqueeze,
/// Cast and Concat torch puts around a scale factor; nullptr when none.
const Node* resize_fed_as_scales(const Graph& graph, std::string_view tensor);

/// nullopt unless the node is an ai.onnx Resize or Upsample.
std::optional<ResizeInfo> describe_resize(const Model& model, const Graph& graph, const Node& node);

}  // namespace onnx_lint
