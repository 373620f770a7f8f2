// OL202's fix: a ScatterND whose indices are constant, or computed only from
// constants and static shapes (what `x[:, a:b] = y` exports), as a Where with a
// constant mask. Exact, it only copies: the updates are flattened and
// gathered into the data's shape through a constant map from each written
// position to its update (the last write wins, as in ONNX Runtime), and the
// mask chooses them over the data.
//
// Over a dynamic batch (`dynamic_axes={"x": {0: "batch"}}`) the indices are
// computed from the batch size, so they are no constant; but a slice
// assignment writes the same positions S of every sample. The model loaded
// again at batch 2 and 3 (BatchProbe) shows whether that holds: the writes
// are every sample's S, sample-major, and S does not change with the batch.
// Then the mask and the positions are per sample and broadcast over the batch.
#include <fmt/format.h>

#include <algorithm>

#include "fix/fix_builder.h"

namespace onnx_lint {
namespace {

constexpr int64_t kMaxMaskElements = int64_t{1} << 22;  // constants of a few MiB at most

// The data's dims when only the first (the batch) is dynamic.
std::optional<std::vector<int64_t>> dims_but_batch(const Graph& g, std::string_view tensor) {
  const TensorType* t = g.type_of(tensor);
  if (!t || !t->has_shape || t->dims.size() < 2 || t->dims[0].is_static()) return std::nullopt;
  std::vector<int64_t> rest;
  for (size_t d = 1; d < t->dims.size(); ++d) {
    if (!t->dims[d].is_static()) return std::nullopt;
    rest.push_back(t->dims[d].value);
  }
  return rest;
}

// The index tuples a probe's ScatterND writes, as S (the tuples without their
// sample) when they are every sample's S in sample-major order; else why not.
std::string per_sample_writes(const BatchProbe& probe, const Node& n, int64_t k,
                              std::vector<int64_t>* s) {
  const Graph& g = probe.model->main();
  if (n.index >= static_cast<int>(g.nodes.size()) || g.nodes[n.index].op_type != n.op_type ||
      g.nodes[n.index].outputs[0] != n.outputs[0])
    return "the model with its batch set is not the same graph";
  const auto idx = known_value(*probe.model, g, g.nodes[n.index].input(1));
  if (!idx || idx->dims.empty() || idx->dims.back() != k || idx->ints.size() % k != 0)
    return "its indices are computed from the data";
  const int64_t writes = static_cast<int64_t>(idx->ints.size()) / k;
  if (writes % probe.batch != 0) return "it does not write the same positions in every sample";
  const int64_t per = writes / probe.batch;
  s->clear();
  for (int64_t p = 0; p < writes; ++p) {
    int64_t b = idx->ints[p * k];
    if (b < 0) b += probe.batch;
    if (b != p / per) return "it does not write the same positions in every sample";
    for (int64_t j = 1; j < k; ++j) {
      const int64_t i = idx->ints[p * k + j];
      if (p < per)
        s->push_back(i);
      else if ((*s)[(p % per) * (k - 1) + j - 1] != i)
        return "it does not write the same positions in every sample";
    }
  }
  return "";
}

// x[:, a:b] = y over a dynamic batch: the writes per sample, the same at every
// batch size probed, gathered from the updates reshaped to [batch, per sample].
Planned plan_batched(const Graph& g, const Node& n, const std::vector<BatchProbe>& probes) {
  const auto rest = dims_but_batch(g, n.input(0));
  if (!rest) return {std::nullopt, "its data's dims are not all static"};
  const TensorType* idx_type = g.type_of(n.input(1));
  if (probes.size() < 2 || !idx_type || !idx_type->has_shape || idx_type->dims.empty() ||
      !idx_type->dims.back().is_static())
    return {std::nullopt, "its data's dims are not all static"};
  const int64_t k = idx_type->dims.back().value;
  const int64_t rank = static_cast<int64_t>(rest->size()) + 1;
  if (k < 2 || k > rank) return {std::nullopt, "it writes whole samples of a dynamic batch"};
  std::vector<int64_t> s, again;
  for (size_t i = 0; i < probes.size(); ++i) {
    std::string why = per_sample_writes(probes[i], n, k, i == 0 ? &s : &again);
    if (!why.empty()) return {std::nullopt, why};
    if (i > 0 && again != s) return {std::nullopt, "the positions it writes change with the batch"};
  }
  int64_t total = 1, slice = 1;
  for (int64_t d = 1; d < rank; ++d) {
    const int64_t dim = (*rest)[d - 1];
    if (dim < 0 || dim > kMaxMaskElements || total > kMaxMaskElements / std::max<int64_t>(dim, 1))
      return {std::nullopt, "its data is too large for a constant mask"};
    total *= dim;
    if (d >= k) slice *= dim;
  }
  const int64_t per = static_cast<int64_t>(s.size()) / (k - 1);
  std::vector<int64_t> map(static_cast<size_t>(total), -1);
  for (int64_t p = 0; p < per; ++p) {
    int64_t base = 0;
    for (int64_t j = 1; j < k; ++j) {
      int64_t i = s[p * (k - 1) + j - 1];
      const int64_t dim = (*rest)[j - 1];
      if (i < 0) i += dim;
      if (i < 0 || i >= dim) return {std::nullopt, "an index is out of range"};
      base = base * dim + i;
    }
    for (int64_t e = 0; e < slice; ++e) map[base * slice + e] = p * slice + e;
  }
  ReplacementBuilder b(n);
  std::vector<int64_t> gather_at(map.size());
  std::string mask_bytes(map.size(), '\0');
  for (size_t t = 0; t < map.size(); ++t) {
    gather_at[t] = map[t] < 0 ? 0 : map[t];
    mask_bytes[t] = map[t] >= 0 ? 1 : 0;
  }
  // [batch * per, slice...] -> [batch, per * slice]: the Reshape infers the batch.
  const std::string rows = b.node(
      "Reshape", {std::string(n.input(2)), b.int64_tensor("per_sample", {-1, per * slice}, {2})});
  const std::string picked = b.node("Gather", {rows, b.int64_tensor("positions", gather_at, *rest)},
                                    "", {int_attr("axis", 1)});
  const std::string mask = b.bool_tensor("mask", mask_bytes, *rest);
  b.node("Where", {mask, picked, std::string(n.input(0))}, n.outputs[0]);
  return {b.take(), fmt::format("ScatterND -> Where with a constant mask per sample ({} of {} "
                                "elements of each sample written, at any batch)",
                                per * slice, total)};
}

}  // namespace

Planned plan_scatter(const Model& m, const Graph& g, const Node& n,
                     const std::vector<BatchProbe>& probes) {
  if (n.attr_string("reduction", "none") != "none")
    return {std::nullopt, "it accumulates (reduction), which a mask cannot do"};
  const auto data = g.static_dims(n.input(0));
  if (!data) return plan_batched(g, n, probes);
  const auto idx = known_value(m, g, n.input(1));
  if (!idx || idx->dims.empty()) return {std::nullopt, "its indices are computed from the data"};
  const int64_t k = idx->dims.back();
  const int64_t rank = static_cast<int64_t>(data->size());
  if (k < 1 || k > rank) return {std::nullopt, "its indices do not fit the data's rank"};
  int64_t total = 1, slice = 1;
  for (int64_t d = 0; d < rank; ++d) {
    const int64_t dim = (*data)[d];
    if (dim < 0 || dim > kMaxMaskElements || total > kMaxMaskElements / std::max<int64_t>(dim, 1))
      return {std::nullopt, "its data is too large for a constant mask"};
    total *= dim;
    if (d >= k) slice *= dim;
  }
  if (static_cast<int64_t>(idx->ints.size()) % k != 0)
    return {std::nullopt, "its indices do not fit their own shape"};
  const int64_t writes = static_cast<int64_t>(idx->ints.size()) / k;
  // map[t] = the flat update element written at flat data position t, or -1.
  std::vector<int64_t> map(static_cast<size_t>(total), -1);
  for (int64_t p = 0; p < writes; ++p) {
    int64_t base = 0;
    for (int64_t j = 0; j < k; ++j) {
      int64_t i = idx->ints[p * k + j];
      const int64_t dim = (*data)[j];
      if (i < 0) i += dim;
      if (i < 0 || i >= dim) return {std::nullopt, "an index is out of range"};
      base = base * dim + i;
    }
    for (int64_t s = 0; s < slice; ++s) map[base * slice + s] = p * slice + s;
  }
  ReplacementBuilder b(n);
  std::vector<int64_t> gather_at(map.size());
  std::string mask_bytes(map.size(), '\0');
  for (size_t t = 0; t < map.size(); ++t) {
    gather_at[t] = map[t] < 0 ? 0 : map[t];
    mask_bytes[t] = map[t] >= 0 ? 1 : 0;
  }
  const std::string flat =
      b.node("Reshape", {std::string(n.input(2)), b.int64_tensor("flat", {-1}, {1})});
  const std::string picked = b.node("Gather", {flat, b.int64_tensor("positions", gather_at, *data)},
                                    "", {int_attr("axis", 0)});
  const std::string mask = b.bool_tensor("mask", mask_bytes, *data);
  b.node("Where", {mask, picked, std::string(n.input(0))}, n.outputs[0]);
  return {b.take(),
          fmt::format("ScatterND -> Where with a constant mask ({} of {} elements written)",
                      writes * slice, total)};
}

}  // namespace onnx_lint
