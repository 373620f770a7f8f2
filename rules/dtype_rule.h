// The dtype rules' shared check (OL301 uint8, OL302 int16, OL303 float64): one
// finding per place the type is born (analysis/dtype_origins.h), in the
// rule's words. Each rule's file holds its identity and its words.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "onnx_lint/rule.h"

namespace onnx_lint {

/// What a dtype rule says about its type.
struct DtypeWords {
  int32_t elem_type;
  std::string_view torch_cast;  // "`.double()` / `.to(torch.float64)`"
  std::string_view why;         // the TensorRT consequence
  std::string_view fix;
};

/// A rule that reports every birth of words.elem_type.
std::unique_ptr<Rule> make_dtype_rule(const RuleMeta& meta, const DtypeWords& words);

}  // namespace onnx_lint
