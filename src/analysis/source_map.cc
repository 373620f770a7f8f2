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

namespace {

// The strings of a Python list repr: "['a', \"b\"]" -> a, b.
std::vector<std::string> python_strings(std::string_view repr) {
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
  return items;
}

}  // namespace

std::optional<std::string> module_from_name_scopes(std::string_view repr) {
  // The last entry is the node itself; the entries before it its module scopes.
  // torch's own placeholders ("_empty_nn_module_stack_from_metadata_hook", for
  // a node made with no module on the stack) are no module of the user's.
  const std::vector<std::string> items = python_strings(repr);
  if (items.size() < 2) return std::nullopt;
  for (size_t k = items.size() - 1; k-- > 0;)
    if (!items[k].empty() && !starts_with(items[k], "_empty_nn_module_stack")) return items[k];
  return std::nullopt;
}

std::optional<std::string> root_class(std::string_view class_hierarchy) {
  const std::vector<std::string> items = python_strings(class_hierarchy);
  if (items.empty() || items.front().empty()) return std::nullopt;
  const std::string& cls = items.front();
  return cls.substr(cls.rfind('.') + 1);  // "pkg.mod.Class" -> "Class"
}

namespace {

// The innermost user frame, and for a Python traceback the line under it.
struct UserFrame {
  Frame frame;
  std::string_view code;
};

std::optional<UserFrame> innermost_user_frame(std::string_view trace) {
  std::optional<UserFrame> found;
  bool python_order = false;  // Python tracebacks list the innermost frame last
  const std::vector<std::string_view> lines = split(trace, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    std::optional<Frame> frame = parse_python_frame(lines[i]);
    if (frame)
      python_order = true;
    else
      frame = parse_torchscript_frame(lines[i]);
    if (!frame || is_torch_frame(frame->file)) continue;
    // The code line follows its frame line, indented; the next frame is not code.
    std::string_view code;
    if (python_order && i + 1 < lines.size() && !parse_python_frame(lines[i + 1]))
      code = trim(lines[i + 1]);
    if (!found || python_order) found = UserFrame{*frame, code};
    if (!python_order) break;  // TorchScript order: the first user frame is the innermost
  }
  return found;
}

}  // namespace

std::optional<std::string> user_frame(std::string_view trace) {
  const auto found = innermost_user_frame(trace);
  if (!found) return std::nullopt;
  return fmt::format("{}:{}", found->frame.file, found->frame.line);
}

std::optional<std::string> user_code(std::string_view trace) {
  const auto found = innermost_user_frame(trace);
  if (!found || found->code.empty()) return std::nullopt;
  return std::string(found->code);
}

SourceLocation source_of(const Node& node) {
  SourceLocation loc;
  if (auto scopes = node.meta("pkg.torch.onnx.name_scopes"); !scopes.empty())
    loc.module = module_from_name_scopes(scopes);
  if (!loc.module) loc.module = module_from_scoped_name(node.name);
  // Made at the root of the model: no scope names it, its class does.
  if (!loc.module) loc.module = root_class(node.meta("pkg.torch.onnx.class_hierarchy"));
  if (auto trace = node.meta("pkg.torch.onnx.stack_trace"); !trace.empty()) {
    loc.source = user_frame(trace);
    loc.code = user_code(trace);
  }
  if (!loc.source && !node.doc_string().empty()) loc.source = user_frame(node.doc_string());
  return loc;
}

namespace {

bool known(const SourceLocation& loc) { return loc.module || loc.source; }

// The first node of any non-function graph that calls function `fn`, and how many do.
std::pair<const Node*, int> call_sites(const Model& model, const Graph& fn) {
  const std::string_view domain =
      std::string_view(fn.path).substr(std::string_view("function:").size());
  const Node* first = nullptr;
  int count = 0;
  for (const Graph& g : model.graphs) {
    if (g.kind == GraphKind::kFunction) continue;
    for (const Node& n : g.nodes) {
      const std::string qualified =
          n.domain.empty() ? std::string(n.op_type) : fmt::format("{}.{}", n.domain, n.op_type);
      if (qualified != domain) continue;
      if (!first) first = &n;
      ++count;
    }
  }
  return {first, count};
}

}  // namespace

SourceLocation source_in_model(const Model& model, const Graph& graph, const Node* node,
                               std::string_view tensor) {
  if (node) {
    SourceLocation loc = source_of(*node);
    if (known(loc) || graph.kind != GraphKind::kFunction) return loc;
    auto [site, count] = call_sites(model, graph);
    if (!site) return loc;
    SourceLocation at = source_of(*site);
    if (at.module && count > 1)
      *at.module += fmt::format(" (and {} more call site{})", count - 1, count == 2 ? "" : "s");
    return at;
  }
  // A graph input: where the model first reads it.
  for (int c : graph.consumers(tensor)) {
    SourceLocation loc = source_of(graph.nodes[c]);
    if (known(loc)) return loc;
  }
  return {};
}

}  // namespace onnx_lint
