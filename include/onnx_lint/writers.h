// The report formats: one writer per format (src/report/<format>.cc), listed
// once in src/report/writers.cc. A writer reads only the run report.
#pragma once

#include <ostream>
#include <span>
#include <string_view>

#include "onnx_lint/report.h"

namespace onnx_lint {

/// How the text report looks; the other formats ignore it.
struct WriteStyle {
  bool color = false;
  bool quiet = false;       // no summary line
  bool statistics = false;  // counts per rule instead of each finding
  int graph_hops = 2;       // HTML: how far the pictures reach (shown in the page)
};

using WriteFn = void (*)(const RunReport& report, const WriteStyle& style, std::ostream& out);

struct Writer {
  std::string_view format;  // "text", "json", ...: the --format value
  WriteFn write;
  bool needs_hash;    // shows each model's SHA-256 (the engine computes it only then)
  bool draws_graphs;  // shows each finding's neighbourhood (the engine computes it only then)
};

/// Every format, in the order --help lists them.
std::span<const Writer> all_writers();
/// nullptr for an unknown format.
const Writer* find_writer(std::string_view format);

}  // namespace onnx_lint
