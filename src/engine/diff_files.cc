// The diff pipeline: each model linted as `onnx-lint MODEL` would (its
// config, the flags, waivers), kept loaded, and compared by src/diff.
#include <fmt/format.h>

#include "diff/compare.h"
#include "engine/targets.h"
#include "onnx_lint/diff.h"

namespace onnx_lint {
namespace {

bool builds(const FileReport& r) {
  for (const Diagnostic& d : r.diagnostics)
    if (d.severity == Severity::kError) return false;
  return true;
}

// "OL601 NonZero at roi_heads": the first error the change introduced.
std::string first_error(const std::vector<Diagnostic>& introduced) {
  for (const Diagnostic& d : introduced) {
    if (d.severity != Severity::kError) continue;
    std::string where = d.op_type.value_or("");
    if (d.module) where += fmt::format("{}at {}", where.empty() ? "" : " ", *d.module);
    if (where.empty()) where = d.node.value_or(d.tensor.value_or("the model"));
    return fmt::format("{} {}", d.rule, where);
  }
  return "";
}

}  // namespace

DiffResult diff_files(const std::string& old_path, const std::string& new_path,
                      const LintJob& job) {
  DiffResult result;
  LintJob hashed = job;
  hashed.hash = true;
  try {
    // OLD is reduced to its facts and dropped before NEW is loaded.
    ModelFacts old_facts, new_facts;
    FileReport old_report, new_report;
    {
      std::optional<Model> model;
      old_report = lint_file(old_path, hashed, &model);
      if (!old_report.ok) return {{}, old_report.error};
      old_facts = model_facts(*model, old_report.diagnostics);
    }
    {
      std::optional<Model> model;
      new_report = lint_file(new_path, hashed, &model);
      if (!new_report.ok) return {{}, new_report.error};
      new_facts = model_facts(*model, new_report.diagnostics);
    }
    ModelDiff& d = result.diff;
    d.findings =
        match_findings(old_facts, old_report.diagnostics, new_facts, new_report.diagnostics);
    d.signature = diff_signature(old_facts, new_facts);
    d.graph = diff_graph(old_facts, new_facts);
    d.weights = diff_weights(old_facts, new_facts);
    if (job.flags.target)
      d.targets.push_back({new_report.target, builds(old_report), builds(new_report),
                           first_error(d.findings.introduced)});
    d.old_side = {old_path, old_report.sha256, std::move(old_report)};
    d.new_side = {new_path, new_report.sha256, std::move(new_report)};
  } catch (const std::bad_alloc&) {
    result = {{}, fmt::format("{}: out of memory while comparing", new_path)};
  } catch (const std::exception& e) {
    result = {{}, fmt::format("{}: internal error while comparing: {}", new_path, e.what())};
  }
  return result;
}

}  // namespace onnx_lint
