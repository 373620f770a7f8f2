// A one-line progress bar on stderr, redrawn in place, for long batches.
#pragma once

#include <cstddef>
#include <mutex>

namespace onnx_lint {

class ProgressBar {
 public:
  /// Draws only when enabled and the batch has at least min_files models.
  ProgressBar(bool enabled, size_t min_files) : enabled_(enabled), min_files_(min_files) {}
  /// Thread-safe: workers call it as they finish files.
  void update(size_t done, size_t total);

 private:
  bool enabled_;
  size_t min_files_;
  std::mutex mu_;
};

}  // namespace onnx_lint
