#include "cli/progress_bar.h"

#include <fmt/format.h>

#include <iostream>
#include <string>

namespace onnx_lint {

void ProgressBar::update(size_t done, size_t total) {
  if (!enabled_ || total < min_files_) return;
  std::lock_guard<std::mutex> lock(mu_);
  const size_t width = 30, filled = total ? done * width / total : width;
  std::cerr << fmt::format("\r[{:<{}}] {}/{} models", std::string(filled, '#'), width, done, total)
            << std::flush;
  if (done == total) std::cerr << "\r\x1b[K" << std::flush;
}

}  // namespace onnx_lint
