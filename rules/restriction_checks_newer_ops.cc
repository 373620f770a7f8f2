// OL603's checks of the restrictions on the ops TensorRT's matrices gained
// from 10.6 on (Attention, RotaryEmbedding, TensorScatter: 10.15; STFT: 10.5;
// GridSample's rank, 5-D from 11.2) and of the importer's Squeeze without axes.
#include <fmt/format.h>

#include <algorithm>

#include "restriction_checks.h"

namespace onnx_lint {
namespace {

std::optional<size_t> rank_of(const Use& u, size_t i) {
  const TensorType* t = u.n.input(i).empty() ? nullptr : u.g.type_of(u.n.input(i));
  if (!t || !t->has_shape) return std::nullopt;
  return t->dims.size();
}

bool output_used(const Use& u, size_t i) {
  if (u.n.outputs.size() <= i || u.n.outputs[i].empty()) return false;
  const std::string_view name = u.n.outputs[i];
  return !u.g.consumers(name).empty() ||
         std::find(u.g.outputs.begin(), u.g.outputs.end(), name) != u.g.outputs.end();
}

std::optional<Broken> attention_4d(const Use& u) {
  constexpr const char* kNames[] = {"Q", "K", "V", "attn_mask"};
  for (size_t i = 0; i < 4; ++i) {
    auto rank = rank_of(u, i);
    if (!rank || *rank == 4) continue;
    return Broken{fmt::format("its {} has rank {}{}", kNames[i], *rank,
                              *rank == 3 ? " (the [batch, sequence, hidden] form)" : ""),
                  "give the attention 4-D tensors: `q.view(b, s, heads, d).transpose(1, 2)` for "
                  "Q, K and V, and a [batch, 1, s, s] mask, as `F.scaled_dot_product_attention` "
                  "takes them"};
  }
  return std::nullopt;
}

std::optional<Broken> attention_cache(const Use& u) {
  constexpr const char* kIn[] = {"past_key", "past_value", "nonpad_kv_seqlen"};
  constexpr const char* kOut[] = {"present_key", "present_value", "qk_matmul_output"};
  std::string what;
  for (size_t i = 0; i < 3; ++i) {
    if (!u.n.input(4 + i).empty()) what = fmt::format("it has a {} input", kIn[i]);
    if (what.empty() && output_used(u, 1 + i)) what = fmt::format("its {} output is used", kOut[i]);
    if (!what.empty()) break;
  }
  if (what.empty()) return std::nullopt;
  return Broken{what,
                "keep the KV cache outside the attention: `torch.cat([past_k, k], dim=2)` (and "
                "for V), then attend over the result, which exports without past/present tensors"};
}

std::optional<Broken> attention_softcap(const Use& u) {
  const Attribute* softcap = u.n.attr("softcap");
  if (softcap && softcap->f != 0.0)
    return Broken{"it sets softcap",
                  "apply the cap outside the op: compute `scores = q @ k.transpose(-2, -1) * "
                  "scale`, `scores = cap * torch.tanh(scores / cap)`, then softmax and `@ v`"};
  if (u.n.attr_int("qk_matmul_output_mode", 0) != 0)
    return Broken{"it sets qk_matmul_output_mode",
                  "drop the request for the intermediate scores (leave qk_matmul_output unused)"};
  return std::nullopt;
}

std::optional<Broken> gridsample_rank(const Use& u) {
  auto rank = rank_of(u, 0);
  if (!rank || (*rank >= 4 && *rank <= static_cast<size_t>(u.r.limit))) return std::nullopt;
  return Broken{fmt::format("its input has rank {}{}", *rank,
                            *rank == 5 ? " (a volumetric `F.grid_sample` of a 5-D input)" : ""),
                *rank == 5 ? "deploy on TensorRT 11.2 or later, or sample each depth slice "
                             "with a 4-D `F.grid_sample` and stack them"
                           : "sample a 4-D [N, C, H, W] input"};
}

std::optional<Broken> tensorscatter_layout(const Use& u) {
  for (size_t i = 0; i < 2; ++i) {
    auto rank = rank_of(u, i);
    if (rank && *rank != 4)
      return Broken{fmt::format("its {} has rank {}", i == 0 ? "past_cache" : "update", *rank),
                    "keep the cache as [batch, heads, sequence, head size] and write along the "
                    "sequence axis (-2)"};
  }
  const int64_t axis = u.n.attr_int("axis", -2);
  auto rank = rank_of(u, 0);
  if (axis == -2 || (rank && axis == static_cast<int64_t>(*rank) - 2)) return std::nullopt;
  return Broken{fmt::format("it has axis={}", axis),
                "write along the sequence axis, the second last (axis=-2)"};
}

std::optional<Broken> rotary_position_ids(const Use& u) {
  const TensorType* t = u.n.input(3).empty() ? nullptr : u.g.type_of(u.n.input(3));
  if (!t || t->elem_type == dtype::kUndefined || t->elem_type == dtype::kInt64) return std::nullopt;
  return Broken{fmt::format("its position_ids are {}", dtype::name(t->elem_type)),
                "pass the positions as int64 (`torch.arange(s, dtype=torch.long)`)"};
}

std::optional<Broken> stft_initializers(const Use& u) {
  for (size_t i : {size_t{1}, size_t{2}}) {
    if (constant_input(u, i)) continue;
    return Broken{fmt::format("its {} input '{}' is computed in the graph",
                              i == 1 ? "frame_step" : "window", u.n.input(i)),
                  "pass `hop_length` as a Python int and the window as a tensor built before "
                  "the export (a buffer: `self.register_buffer('w', torch.hann_window(n))`)"};
  }
  return std::nullopt;
}

std::optional<Broken> squeeze_dynamic_no_axes(const Use& u) {
  if (!u.n.input(1).empty() || u.n.attr("axes")) return std::nullopt;
  const TensorType* t = u.g.type_of(u.n.input(0));
  if (!t || !t->has_shape) return std::nullopt;
  for (size_t d = 0; d < t->dims.size(); ++d)
    if (!t->dims[d].is_static())
      return Broken{fmt::format("it has no axes and its input's dim {} is dynamic "
                                "(`x.squeeze()` with no dim)",
                                d),
                    "name the dims: `x.squeeze(1)`, so the axes are in the graph"};
  return std::nullopt;
}

}  // namespace

void add_newer_op_checks(CheckTable& table) {
  table.emplace("attention-4d", attention_4d);
  table.emplace("attention-cache", attention_cache);
  table.emplace("attention-softcap", attention_softcap);
  table.emplace("gridsample-rank", gridsample_rank);
  table.emplace("tensorscatter-layout", tensorscatter_layout);
  table.emplace("rotary-position-ids", rotary_position_ids);
  table.emplace("stft-initializers", stft_initializers);
  table.emplace("squeeze-dynamic-no-axes", squeeze_dynamic_no_axes);
}

}  // namespace onnx_lint
