// Ops that pick or reduce along axes: Gather (also of size vectors: the
// `x.size(0)` of `Shape -> Gather`), GatherElements, GatherND, TopK, OneHot,
// the Reduce ops, ArgMax and ArgMin.
#include <algorithm>

#include "analysis/sym_state.h"

namespace onnx_lint {
namespace {

void gather(SymStep& s) {
  const SymTensor* data = s.input(0);
  const SymTensor* idx = s.input(1);
  if (!data) return;
  SymTensor& t = s.out[0];
  if (data->has_value && idx && idx->has_value && !data->scalar) {
    const auto n = static_cast<int64_t>(data->value.size());
    bool ok = true;
    std::vector<SymDim> picked;
    for (const SymDim& i : idx->value) {
      auto c = i.e.constant_value();
      if (!c || *c < -n || *c >= n) {
        ok = false;
        break;
      }
      picked.push_back(data->value[static_cast<size_t>(*c < 0 ? *c + n : *c)]);
    }
    if (ok) {
      t.has_value = true;
      t.scalar = idx->scalar;
      t.floating = data->floating;
      t.value = std::move(picked);
    }
  }
  if (!data->ranked || !idx || !idx->ranked) return;
  const auto axis = sym_axis(s.node.attr_int("axis", 0), data->dims.size());
  if (!axis) return;
  t.ranked = true;
  t.dims.assign(data->dims.begin(), data->dims.begin() + static_cast<std::ptrdiff_t>(*axis));
  t.dims.insert(t.dims.end(), idx->dims.begin(), idx->dims.end());
  t.dims.insert(t.dims.end(), data->dims.begin() + static_cast<std::ptrdiff_t>(*axis) + 1,
                data->dims.end());
}

void gather_elements(SymStep& s) {
  const SymTensor* idx = s.ranked(1);
  if (!idx) return;
  s.out[0].ranked = true;
  s.out[0].dims = idx->dims;
}

void gather_nd(SymStep& s) {
  const SymTensor* data = s.ranked(0);
  const SymTensor* idx = s.ranked(1);
  if (!data || !idx || idx->dims.empty()) return;
  const auto k = idx->dims.back().e.constant_value();
  const auto batch = static_cast<size_t>(std::max<int64_t>(0, s.node.attr_int("batch_dims", 0)));
  if (!k || *k < 0 || batch + static_cast<size_t>(*k) > data->dims.size()) return;
  s.out[0].ranked = true;
  s.out[0].dims.assign(idx->dims.begin(), idx->dims.end() - 1);
  s.out[0].dims.insert(s.out[0].dims.end(),
                       data->dims.begin() + static_cast<std::ptrdiff_t>(batch + *k),
                       data->dims.end());
}

void top_k(SymStep& s) {
  const SymTensor* x = s.ranked(0);
  if (!x) return;
  const auto axis = sym_axis(s.node.attr_int("axis", -1), x->dims.size());
  if (!axis) return;
  SymDim k;
  if (s.opset < 10) {
    k = const_dim(s.node.attr_int("k", 0), Origin::kLiteral, s.node.index);
  } else if (const std::vector<SymDim>* v = s.values(1); v && v->size() == 1) {
    k = (*v)[0];
    if (k.origin == Origin::kLiteral) k.node = s.node.index;
  } else {
    k = SymDim{s.unknown()};
  }
  for (SymTensor& t : s.out) {
    t.ranked = true;
    t.dims = x->dims;
    t.dims[*axis] = k;
  }
}

void one_hot(SymStep& s) {
  const SymTensor* idx = s.ranked(0);
  const std::vector<SymDim>* depth = s.values(1);
  if (!idx || !depth || depth->size() != 1) return;
  const auto axis = sym_axis(s.node.attr_int("axis", -1), idx->dims.size() + 1);
  if (!axis) return;
  s.out[0].ranked = true;
  s.out[0].dims = idx->dims;
  s.out[0].dims.insert(s.out[0].dims.begin() + static_cast<std::ptrdiff_t>(*axis), (*depth)[0]);
}

void reduce(SymStep& s, bool single_axis) {
  const SymTensor* x = s.ranked(0);
  if (!x) return;
  const bool keep = s.node.attr_int("keepdims", 1) != 0;
  std::vector<int64_t> axes;
  if (single_axis) {
    axes = {s.node.attr_int("axis", 0)};
  } else if (auto a = s.ints_attr_or_input("axes", 1)) {
    axes = *a;
  } else if (!s.node.input(1).empty()) {
    return;  // axes computed at run time
  }
  if (axes.empty() && s.node.attr_int("noop_with_empty_axes", 0) != 0) {
    s.out[0].ranked = true;
    s.out[0].dims = x->dims;
    return;
  }
  std::vector<bool> reduced(x->dims.size(), axes.empty());
  for (int64_t a : axes) {
    auto n = sym_axis(a, x->dims.size());
    if (!n) return;
    reduced[*n] = true;
  }
  s.out[0].ranked = true;
  for (size_t d = 0; d < x->dims.size(); ++d) {
    if (!reduced[d])
      s.out[0].dims.push_back(x->dims[d]);
    else if (keep)
      s.out[0].dims.push_back(const_dim(1));
  }
}

}  // namespace

bool sym_indexing(SymStep& s) {
  const std::string_view op = s.node.op_type;
  if (s.out.empty()) return false;
  if (op == "Gather") return gather(s), true;
  if (op == "GatherElements") return gather_elements(s), true;
  if (op == "GatherND") return gather_nd(s), true;
  if (op == "TopK") return top_k(s), true;
  if (op == "OneHot") return one_hot(s), true;
  if (op == "ArgMax" || op == "ArgMin") return reduce(s, true), true;
  if (op.starts_with("Reduce")) return reduce(s, false), true;
  return false;
}

}  // namespace onnx_lint
