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
  std::string_view torch_cast;    // "`.double()` / `.to(torch.float64)`"
  std::string_view why;           // the TensorRT consequence
  std::string_view fix;           // for a graph input or an op's output
  std::string_view instead;       // "`torch.int32`": what to use, in prose
  std::string_view instead_code;  // "torch.int32": the same as code
  std::string_view cast_to;       // what a Cast should produce instead: "torch.int32"
  /// For a constant nobody wrote: how exporters make this dtype on their own.
  std::string_view exporter_note;
};

/// A rule that reports every birth of words.elem_type.
std::unique_ptr<Rule> make_dtype_rule(const RuleMeta& meta, const DtypeWords& words);

}  // namespace onnx_lint
