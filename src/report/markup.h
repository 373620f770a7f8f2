// Escaping for the markup reports (HTML, JUnit XML): every string from a model
// is untrusted.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace onnx_lint {

/// Text safe inside an HTML or XML element or quoted attribute: & < > " '
/// escaped, control characters other than tab, newline and carriage return
/// (which XML 1.0 forbids) made spaces, invalid UTF-8 bytes replaced, and at
/// most `max_bytes` kept (with "…" when cut).
std::string escape_markup(std::string_view text, size_t max_bytes = SIZE_MAX);
/// `text` as valid UTF-8 (bad bytes become U+FFFD), cut at a character
/// boundary to at most about `max_bytes` with "..." when cut.
std::string utf8_clean(std::string_view text, size_t max_bytes);
/// Already-escaped text with each pair of backticks made a <code> element
/// (`Tensor.repeat` -> <code>Tensor.repeat</code>), as the messages write code;
/// a backtick without a partner stays as it is. Safe because the input is
/// escaped: no tag can come from the model's strings.
std::string code_spans(std::string_view escaped);
/// A string usable as an id and in "#fragment" links: [A-Za-z0-9_-] only.
std::string html_id(std::string_view text);

}  // namespace onnx_lint
