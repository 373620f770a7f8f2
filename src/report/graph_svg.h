// A finding's neighbourhood as an SVG picture, laid out by Graphviz's dot
// (libgvc, in-process; no `dot` binary, no plugins from disk).
#pragma once

#include <string>

#include "onnx_lint/diagnostic.h"

namespace onnx_lint {

/// An <svg> element (no XML prolog) for the excerpt; the flagged node filled
/// in the finding's severity colour, nodes of other findings outlined. Every
/// name is escaped by Graphviz's SVG writer and never used as an id. "" when
/// Graphviz fails.
std::string excerpt_svg(const GraphExcerpt& excerpt, Severity severity);

}  // namespace onnx_lint
