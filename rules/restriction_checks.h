// What OL603's restriction checks share: the node under test with the
// restriction it is tested against, what it does that breaks it, and the
// table of checks by name (restricted_usage.cc; the one-attribute checks are
// in restriction_checks_attributes.cc, those of the ops TensorRT 10.6-11.x
// added in restriction_checks_newer_ops.cc).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "onnx_lint/rule.h"

namespace onnx_lint {

struct Use {
  const Model& m;
  const Graph& g;
  const Node& n;
  const TargetRestriction& r;
};

// What the node does that breaks the restriction, and the PyTorch change
// that avoids it; nullopt when the node meets it.
struct Broken {
  std::string what, fix;
};
using Check = std::function<std::optional<Broken>(const Use&)>;
using CheckTable = std::map<std::string, Check, std::less<>>;

// A one-element constant input's value.
inline std::optional<int64_t> scalar_input(const Use& u, size_t i) {
  auto v = u.n.input(i).empty() ? std::nullopt : u.m.constant(u.g, u.n.input(i));
  if (!v || v->ints.size() != 1) return std::nullopt;
  return v->ints[0];
}

// An absent input, an initializer or a Constant's output.
inline bool constant_input(const Use& u, size_t i) {
  return u.n.input(i).empty() || u.m.constant(u.g, u.n.input(i)).has_value();
}

// TensorRT 10.8+ folds constants before it reads the axes: shape arithmetic
// over static dims is as good as an initializer.
inline bool foldable_input(const Use& u, size_t i) {
  return constant_input(u, i) || u.g.folded.find(u.n.input(i)) != u.g.folded.end();
}

/// Adds the checks that read one attribute (restriction_checks_attributes.cc).
void add_attribute_checks(CheckTable& table);

/// Adds the checks of Attention, RotaryEmbedding, TensorScatter, GridSample,
/// STFT and Squeeze-without-axes (restriction_checks_newer_ops.cc).
void add_newer_op_checks(CheckTable& table);

}  // namespace onnx_lint
