// The format table: the one place that lists the report formats.
#include "onnx_lint/writers.h"

namespace onnx_lint {

// Each defined in src/report/<format>.cc.
void write_text(const RunReport& report, const WriteStyle& style, std::ostream& out);
void write_json(const RunReport& report, const WriteStyle& style, std::ostream& out);
void write_sarif(const RunReport& report, const WriteStyle& style, std::ostream& out);
void write_github(const RunReport& report, const WriteStyle& style, std::ostream& out);
void write_junit(const RunReport& report, const WriteStyle& style, std::ostream& out);
void write_html(const RunReport& report, const WriteStyle& style, std::ostream& out);

namespace {

constexpr Writer kWriters[] = {
    {"text", write_text, false, false},   {"json", write_json, true, false},
    {"sarif", write_sarif, false, false}, {"github", write_github, false, false},
    {"junit", write_junit, false, false}, {"html", write_html, true, true},
};

}  // namespace

std::span<const Writer> all_writers() { return kWriters; }

const Writer* find_writer(std::string_view format) {
  for (const Writer& w : kWriters)
    if (w.format == format) return &w;
  return nullptr;
}

}  // namespace onnx_lint
