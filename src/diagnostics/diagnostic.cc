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
  if (s == "never") return FailOn{};
  if (auto level = parse_severity(s)) return FailOn{*level};
  return std::nullopt;
}

}  // namespace onnx_lint
