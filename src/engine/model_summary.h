// The facts about a model that reports show (so reporters never need the Model).
#pragma once

#include "onnx_lint/model.h"
#include "onnx_lint/report.h"

namespace onnx_lint {

ModelSummary summarize(const Model& model);

}  // namespace onnx_lint
