// GitHub Actions workflow commands: annotations on the model file in the PR.
#include <fmt/format.h>

#include <algorithm>

#include "diagnostics/report_paths.h"
#include "onnx_lint/writers.h"

namespace onnx_lint {
namespace {

// Workflow-command escaping: data escapes %, CR, LF; property values also : and ,.
std::string escape_data(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else
      out += c;
  }
  return out;
}

std::string escape_property(std::string_view s) {
  std::string out;
  for (char c : escape_data(s)) {
    if (c == ':')
      out += "%3A";
    else if (c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string_view command(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "notice";
  }
  return "warning";
}

}  // namespace

void write_github(const RunReport& report, const WriteStyle&, std::ostream& out) {
  struct Line {
    int rank;
    std::string text;
  };
  std::vector<Line> lines;
  for (const auto& f : report.files) {
    const std::string file = escape_property(f.path);
    if (!f.ok) {
      lines.push_back(
          {0, fmt::format("::error file={},title=onnx-lint::{}", file, escape_data(f.error))});
      continue;
    }
    // One annotation per cause: GitHub shows only the first few per step.
    for (const FindingGroup& g : f.entries()) {
      const Diagnostic& d = f.diagnostics[g.members.front()];
      std::string text = (g.grouped() ? g.title : logical_path(d)) + ": " + d.message;
      if (d.module || d.source)
        text += " [PyTorch " + d.module.value_or("") + (d.module && d.source ? " " : "") +
                d.source.value_or("") + "]";
      if (!d.fix.empty()) text += "\nFix: " + d.fix;
      lines.push_back({2 - static_cast<int>(d.severity),
                       fmt::format("::{} file={},title={}::{}", command(d.severity), file,
                                   escape_property(d.rule + " " + d.name), escape_data(text))});
    }
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.rank < b.rank; });
  for (const auto& l : lines) out << l.text << "\n";
}

}  // namespace onnx_lint
