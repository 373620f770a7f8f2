// Network ops: MatMul and Gemm (inner dims must match), convolutions and
// pools (channels against the weight; spatial sizes by their formula), the
// recurrent ops (the initial state's batch against the sequence's: `h0 =
// torch.zeros(1, int(x.size(1)), H)`), Resize and Upsample (a constant
// output size where the input's size is dynamic).
#include <algorithm>
#include <cmath>

#include "analysis/sym_state.h"

namespace onnx_lint {
namespace {

// Two sizes that must match; the fixed one wins, as it does where the node runs.
SymDim match(SymStep& s, const SymDim& a, const SymDim& b, int axis, std::string_view tensor) {
  if (a.e == b.e) return a.origin >= b.origin ? a : b;
  const SymDim* fixed = fixed_side(a, b);
  if (!fixed) return a;
  s.require(ConstraintKind::kEqual, (fixed == &a ? b : a).e, fixed->e, *fixed, axis, tensor);
  return *fixed;
}

void matmul(SymStep& s) {
  const SymTensor* a = s.ranked(0);
  const SymTensor* b = s.ranked(1);
  if (!a || !b || a->dims.empty() || b->dims.empty()) return;
  SymTensor x = *a, y = *b;
  const bool a_vec = x.dims.size() == 1, b_vec = y.dims.size() == 1;
  if (a_vec) x.dims.insert(x.dims.begin(), const_dim(1));
  if (b_vec) y.dims.push_back(const_dim(1));
  match(s, x.dims.back(), y.dims[y.dims.size() - 2], static_cast<int>(x.dims.size()) - 1,
        s.node.input(1));
  SymTensor xb, yb;
  xb.ranked = yb.ranked = true;
  xb.dims.assign(x.dims.begin(), x.dims.end() - 2);
  yb.dims.assign(y.dims.begin(), y.dims.end() - 2);
  const SymTensor* batch[] = {&xb, &yb};
  std::vector<SymDim> dims;
  if (!broadcast_shapes(s, batch, dims)) return;
  if (!a_vec) dims.push_back(x.dims[x.dims.size() - 2]);
  if (!b_vec) dims.push_back(y.dims.back());
  s.out[0].ranked = true;
  s.out[0].dims = std::move(dims);
}

void gemm(SymStep& s) {
  const SymTensor* a = s.ranked(0);
  const SymTensor* b = s.ranked(1);
  if (!a || !b || a->dims.size() != 2 || b->dims.size() != 2) return;
  const bool ta = s.node.attr_int("transA", 0) != 0, tb = s.node.attr_int("transB", 0) != 0;
  const SymDim& m = a->dims[ta ? 1 : 0];
  const SymDim& ka = a->dims[ta ? 0 : 1];
  const SymDim& kb = b->dims[tb ? 1 : 0];
  const SymDim& n = b->dims[tb ? 0 : 1];
  match(s, ka, kb, ta ? 0 : 1, s.node.input(1));
  s.out[0].ranked = true;
  s.out[0].dims = {m, n};
}

// Conv/ConvTranspose/pools: batch, channels, then the spatial sizes.
SymDim spatial(SymStep& s, const SymDim& in, int64_t kernel, int64_t stride, int64_t dilation,
               int64_t pads, bool ceil_mode, bool transpose, int64_t out_pad) {
  const std::string pad_mode = s.node.attr_string("auto_pad", "NOTSET");
  if (transpose) {  // stride*(in-1) + out_pad + (k-1)*dilation + 1 - pads
    SymExpr e = prod_or_unknown(s, diff_or_unknown(s, in.e, SymExpr::constant(1)),
                                SymExpr::constant(stride));
    e = sum_or_unknown(s, e, SymExpr::constant(out_pad + (kernel - 1) * dilation + 1 - pads));
    if (pad_mode == "SAME_UPPER" || pad_mode == "SAME_LOWER")
      e = prod_or_unknown(s, in.e, SymExpr::constant(stride));
    return SymDim{e, in.e.is_constant() ? in.origin : Origin::kNone};
  }
  SymExpr e;
  if (pad_mode == "SAME_UPPER" || pad_mode == "SAME_LOWER") {
    e = s.atoms.ceil_div(in.e, stride);
  } else {
    const int64_t span = dilation * (kernel - 1) + 1;
    const SymExpr room = sum_or_unknown(s, in.e, SymExpr::constant(pads - span));
    e = ceil_mode ? s.atoms.ceil_div(room, stride) : s.atoms.floor_div(room, stride);
    if (pad_mode == "VALID")
      e = s.atoms.ceil_div(sum_or_unknown(s, in.e, SymExpr::constant(1 - span)), stride);
    else
      e = sum_or_unknown(s, e, SymExpr::constant(1));
  }
  return SymDim{e, in.e.is_constant() ? in.origin : Origin::kNone};
}

std::vector<int64_t> attr_ints(const Node& n, std::string_view name, size_t count, int64_t fill) {
  const Attribute* a = n.attr(name);
  if (a && a->ints.size() >= count) return a->ints;
  return std::vector<int64_t>(count, fill);
}

void conv_like(SymStep& s) {
  const std::string_view op = s.node.op_type;
  const SymTensor* x = s.ranked(0);
  if (!x || x->dims.size() < 3) return;
  const size_t rank = x->dims.size() - 2;
  const bool conv = op == "Conv" || op == "ConvTranspose";
  const SymTensor* w = conv ? s.ranked(1) : nullptr;
  if (conv && (!w || w->dims.size() != rank + 2)) return;
  std::vector<int64_t> kernel(rank, 1);
  if (conv) {
    for (size_t d = 0; d < rank; ++d) {
      auto k = w->dims[d + 2].e.constant_value();
      if (!k) return;
      kernel[d] = *k;
    }
  } else {
    kernel = attr_ints(s.node, "kernel_shape", rank, 1);
  }
  const auto strides = attr_ints(s.node, "strides", rank, 1);
  const auto dil = attr_ints(s.node, "dilations", rank, 1);
  const auto pads = attr_ints(s.node, "pads", 2 * rank, 0);
  const auto out_pad = attr_ints(s.node, "output_padding", rank, 0);
  const bool ceil_mode = s.node.attr_int("ceil_mode", 0) != 0;
  std::vector<SymDim> dims{x->dims[0]};
  const int64_t group = std::max<int64_t>(1, s.node.attr_int("group", 1));
  if (op == "Conv") {
    // The input's channels must be the weight's times the groups.
    SymDim want{prod_or_unknown(s, w->dims[1].e, SymExpr::constant(group)), w->dims[1].origin};
    want.tensor = w->dims[1].tensor;
    match(s, x->dims[1], want, 1, s.node.input(1));
    dims.push_back(w->dims[0]);
  } else if (op == "ConvTranspose") {
    dims.push_back(SymDim{prod_or_unknown(s, w->dims[1].e, SymExpr::constant(group))});
  } else {
    dims.push_back(x->dims[1]);
  }
  for (size_t d = 0; d < rank; ++d)
    dims.push_back(spatial(s, x->dims[d + 2], kernel[d], std::max<int64_t>(1, strides[d]), dil[d],
                           pads[d] + pads[d + rank], ceil_mode, op == "ConvTranspose", out_pad[d]));
  for (SymTensor& t : s.out) {
    t.ranked = true;
    t.dims = dims;
  }
}

void global_pool(SymStep& s) {
  const SymTensor* x = s.ranked(0);
  if (!x || x->dims.size() < 2) return;
  s.out[0].ranked = true;
  s.out[0].dims = {x->dims[0], x->dims[1]};
  for (size_t d = 2; d < x->dims.size(); ++d) s.out[0].dims.push_back(const_dim(1));
}

// RNN/GRU/LSTM: X [seq, batch, input] (layout 0) or [batch, seq, input];
// initial_h / initial_c [dirs, batch, hidden] (or [batch, dirs, hidden]).
void recurrent(SymStep& s) {
  const SymTensor* x = s.ranked(0);
  if (!x || x->dims.size() != 3) return;
  const bool batch_first = s.node.attr_int("layout", 0) != 0;
  SymDim seq = x->dims[batch_first ? 1 : 0], batch = x->dims[batch_first ? 0 : 1];
  const int64_t hidden = s.node.attr_int("hidden_size", -1);
  const std::string dir = s.node.attr_string("direction", "forward");
  const int64_t dirs = dir == "bidirectional" ? 2 : 1;
  const bool lstm = s.node.op_type == "LSTM";
  for (size_t i : {size_t{5}, size_t{6}}) {
    if (i == 6 && !lstm) break;
    const SymTensor* h = s.ranked(i);
    if (!h || h->dims.size() != 3 || s.node.input(i).empty()) continue;
    batch = match(s, batch, h->dims[batch_first ? 0 : 1], batch_first ? 0 : 1, s.node.input(i));
  }
  const SymDim hid = hidden > 0 ? const_dim(hidden) : SymDim{s.unknown()};
  const SymDim d = const_dim(dirs);
  const std::vector<SymDim> y = batch_first ? std::vector<SymDim>{batch, seq, d, hid}
                                            : std::vector<SymDim>{seq, d, batch, hid};
  const std::vector<SymDim> state =
      batch_first ? std::vector<SymDim>{batch, d, hid} : std::vector<SymDim>{d, batch, hid};
  for (size_t k = 0; k < s.out.size(); ++k) {
    s.out[k].ranked = true;
    s.out[k].dims = k == 0 ? y : state;
  }
}

// Resize/Upsample: a constant target size, or a scale. A literal size where
// the input's dim is dynamic no longer follows the input.
void resize(SymStep& s) {
  const SymTensor* x = s.ranked(0);
  if (!x) return;
  const bool upsample = s.node.op_type == "Upsample";
  const size_t sizes_input = 3, scales_input = upsample ? 1 : (s.opset >= 11 ? 2 : 1);
  std::vector<SymDim> dims = x->dims;
  const std::vector<SymDim>* sizes =
      !upsample && s.opset >= 11 && !s.node.input(sizes_input).empty() ? s.values(sizes_input)
                                                                       : nullptr;
  if (sizes && sizes->size() == dims.size()) {
    for (size_t d = 0; d < dims.size(); ++d) {
      SymDim want = (*sizes)[d];
      if (want.origin == Origin::kLiteral) want.node = s.node.index;
      if (!x->dims[d].e.is_constant() && want.e.is_constant())
        s.require(ConstraintKind::kResize, x->dims[d].e, want.e, want, static_cast<int>(d),
                  s.node.input(0));
      dims[d] = want;
    }
  } else {
    const std::optional<TensorValue> scales =
        s.node.input(scales_input).empty() ? std::nullopt
                                           : s.model.constant(s.graph, s.node.input(scales_input));
    if (!scales || scales->floats.size() != dims.size()) return;
    // A whole number a scale can be, and only then: a hostile file's 1e300
    // or NaN must not reach an integer cast.
    auto whole = [](double v) { return v >= 1.0 && v < 1e9 && v == std::floor(v); };
    for (size_t d = 0; d < dims.size(); ++d) {
      const double f = scales->floats[d];
      if (f == 1.0) continue;
      if (whole(f)) {
        dims[d].e = prod_or_unknown(s, dims[d].e, SymExpr::constant(static_cast<int64_t>(f)));
      } else if (f > 0 && whole(1.0 / f)) {
        dims[d].e = s.atoms.floor_div(dims[d].e, static_cast<int64_t>(1.0 / f));
      } else {
        dims[d] = SymDim{s.unknown()};
      }
      if (!dims[d].e.is_constant()) dims[d].origin = Origin::kNone;
    }
  }
  s.out[0].ranked = true;
  s.out[0].dims = std::move(dims);
}

}  // namespace

bool sym_nn(SymStep& s) {
  const std::string_view op = s.node.op_type;
  if (s.out.empty()) return false;
  if (op == "MatMul") return matmul(s), true;
  if (op == "Gemm") return gemm(s), true;
  if (op == "Conv" || op == "ConvTranspose" || op == "MaxPool" || op == "AveragePool" ||
      op == "LpPool")
    return conv_like(s), true;
  if (op == "GlobalAveragePool" || op == "GlobalMaxPool" || op == "GlobalLpPool")
    return global_pool(s), true;
  if (op == "RNN" || op == "GRU" || op == "LSTM") return recurrent(s), true;
  if (op == "Resize" || op == "Upsample") return resize(s), true;
  return false;
}

}  // namespace onnx_lint
