// Node -> PyTorch module path and user source line.
//
// torch.onnx (TorchScript exporter, torch >= 1.13) names nodes after the module
// scope: "/decoder/decoder.0/up/Resize". Each scope component is the child's
// name, which for container children already carries the parent's prefix
// ("decoder.0" under "decoder"). The dynamo exporter (torch 2.x) instead writes
// node metadata: pkg.torch.onnx.name_scopes = "['', 'decoder', 'decoder.0', ...,
// 'resize']" and pkg.torch.onnx.stack_trace (a Python traceback).
#include "analysis/source_map.h"

#include <fmt/format.h>

#include <vector>

#include "analysis/text_split.h"

namespace onnx_lint {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Frames in torch's own package are the exporter and nn.Module plumbing, not
// the user's code; torchvision and user files stay.
bool is_torch_frame(std::string_view file) {
  return file.find("/torch/") != std::string_view::npos ||
         file.find("\\torch\\") != std::string_view::npos || starts_with(file, "<frozen") ||
         starts_with(file, "torch/");
}

struct Frame {
  std::string_view file;
  std::string_view line;
};

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// TorchScript doc_string frame: "/path/model.py(42): forward", innermost first.
std::optional<Frame> parse_torchscript_frame(std::string_view line) {
  size_t close = line.find("): ");
  if (close == std::string_view::npos) close = line.rfind(')');
  if (close == std::string_view::npos) return std::nullopt;
  size_t open = line.rfind('(', close);
  if (open == std::string_view::npos || open == 0) return std::nullopt;
  std::string_view number = line.substr(open + 1, close - open - 1);
  if (!all_digits(number)) return std::nullopt;
  return Frame{line.substr(0, open), number};
}

// Python traceback frame: '  File "/path/model.py", line 42, in forward', outermost first.
std::optional<Frame> parse_python_frame(std::string_view line) {
  size_t f = line.find("File \"");
  if (f == std::string_view::npos) return std::nullopt;
  size_t start = f + 6;
  size_t end = line.find('"', start);
  if (end == std::string_view::npos) return std::nullopt;
  size_t l = line.find(", line ", end);
  if (l == std::string_view::npos) return std::nullopt;
  size_t num_start = l + 7;
  size_t num_end = num_start;
  while (num_end < line.size() && line[num_end] >= '0' && line[num_end] <= '9') ++num_end;
  if (num_end == num_start) return std::nullopt;
  return Frame{line.substr(start, end - start), line.substr(num_start, num_end - num_start)};
}

}  // namespace

std::optional<std::string> module_from_scoped_name(std::string_view name) {
  if (name.size() < 2 || name[0] != '/') return std::nullopt;
  auto parts = split(name.substr(1), '/');
  parts.pop_back();  // the op's own name ("Resize", "Conv_1")
  std::string path;
  for (std::string_view part : parts) {
    if (part.empty()) continue;
    if (!path.empty() && starts_with(part, path) && part.size() > path.size() &&
        part[path.size()] == '.') {
      path = std::string(part);  // already qualified: "decoder.0" under "decoder"
    } else {
      path = path.empty() ? std::string(part) : fmt::format("{}.{}", path, part);
    }
  }
  if (path.empty()) return std::nullopt;
  return path;
}

std::optional<std::string> module_from_name_scopes(std::string_view repr) {
  // A Python list repr of strings; the last entry is the node itself.
  std::vector<std::string> items;
  size_t i = 0;
  while (i < repr.size()) {
    char q = repr[i];
    if (q != '\'' && q != '"') {
      ++i;
      continue;
    }
    size_t end = repr.find(q, i + 1);
    if (end == std::string_view::npos) break;
    items.emplace_back(repr.substr(i + 1, end - i - 1));
    i = end + 1;
  }
  if (items.size() < 2) return std::nullopt;
  for (size_t k = items.size() - 1; k-- > 0;)
    if (!items[k].empty()) return items[k];
  return std::nullopt;
}

std::optional<std::string> user_frame(std::string_view trace) {
  std::optional<Frame> found;
  bool python_order = false;  // Python tracebacks list the innermost frame last
  for (std::string_view line : split(trace, '\n')) {
    std::optional<Frame> frame = parse_python_frame(line);
    if (frame)
      python_order = true;
    else
      frame = parse_torchscript_frame(line);
    if (!frame || is_torch_frame(frame->file)) continue;
    if (!found || python_order) found = frame;
    if (!python_order) break;  // TorchScript order: the first user frame is the innermost
  }
  if (!found) return std::nullopt;
  return fmt::format("{}:{}", found->file, found->line);
}

SourceLocation source_of(const Node& node) {
  SourceLocation loc;
  if (auto scopes = node.meta("pkg.torch.onnx.name_scopes"); !scopes.empty())
    loc.module = module_from_name_scopes(scopes);
  if (!loc.module) loc.module = module_from_scoped_name(node.name);
  if (auto trace = node.meta("pkg.torch.onnx.stack_trace"); !trace.empty())
    loc.source = user_frame(trace);
  if (!loc.source && !node.doc_string.empty()) loc.source = user_frame(node.doc_string);
  return loc;
}

}  // namespace onnx_lint
