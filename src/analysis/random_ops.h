// The ONNX operators that draw random numbers: the one list, read by the
// random-op rule (OL501) and by shape flow (their values are data).
#pragma once

#include <algorithm>
#include <iterator>
#include <string_view>

#include "onnx_lint/model.h"

namespace onnx_lint {

inline constexpr std::string_view kRandomOps[] = {"RandomNormal",  "RandomNormalLike",
                                                  "RandomUniform", "RandomUniformLike",
                                                  "Multinomial",   "Bernoulli"};

/// An ai.onnx op that samples random numbers.
inline bool is_random_op(const Node& n) {
  return n.in_onnx_domain() &&
         std::find(std::begin(kRandomOps), std::end(kRandomOps), n.op_type) != std::end(kRandomOps);
}

}  // namespace onnx_lint
