// The formats of `onnx-lint diff` (SARIF is the lint's own writer, fed the
// introduced findings: src/cli/diff_command.cc).
#pragma once

#include <ostream>
#include <string>

#include "onnx_lint/model_diff.h"

namespace onnx_lint {

struct DiffStyle {
  std::string docs_url;  // --docs-url: where rule pages live; "" = docs/rules/ relative
  int max_rows = 50;     // markdown: rows per table before "and N more"
};

void write_diff_text(const ModelDiff& d, const DiffStyle& style, std::ostream& out);
void write_diff_json(const ModelDiff& d, const DiffStyle& style, std::ostream& out);
void write_diff_markdown(const ModelDiff& d, const DiffStyle& style, std::ostream& out);

/// "NonZero at roi_heads (detector.py:40)": where a finding is, in words.
std::string finding_where(const Diagnostic& d);
/// "+NonZero ×2, -Where ×2"
std::string ops_delta(const std::vector<OpCountChange>& ops);
/// "1.2 MB"
std::string human_bytes(int64_t bytes);

}  // namespace onnx_lint
