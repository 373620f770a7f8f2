// Which exporter wrote a model, from what it leaves in the file: torch.onnx's
// dynamo exporter (torch.export-based, the default of torch.onnx.export since
// torch 2.9) tags every node with pkg.torch.onnx.* metadata; the TorchScript
// exporter (dynamo=False) writes none; both name themselves "pytorch" with
// torch's version as producer. Advice that depends on the exporter (OL001's
// opset_version) reads it here.
#pragma once

#include <optional>
#include <utility>

#include "onnx_lint/model.h"

namespace onnx_lint {

enum class Exporter { kUnknown, kTorchScript, kTorchDynamo };

struct ExporterInfo {
  Exporter exporter = Exporter::kUnknown;
  /// torch's (major, minor) from producer_version ("2.14.1+cu130"), when the producer is pytorch.
  std::optional<std::pair<int, int>> torch;
  /// torch.onnx.export uses the dynamo exporter unless told dynamo=False (torch >= 2.9).
  bool dynamo_is_default() const { return torch && *torch >= std::pair(2, 9); }
};

ExporterInfo exporter_of(const Model& model);

}  // namespace onnx_lint
