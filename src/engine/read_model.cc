// Load, then complete: inference and the checker run here, in process, on the
// Model the load layer built (analysis/type_inference.h, analysis/model_checker.h).
#include "analysis/model_checker.h"
#include "analysis/type_inference.h"
#include "onnx_lint/linter.h"

namespace onnx_lint {

void complete_model(Model& model, const LoadOptions& options) {
  if (options.infer_types != InferTypes::kNever) infer_types(model);
  CheckResult checked = check_model(model);
  model.checker_error = std::move(checked.error);
  model.checker_note = std::move(checked.note);
  model.checker_finding = std::move(checked.finding);
}

LoadResult read_model(const std::string& path, const LoadOptions& options) {
  LoadResult r = load_model(path, options);
  if (r.model) complete_model(*r.model, options);
  return r;
}

LoadResult read_model_from_bytes(std::string_view bytes, const std::string& display_path,
                                 const LoadOptions& options) {
  LoadResult r = load_model_from_bytes(bytes, display_path, options);
  if (r.model) complete_model(*r.model, options);
  return r;
}

}  // namespace onnx_lint
