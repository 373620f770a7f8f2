// libFuzzer target: the whole pipeline, loader to every reporter, and the
// fixes: planned for every finding and applied to the bytes (never written).
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>

#include "fix/fixes.h"
#include "onnx_lint/linter.h"
#include "onnx_lint/registry.h"
#include "onnx_lint/report.h"
#include "onnx_lint/settings.h"
#include "onnx_lint/writers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  onnx_lint::LoadOptions load;
  load.max_inline_tensor_bytes = 256;
  auto r = onnx_lint::read_model_from_bytes(
      std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.onnx", load);
  onnx_lint::RunReport run;
  onnx_lint::FileReport file;
  file.path = "fuzz.onnx";
  if (r.model) {
    file.ok = true;
    // Every target, so the target rules (OL6xx) see hostile graphs too.
    for (const char* target : {"cheatsheet", "trt-8.6", "trt-10.0", "ort-trt"}) {
      onnx_lint::LintSettings settings;
      settings.target = target;
      for (auto& d : onnx_lint::lint_model(*r.model, settings)) {
        file.rules_run.push_back(d.rule);
        file.diagnostics.push_back(std::move(d));
      }
    }
    file.groups = onnx_lint::group_findings(file.diagnostics, true);
    const onnx_lint::FixPlan plan = onnx_lint::plan_fixes(*r.model, file.diagnostics, true);
    std::string fixed;
    (void)onnx_lint::edit_model_bytes(std::string_view(reinterpret_cast<const char*>(data), size),
                                      "fuzz.onnx", plan.edit, &fixed);
  } else {
    file.error = r.error;
  }
  run.files.push_back(std::move(file));
  run.catalogue = onnx_lint::rule_catalogue();
  std::ostringstream out;
  for (const auto& writer : onnx_lint::all_writers()) writer.write(run, {}, out);
  return 0;
}
