// Shapes of the network ops: convolutions, pooling, matrix products, recurrent
// layers and sampling. Spatial sizes follow the ONNX formulas; where ONNX
// versions or runtimes disagree (ceil_mode rounding) the dim stays unknown.

#include "analysis/node_inference.h"

namespace onnx_lint {
namespace {

std::vector<int64_t> ints_or(const Node& node, std::string_view name, std::vector<int64_t> dflt) {
  const Attribute* a = node.attr(name);
  return a && a->type == AttrType::kInts ? a->ints : dflt;
}

int64_t ceil_div(int64_t a, int64_t b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }
int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -ceil_div(-a, b); }

struct Window {
  int64_t kernel = 0, stride = 1, dilation = 1, pad_begin = 0, pad_end = 0;
};

// One spatial output size of a convolution or pooling window; -1 when unknown.
int64_t window_output(int64_t in, const Window& w, std::string_view auto_pad, bool ceil_mode) {
  if (in < 0 || w.stride <= 0 || w.dilation <= 0 || w.kernel <= 0) return -1;
  // Sizes a real network has; past them the arithmetic could overflow.
  constexpr int64_t kBig = int64_t{1} << 40;
  if (in > kBig || w.stride > kBig || w.dilation > kBig || w.kernel > kBig ||
      (w.pad_begin > kBig || w.pad_begin < -kBig) || (w.pad_end > kBig || w.pad_end < -kBig))
    return -1;
  const int64_t reach = dim_mul(w.dilation, w.kernel - 1);
  if (reach < 0 || reach > kBig) return -1;
  const int64_t effective = reach + 1;
  if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") return ceil_div(in, w.stride);
  if (auto_pad == "VALID") return in < effective ? -1 : floor_div(in - effective, w.stride) + 1;
  const int64_t span = in + w.pad_begin + w.pad_end - effective;
  if (span < 0) return -1;
  if (!ceil_mode) return floor_div(span, w.stride) + 1;
  const int64_t out = ceil_div(span, w.stride) + 1;
  // Newer ONNX and ONNX Runtime drop a last window that starts in the end padding.
  const int64_t adjusted = (out - 1) * w.stride >= in + w.pad_begin ? out - 1 : out;
  return adjusted == out ? out : -1;
}

// Conv, ConvInteger, QLinearConv and the pools: [N, C_out, spatial...].
void windowed(InferNode& n, size_t x_index, size_t w_index, bool is_pool) {
  const TensorType* x = n.input(x_index);
  if (!x || !x->has_shape || x->dims.size() < 2) return;
  const size_t spatial = x->dims.size() - 2;
  const TensorType* w = is_pool ? nullptr : n.input(w_index);
  std::vector<int64_t> kernel = ints_or(n.node, "kernel_shape", {});
  if (kernel.empty() && w && w->has_shape && w->dims.size() == x->dims.size())
    for (size_t d = 2; d < w->dims.size(); ++d) kernel.push_back(w->dims[d].value);
  if (kernel.size() != spatial) return;
  const auto strides = ints_or(n.node, "strides", std::vector<int64_t>(spatial, 1));
  const auto dilations = ints_or(n.node, "dilations", std::vector<int64_t>(spatial, 1));
  const auto pads = ints_or(n.node, "pads", std::vector<int64_t>(2 * spatial, 0));
  if (strides.size() != spatial || dilations.size() != spatial || pads.size() != 2 * spatial)
    return;
  const std::string auto_pad = n.node.attr_string("auto_pad", "NOTSET");
  const bool ceil_mode = n.node.attr_int("ceil_mode", 0) != 0;
  std::vector<Dim> out{x->dims[0], Dim{}};
  if (is_pool)
    out[1] = x->dims[1];
  else if (w && w->has_shape && !w->dims.empty())
    out[1] = w->dims[0];
  for (size_t d = 0; d < spatial; ++d) {
    const Window win{kernel[d], strides[d], dilations[d], pads[d], pads[d + spatial]};
    const int64_t o = window_output(x->dims[d + 2].value, win, auto_pad, ceil_mode);
    out.push_back(o >= 0 ? static_dim(o) : Dim{});
  }
  for (TensorType& t : n.out) t = TensorType{t.elem_type, true, true, out};
}

void conv_transpose(InferNode& n) {
  const TensorType* x = n.input(0);
  const TensorType* w = n.input(1);
  if (!x || !x->has_shape || x->dims.size() < 2 || !w || !w->has_shape ||
      w->dims.size() != x->dims.size())
    return;
  const size_t spatial = x->dims.size() - 2;
  const int64_t group = n.node.attr_int("group", 1);
  const int64_t channels = w->dims[1].is_static() ? dim_mul(w->dims[1].value, group) : -1;
  std::vector<Dim> out{x->dims[0], channels >= 0 ? static_dim(channels) : Dim{}};
  const auto output_shape = ints_or(n.node, "output_shape", {});
  std::vector<int64_t> kernel = ints_or(n.node, "kernel_shape", {});
  if (kernel.empty())
    for (size_t d = 2; d < w->dims.size(); ++d) kernel.push_back(w->dims[d].value);
  const auto strides = ints_or(n.node, "strides", std::vector<int64_t>(spatial, 1));
  const auto dilations = ints_or(n.node, "dilations", std::vector<int64_t>(spatial, 1));
  const auto pads = ints_or(n.node, "pads", std::vector<int64_t>(2 * spatial, 0));
  const auto extra = ints_or(n.node, "output_padding", std::vector<int64_t>(spatial, 0));
  const std::string auto_pad = n.node.attr_string("auto_pad", "NOTSET");
  for (size_t d = 0; d < spatial; ++d) {
    if (output_shape.size() == spatial) {
      out.push_back(static_dim(output_shape[d]));
      continue;
    }
    const int64_t in = x->dims[d + 2].value;
    if (in < 0 || kernel.size() != spatial || strides.size() != spatial ||
        dilations.size() != spatial || pads.size() != 2 * spatial || extra.size() != spatial) {
      out.emplace_back();
      continue;
    }
    constexpr int64_t kBig = int64_t{1} << 30;
    bool sane = in <= kBig && kernel[d] >= 0 && kernel[d] <= kBig && strides[d] >= 0 &&
                strides[d] <= kBig && dilations[d] >= 0 && dilations[d] <= kBig &&
                (pads[d] <= kBig && pads[d] >= -kBig) &&
                (pads[d + spatial] <= kBig && pads[d + spatial] >= -kBig) &&
                (extra[d] <= kBig && extra[d] >= -kBig);
    if (!sane) {
      out.emplace_back();
      continue;
    }
    int64_t o = auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER"
                    ? in * strides[d]
                    : strides[d] * (in - 1) + extra[d] + (kernel[d] - 1) * dilations[d] + 1 -
                          pads[d] - pads[d + spatial];
    out.push_back(o >= 0 ? static_dim(o) : Dim{});
  }
  n.out[0] = TensorType{n.out[0].elem_type, true, true, out};
}

void global_pool(InferNode& n) {
  const TensorType* x = n.input(0);
  if (!x || !x->has_shape || x->dims.size() < 2) return;
  std::vector<Dim> out(x->dims.begin(), x->dims.begin() + 2);
  out.resize(x->dims.size(), static_dim(1));
  n.out[0] = TensorType{n.out[0].elem_type, true, true, out};
}

void gemm(InferNode& n) {
  const TensorType* a = n.input(0);
  const TensorType* b = n.input(1);
  if (!a || !b || !a->has_shape || !b->has_shape || a->dims.size() != 2 || b->dims.size() != 2)
    return;
  const Dim m = n.node.attr_int("transA", 0) ? a->dims[1] : a->dims[0];
  const Dim cols = n.node.attr_int("transB", 0) ? b->dims[0] : b->dims[1];
  n.out[0] = TensorType{n.out[0].elem_type, true, true, {m, cols}};
}

// NumPy matmul: 1-D operands are promoted to matrices and the added dim dropped again.
void matmul(InferNode& n, size_t a_index, size_t b_index) {
  const TensorType* a = n.input(a_index);
  const TensorType* b = n.input(b_index);
  if (!a || !b || !a->has_shape || !b->has_shape || a->dims.empty() || b->dims.empty()) return;
  std::vector<Dim> ad = a->dims, bd = b->dims;
  const bool a_vec = ad.size() == 1, b_vec = bd.size() == 1;
  if (a_vec) ad.insert(ad.begin(), static_dim(1));
  if (b_vec) bd.push_back(static_dim(1));
  TensorType ab = with_shape(ad), bb = with_shape(bd);
  TensorType a_batch = with_shape({ab.dims.begin(), ab.dims.end() - 2});
  TensorType b_batch = with_shape({bb.dims.begin(), bb.dims.end() - 2});
  auto batch = broadcast({&a_batch, &b_batch});
  if (!batch) return;
  if (!a_vec) batch->push_back(ab.dims[ab.dims.size() - 2]);
  if (!b_vec) batch->push_back(bb.dims.back());
  n.out[0] = TensorType{n.out[0].elem_type, true, true, *batch};
}

// RNN, GRU, LSTM: Y [seq, dirs, batch, hidden], Y_h and Y_c [dirs, batch, hidden] (layout 0).
void recurrent(InferNode& n) {
  const TensorType* x = n.input(0);
  if (!x || !x->has_shape || x->dims.size() != 3) return;
  const bool batch_first = n.node.attr_int("layout", 0) == 1;
  const Dim seq = batch_first ? x->dims[1] : x->dims[0];
  const Dim batch = batch_first ? x->dims[0] : x->dims[1];
  const Dim dirs =
      static_dim(n.node.attr_string("direction", "forward") == "bidirectional" ? 2 : 1);
  Dim hidden;
  if (const Attribute* h = n.node.attr("hidden_size"); h && h->type == AttrType::kInt)
    hidden = static_dim(h->i);
  std::vector<std::vector<Dim>> shapes = {
      batch_first ? std::vector<Dim>{batch, seq, dirs, hidden}
                  : std::vector<Dim>{seq, dirs, batch, hidden},
      batch_first ? std::vector<Dim>{batch, dirs, hidden} : std::vector<Dim>{dirs, batch, hidden}};
  for (size_t k = 0; k < n.out.size() && k < 3; ++k)
    n.out[k] = TensorType{n.out[k].elem_type, true, true, shapes[k == 0 ? 0 : 1]};
}

void grid_sample(InferNode& n) {
  const TensorType* x = n.input(0);
  const TensorType* grid = n.input(1);
  if (!x || !grid || !x->has_shape || !grid->has_shape || x->dims.size() < 3 ||
      grid->dims.size() != x->dims.size())
    return;
  std::vector<Dim> out{x->dims[0], x->dims[1]};
  for (size_t d = 1; d + 1 < grid->dims.size(); ++d) out.push_back(grid->dims[d]);
  n.out[0] = TensorType{n.out[0].elem_type, true, true, out};
}

void roi_align(InferNode& n) {
  const TensorType* x = n.input(0);
  const TensorType* rois = n.input(1);
  if (!x || !rois || !x->has_shape || !rois->has_shape || x->dims.size() != 4 ||
      rois->dims.size() != 2)
    return;
  n.out[0] = TensorType{n.out[0].elem_type,
                        true,
                        true,
                        {rois->dims[0], x->dims[1], static_dim(n.node.attr_int("output_height", 1)),
                         static_dim(n.node.attr_int("output_width", 1))}};
}

}  // namespace

bool infer_nn_shape(InferNode& n) {
  if (n.node.domain == "ai.onnx.ml" || n.out.empty()) return false;
  const std::string_view op = n.node.op_type;
  if (op == "Conv" || op == "ConvInteger")
    windowed(n, 0, 1, false);
  else if (op == "QLinearConv")
    windowed(n, 0, 3, false);
  else if (op == "MaxPool" || op == "AveragePool" || op == "LpPool")
    windowed(n, 0, 0, true);
  else if (op == "ConvTranspose")
    conv_transpose(n);
  else if (op == "GlobalAveragePool" || op == "GlobalMaxPool" || op == "GlobalLpPool")
    global_pool(n);
  else if (op == "Gemm")
    gemm(n);
  else if (op == "MatMul" || op == "MatMulInteger")
    matmul(n, 0, 1);
  else if (op == "QLinearMatMul")
    matmul(n, 0, 3);
  else if (op == "RNN" || op == "GRU" || op == "LSTM")
    recurrent(n);
  else if (op == "GridSample")
    grid_sample(n);
  else if (op == "RoiAlign")
    roi_align(n);
  else
    return false;
  return true;
}

}  // namespace onnx_lint
