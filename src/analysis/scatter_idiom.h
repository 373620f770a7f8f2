// What PyTorch code a ScatterND came from, read from the graph around it.
// Shared by OL202 (which rewrite is right) and OL401 (a NonZero that only
// locates a masked write).
#pragma once

#include "onnx_lint/model.h"

namespace onnx_lint {

enum class ScatterIdiom {
  kConstantIndex,    // x[0] = y
  kIndexTensor,      // x[idx] = y with idx a graph input
  kComputedIndex,    // x[:, a:b] = y: indices from shape arithmetic
  kMaskedCompact,    // x.masked_scatter(mask, src) / x[mask] = src, one src value per True
  kMaskedSameShape,  // x[mask] = y[mask]: src read through the same kind of mask
  kMaskedFill,       // x[mask] = torch.zeros_like(x[mask]): one constant for every True
  kAccumulate,       // x.index_put_((idx,), v, accumulate=True): scatter into zeros, then Add
};

struct ScatterFacts {
  ScatterIdiom idiom = ScatterIdiom::kComputedIndex;
  const Node* mask = nullptr;  // the NonZero that locates a masked write
  double fill = 0;             // kMaskedFill: the value written
};

/// For an ai.onnx ScatterND without reduction.
ScatterFacts classify_scatter(const Model& model, const Graph& graph, const Node& scatter);

/// The ScatterND whose indices this NonZero gives (a masked write), or nullptr.
const Node* masked_write_of(const Graph& graph, const Node& nonzero);

}  // namespace onnx_lint
