// OL202's fix: a ScatterND whose indices are constant, or computed only from
// constants and static shapes (what `x[:, a:b] = y` exports), as a Where with a
// constant mask. Exact, it only copies: the updates are flattened and
// gathered into the data's shape through a constant map from each written
// position to its update (the last write wins, as in ONNX Runtime), and the
// mask chooses them over the data.
#include <fmt/format.h>

#include <algorithm>

#include "fix/fix_builder.h"

namespace onnx_lint {
namespace {

constexpr int64_t kMaxMaskElements = int64_t{1} << 22;  // constants of a few MiB at most

}  // namespace

Planned plan_scatter(const Model& m, const Graph& g, const Node& n) {
  if (n.attr_string("reduction", "none") != "none")
    return {std::nullopt, "it accumulates (reduction), which a mask cannot do"};
  const auto data = g.static_dims(n.input(0));
  if (!data) return {std::nullopt, "its data's dims are not all static"};
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
