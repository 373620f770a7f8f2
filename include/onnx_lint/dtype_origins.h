// Where tensors of a given element type are born. Shared by the dtype rules
// (OL301 uint8, OL302 int16, OL303 float64).
#pragma once

#include <string>
#include <vector>

#include "onnx_lint/model.h"
#include "onnx_lint/rule.h"

namespace onnx_lint {

enum class DtypeOrigin { kGraphInput, kInitializer, kNodeOutput };

/// A tensor of the element type whose inputs are not of it: the place to fix.
struct DtypeBirth {
  int graph = 0;
  DtypeOrigin origin = DtypeOrigin::kNodeOutput;
  int node = -1;  // producer, for kNodeOutput
  std::string tensor;
  bool inferred = false;  // the type came from ONNX type inference
  int downstream = 0;     // tensors of the same type computed from this one
};

/// Every birth of `elem_type` in every graph, in graph and node order. Linear
/// in the size of the model.
std::vector<DtypeBirth> find_dtype_births(const Model& model, int32_t elem_type);

/// What a dtype rule says about its type.
struct DtypeAdvice {
  int32_t elem_type;
  std::string_view torch_cast;  // "`.double()` / `.to(torch.float64)`"
  std::string_view why;         // the TensorRT consequence
  std::string_view fix;
};

/// The whole check of a dtype rule: one diagnostic per birth.
void report_dtype_births(const LintContext& ctx, DiagnosticSink& sink, const DtypeAdvice& advice);

}  // namespace onnx_lint
