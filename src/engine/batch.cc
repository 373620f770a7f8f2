#include "onnx_lint/batch.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

#include "engine/baseline.h"
#include "engine/diagnostic_order.h"
#include "engine/waivers.h"
#include "onnx_lint/registry.h"

namespace onnx_lint {
namespace fs = std::filesystem;
namespace {

// Config waivers are shared by many models: one that hid nothing in any of
// them is reported once, in the first model it applied to.
void report_unused_config_waivers(RunReport& run) {
  struct Tally {
    WaiverOutcome total;
    FileReport* first = nullptr;
  };
  std::map<std::string, Tally> tally;
  for (auto& f : run.files)
    for (const auto& w : f.config_waivers) {
      Tally& t = tally[w.origin];
      if (!t.first) {
        t.first = &f;
        t.total = w;
        t.total.hits = 0;
        t.total.models = 0;
      }
      t.total.hits += w.hits;
      ++t.total.models;
    }
  for (auto& [origin, t] : tally) {
    if (t.total.hits > 0) continue;
    t.total.scope = fmt::format("in the {} model{} it applies to", t.total.models,
                                t.total.models == 1 ? "" : "s");
    const std::set<std::string> enabled(t.first->rules_run.begin(), t.first->rules_run.end());
    const size_t before = t.first->diagnostics.size();
    report_waiver_findings({t.total}, enabled, LintSettings{}, t.first->diagnostics);
    if (t.first->diagnostics.size() == before) continue;
    sort_diagnostics(t.first->diagnostics);
    stamp_fingerprints(*t.first);
  }
}

// The rules that ran on any model, in code order: what reports list.
std::vector<RuleInfo> catalogue_of(const RunReport& run) {
  std::set<std::string> ran;
  for (const auto& f : run.files) ran.insert(f.rules_run.begin(), f.rules_run.end());
  std::vector<RuleInfo> out;
  for (RuleInfo& r : rule_catalogue())
    if (ran.count(r.code)) out.push_back(std::move(r));
  return out;
}

// What every run does once its models are linted, before a baseline.
void finish_run(RunReport& run) {
  report_unused_config_waivers(run);
  run.catalogue = catalogue_of(run);
}

size_t worker_count(int requested, size_t files) {
  const size_t jobs = requested > 0 ? static_cast<size_t>(requested)
                                    : std::max(1u, std::thread::hardware_concurrency());
  return std::min(jobs, std::max<size_t>(files, 1));
}

}  // namespace

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs,
                                       std::vector<std::string>* empty_dirs) {
  std::vector<std::string> out;
  for (const auto& input : inputs) {
    std::error_code ec;
    if (!fs::is_directory(input, ec)) {
      out.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    // Directory symlinks are not followed: no loops, no escaping the tree.
    fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      const auto& p = it->path();
      if (p.extension() == ".onnx" && it->is_regular_file(ec)) found.push_back(p.string());
    }
    std::sort(found.begin(), found.end());
    if (found.empty()) {
      out.push_back(input);
      if (empty_dirs) empty_dirs->push_back(input);
    }
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

RunReport lint_files(const BatchJob& job, const Progress& progress) {
  std::vector<std::string> empty_dirs;
  const std::vector<std::string> files = expand_inputs(job.inputs, &empty_dirs);
  RunReport run;
  run.files.resize(files.size());

  std::atomic<size_t> next{0}, done{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      if (std::find(empty_dirs.begin(), empty_dirs.end(), files[i]) != empty_dirs.end()) {
        run.files[i].path = files[i];
        run.files[i].error = fmt::format("{}: directory holds no .onnx file", files[i]);
      } else {
        run.files[i] = lint_file(files[i], job.lint);
      }
      const size_t n = done.fetch_add(1) + 1;
      if (progress) progress(n, files.size());
    }
  };
  const size_t jobs = worker_count(job.jobs, files.size());
  if (jobs <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (size_t j = 0; j < jobs; ++j) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }

  finish_run(run);
  std::string error;
  if (!job.baseline.empty() && !apply_baseline(run, job.baseline, &error))
    throw std::runtime_error(error);
  if (!job.write_baseline.empty() && !write_baseline(run, job.write_baseline, &error))
    throw std::runtime_error(error);
  // Last, on what the reports show: waivers and the baseline work per node.
  for (FileReport& f : run.files) f.groups = group_findings(f.diagnostics, job.group);
  return run;
}

RunReport single_model_run(FileReport file, bool group) {
  RunReport run;
  run.files.push_back(std::move(file));
  finish_run(run);
  run.files[0].groups = group_findings(run.files[0].diagnostics, group);
  return run;
}

}  // namespace onnx_lint
