// The fix pipeline: the model's findings under its settings, the plan of
// src/fix for them, the load layer's writer, and a lint of what it wrote.
#include <fmt/format.h>

#include <filesystem>

#include "engine/config.h"
#include "fix/fixes.h"
#include "onnx_lint/fix.h"

namespace onnx_lint {
namespace {

namespace fs = std::filesystem;

// External data is named relative to the model's folder; the fixed model
// keeps the names, so it must live in the same folder.
std::string external_data_refusal(const Model& m, const std::string& path, const std::string& out) {
  std::string location;
  for (const TensorData& t : m.tensors)
    if (t.storage == Storage::kExternal) location = t.external_location;
  if (location.empty()) return "";
  std::error_code ec;
  const fs::path a = fs::weakly_canonical(fs::absolute(path).parent_path(), ec);
  const fs::path b = fs::weakly_canonical(fs::absolute(out).parent_path(), ec);
  if (a == b) return "";
  return fmt::format(
      "{}: its weights are in external data ('{}') named relative to its folder, so the fixed "
      "model must be written into the same folder ({}), not {}",
      path, location, a.string(), b.string());
}

std::string output_problem(const std::string& path, const FixJob& job) {
  if (job.diff) return "";
  if (job.in_place)
    return job.output.empty() || job.output == path ? "" : "give -o or --in-place, not both";
  if (job.output.empty()) return "give -o FIXED.onnx, --in-place, or --diff";
  std::error_code ec;
  if (fs::exists(job.output, ec) && fs::equivalent(path, job.output, ec))
    return fmt::format("-o {} is the model itself: use --in-place to overwrite it", job.output);
  return "";
}

// The model loaded again at batch 2 and 3, when a fix needs to see what its
// dynamic batch changes (fix/fixes.h's BatchProbe); none when it has none.
std::vector<LoadResult> load_batch_probes(const std::string& source, const std::string& path,
                                          const Model& model, const LoadOptions& options) {
  std::vector<LoadResult> probes;
  for (int64_t batch : {2, 3}) {
    ModelEdit shapes;
    shapes.input_shapes = batch_probe_shapes(model.main(), batch);
    std::string bytes;
    if (shapes.input_shapes.empty() || !edit_model_bytes(source, path, shapes, &bytes).empty())
      return {};
    LoadResult probe = read_model_from_bytes(bytes, path, options);
    if (!probe.model) return {};
    probes.push_back(std::move(probe));
  }
  return probes;
}

// The fixes' plan, with batch probes when a fix asks for them.
FixPlan plan_with_probes(const std::string& source, const std::string& path, const Model& model,
                         const std::vector<Diagnostic>& findings, const FixJob& job) {
  std::vector<LoadResult> probed;
  if (wants_batch_probes(model, findings))
    probed = load_batch_probes(source, path, model, job.lint.load);
  std::vector<BatchProbe> probes;
  for (size_t i = 0; i < probed.size(); ++i)
    probes.push_back({static_cast<int64_t>(i) + 2, &*probed[i].model});
  return plan_fixes(model, findings, job.unsafe, probes);
}

}  // namespace

FixReport fix_file(const std::string& path, const FixJob& job) {
  FixReport report;
  report.path = path;
  report.output = job.in_place ? path : job.output;
  try {
    if (std::string why = output_problem(path, job); !why.empty()) {
      report.error = fmt::format("{}: {}", path, why);
      return report;
    }
    LintSettings settings;
    std::string error;
    if (!settings_for(config_for_model(path, job.lint.config), job.lint.flags, &settings, &error)) {
      report.error = fmt::format("{}: {}", path, error);
      return report;
    }
    std::string source;
    if (std::string why = model_file_bytes(path, &source); !why.empty()) {
      report.error = why;
      return report;
    }
    // A dynamic input made static first, so the fixes see the shapes it gives.
    if (!job.input_shapes.empty()) {
      ModelEdit shapes;
      shapes.input_shapes = job.input_shapes;
      std::string reshaped;
      if (std::string why = edit_model_bytes(source, path, shapes, &reshaped); !why.empty()) {
        report.error = why;
        return report;
      }
      source = std::move(reshaped);
    }
    LoadResult loaded = read_model_from_bytes(source, path, job.lint.load);
    if (!loaded.model) {
      report.error = loaded.error;
      return report;
    }
    report.before = lint_model(*loaded.model, settings);
    FixPlan plan = plan_with_probes(source, path, *loaded.model, report.before, job);
    report.notes = std::move(plan.notes);
    if (job.diff) return report;
    if (std::string why = external_data_refusal(*loaded.model, path, report.output); !why.empty()) {
      report.error = why;
      return report;
    }
    if (plan.edit.empty() && !report.notes.empty()) {
      // Every fix there is was refused: say why, write nothing.
      const FixNote& n = report.notes.front();
      report.error = fmt::format(
          "{}: no fix applies; {} node '{}' ({}): {}{}", path, n.rule, n.node, n.op_type, n.what,
          n.what.find("static") != std::string::npos || n.what.find("dynamic") != std::string::npos
              ? " (--set-input-shape NAME=DxD... makes a dynamic input static)"
              : "");
      return report;
    }
    std::string bytes;
    if (std::string why = edit_model_bytes(source, path, plan.edit, &bytes); !why.empty()) {
      report.error = why;
      return report;
    }
    // The fixed model must load and pass the checker before it is written.
    LoadResult fixed = read_model_from_bytes(bytes, report.output, job.lint.load);
    if (!fixed.model || !fixed.model->checker_error.empty()) {
      report.error = fmt::format("{}: the fixed model would be invalid ({}); nothing was written",
                                 path, fixed.model ? fixed.model->checker_error : fixed.error);
      return report;
    }
    if (std::string why = write_file_atomically(bytes, report.output); !why.empty()) {
      report.error = why;
      return report;
    }
    report.written = true;
    report.after = lint_model(*fixed.model, settings);
  } catch (const std::exception& e) {
    report.error = fmt::format("{}: internal error: {}", path, e.what());
  }
  return report;  // with nothing to fix, the output is the model's own bytes
}

}  // namespace onnx_lint
