#include "diagnostics/report_paths.h"

#include <fmt/format.h>

#include <filesystem>

namespace onnx_lint {
namespace fs = std::filesystem;

std::string logical_path(const Diagnostic& d) {
  const std::optional<std::string>& leaf = d.node ? d.node : d.tensor;
  if (!leaf) return d.graph;
  // torch's scoped names already start with '/': "main" + "/decoder/up/Resize".
  return d.graph + (leaf->rfind('/', 0) == 0 ? "" : "/") + *leaf;
}

std::string artifact_uri(const std::string& path) {
  std::error_code ec;
  fs::path p(path);
  if (p.is_absolute()) {
    fs::path rel = p.lexically_normal().lexically_relative(fs::current_path(ec));
    if (!ec && !rel.empty() && *rel.begin() != "..") p = rel;
  }
  std::string s = p.lexically_normal().generic_string();
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == ' ')
      out += "%20";
    else
      out += c;
  }
  if (p.is_absolute()) out = "file://" + out;
  return out;
}

}  // namespace onnx_lint
