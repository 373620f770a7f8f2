// Splitting text on a separator, shared by the parsers of stack traces and waivers.
#pragma once

#include <string_view>
#include <vector>

namespace onnx_lint {

/// All parts, empty ones included ("a,,b" -> "a", "", "b"); views into `s`.
inline std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    parts.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

/// `s` without leading and trailing spaces and tabs.
inline std::string_view trim(std::string_view s) {
  const size_t first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

/// The lines of `s` (without their '\n').
inline std::vector<std::string_view> split_lines(std::string_view s) {
  std::vector<std::string_view> lines = split(s, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

/// The space-separated words of `s`, empty ones dropped.
inline std::vector<std::string_view> split_words(std::string_view s) {
  std::vector<std::string_view> words;
  for (std::string_view w : split(s, ' '))
    if (!w.empty()) words.push_back(w);
  return words;
}

}  // namespace onnx_lint
