// Reporters format a RunReport; they never analyse.
#pragma once

#include <ostream>

#include "onnx_lint/report.h"

namespace onnx_lint {

struct TextStyle {
  bool color = false;
  bool quiet = false;  // no summary line
};

void write_text(const RunReport& report, const TextStyle& style, std::ostream& out);
void write_json(const RunReport& report, std::ostream& out);

}  // namespace onnx_lint
