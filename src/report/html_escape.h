// Escaping for the HTML report: every string from a model is untrusted.
#pragma once

#include <string>
#include <string_view>

namespace onnx_lint {

/// Text safe inside an element or a quoted attribute: & < > " ' escaped,
/// control characters other than tab and newline dropped, invalid UTF-8
/// bytes replaced, and at most `max_bytes` kept (with "…" when cut).
std::string html_escape(std::string_view text, size_t max_bytes = 4096);
/// `text` as valid UTF-8 (bad bytes become U+FFFD), cut at a character
/// boundary to at most about `max_bytes` with "..." when cut.
std::string utf8_clean(std::string_view text, size_t max_bytes);
/// A string usable as an id and in "#fragment" links: [A-Za-z0-9_-] only.
std::string html_id(std::string_view text);

}  // namespace onnx_lint
