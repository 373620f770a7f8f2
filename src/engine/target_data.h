// The data files under targets/, embedded at build time (cmake/embed_targets.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace onnx_lint {

struct TargetFile {
  std::string_view path;  // "targets/tensorrt.toml"
  std::string_view text;
};

const std::vector<TargetFile>& target_files();

}  // namespace onnx_lint
