#include "onnx_lint/diagnostic.h"

namespace onnx_lint {

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::optional<Severity> parse_severity(std::string_view s) {
  if (s == "info") return Severity::kInfo;
  if (s == "warning") return Severity::kWarning;
  if (s == "error") return Severity::kError;
  return std::nullopt;
}

std::optional<FailOn> parse_fail_on(std::string_view s) {
  // Built in place: `return FailOn{*level}` made GCC 12 warn -Wmaybe-uninitialized
  // about the nested optional (a false positive).
  std::optional<FailOn> out;
  if (s == "never")
    out.emplace();
  else if (const std::optional<Severity> level = parse_severity(s))
    out.emplace(*level);
  return out;
}

}  // namespace onnx_lint
