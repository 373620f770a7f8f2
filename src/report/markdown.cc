#include "report/markdown.h"

#include <cmark.h>

#include <cstdlib>
#include <memory>

namespace onnx_lint {

std::string markdown_to_html(std::string_view markdown) {
  // CMARK_OPT_DEFAULT leaves CMARK_OPT_UNSAFE off: raw HTML and javascript:
  // links become comments, so a page can only hold what Markdown describes.
  std::unique_ptr<char, decltype(&std::free)> html(
      cmark_markdown_to_html(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT), &std::free);
  return html ? std::string(html.get()) : std::string();
}

}  // namespace onnx_lint
