#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "diff/compare.h"

namespace onnx_lint {
namespace {

bool is_number(const std::string& d) { return !d.empty() && d != "?" && std::isdigit(d[0]); }

// What changed between two versions of one input or output, and whether it
// breaks a caller: another type or rank, a static size that changed, or a
// symbolic dim that became static (an optimization profile over it breaks).
void compare(const IoSignature& a, const IoSignature& b, SignatureChange& c) {
  if (a.type != b.type) {
    c.what.push_back(fmt::format("element type {} -> {}", a.type, b.type));
    c.breaking = true;
  }
  if (a.has_shape != b.has_shape || a.dims.size() != b.dims.size()) {
    c.what.push_back(
        fmt::format("shape [{}] -> [{}]", fmt::join(a.dims, ", "), fmt::join(b.dims, ", ")));
    c.breaking = true;
    return;
  }
  for (size_t i = 0; i < a.dims.size(); ++i) {
    const std::string &x = a.dims[i], &y = b.dims[i];
    if (x == y || (!is_number(x) && !is_number(y))) continue;  // a symbol renamed is no change
    const std::string kind = is_number(x) && is_number(y) ? "size changed"
                             : is_number(y)               ? "dynamic became static"
                                                          : "static became dynamic";
    c.what.push_back(fmt::format("dim {}: {} -> {} ({})", i, x, y, kind));
    if (is_number(y)) c.breaking = true;  // callers feeding other sizes fail
  }
}

void diff_list(const char* kind, const std::vector<IoSignature>& old_ios,
               const std::vector<IoSignature>& new_ios, std::vector<SignatureChange>& out) {
  const auto find = [](const std::vector<IoSignature>& v, const std::string& name) {
    for (const IoSignature& io : v)
      if (io.name == name) return &io;
    return static_cast<const IoSignature*>(nullptr);
  };
  for (const IoSignature& o : old_ios) {
    const IoSignature* n = find(new_ios, o.name);
    SignatureChange c{kind, o.name, n ? "changed" : "removed", o, std::nullopt, {}, !n};
    if (n) {
      c.new_io = *n;
      compare(o, *n, c);
      if (c.what.empty()) continue;
    }
    out.push_back(std::move(c));
  }
  for (const IoSignature& n : new_ios)
    if (!find(old_ios, n.name)) {
      // A new input breaks every caller (it must be fed); a new output breaks none.
      out.push_back({kind, n.name, "added", std::nullopt, n, {}, std::string(kind) == "input"});
    }
  // torch names unnamed tensors by number ('8' -> '12', 'input.1' -> 'x'): a
  // removed and an added one at the same position are one renamed, which
  // still breaks callers that feed or fetch it by name.
  for (size_t i = 0; i < old_ios.size() && i < new_ios.size(); ++i) {
    auto gone = std::find_if(out.begin(), out.end(), [&](const SignatureChange& c) {
      return c.kind == kind && c.change == "removed" && c.name == old_ios[i].name;
    });
    auto added = std::find_if(out.begin(), out.end(), [&](const SignatureChange& c) {
      return c.kind == kind && c.change == "added" && c.name == new_ios[i].name;
    });
    if (gone == out.end() || added == out.end()) continue;
    SignatureChange c{kind, new_ios[i].name, "renamed", old_ios[i], new_ios[i], {}, true};
    c.what.push_back(fmt::format("name '{}' -> '{}'", old_ios[i].name, new_ios[i].name));
    compare(old_ios[i], new_ios[i], c);
    *gone = std::move(c);
    out.erase(added);
  }
}

}  // namespace

std::vector<SignatureChange> diff_signature(const ModelFacts& a, const ModelFacts& b) {
  std::vector<SignatureChange> out;
  diff_list("input", a.inputs, b.inputs, out);
  diff_list("output", a.outputs, b.outputs, out);
  return out;
}

}  // namespace onnx_lint
