#include "onnx_lint/linter.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <exception>
#include <filesystem>
#include <thread>
#include <tuple>

#include <fmt/format.h>

#include "onnx_lint/baseline.h"
#include "onnx_lint/config.h"
#include "onnx_lint/registry.h"
#include "onnx_lint/selection.h"
#include "onnx_lint/sha256.h"
#include "onnx_lint/source_map.h"
#include "onnx_lint/suppression.h"

namespace onnx_lint {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kUnusedWaiverRule = "OL002";

// Model-level findings first, then graph by graph in load order, node by node.
void sort_diagnostics(std::vector<Diagnostic>& ds) {
  auto key = [](const Diagnostic& d) {
    return std::make_tuple(d.node_index.has_value() || d.tensor.has_value() ? d.graph_id : -1,
                           d.node_index.value_or(-1), std::string_view(d.rule),
                           // Not `d.tensor ? *d.tensor : std::string()`: that is a temporary
                           // string, and the view would outlive it.
                           d.tensor ? std::string_view(*d.tensor) : std::string_view());
  };
  std::stable_sort(ds.begin(), ds.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

void attach_sources(const Model& model, std::vector<Diagnostic>& ds) {
  for (auto& d : ds) {
    if (!d.node_index || d.graph_id < 0 || d.graph_id >= static_cast<int>(model.graphs.size()))
      continue;
    const Graph& g = model.graphs[d.graph_id];
    if (*d.node_index < 0 || *d.node_index >= static_cast<int>(g.nodes.size())) continue;
    SourceLocation loc = source_of(g.nodes[*d.node_index]);
    if (!d.module) d.module = std::move(loc.module);
    if (!d.source) d.source = std::move(loc.source);
  }
}

ModelSummary summarize(const Model& m) {
  ModelSummary s;
  s.ir_version = m.ir_version;
  s.opsets = m.opsets;
  s.producer = m.producer_version.empty() ? m.producer_name
                                          : fmt::format("{} {}", m.producer_name, m.producer_version);
  s.nodes = m.node_count();
  s.graphs = m.graphs.size();
  for (const Graph& g : m.graphs) {
    for (const Node& n : g.nodes)
      ++s.op_types[n.domain.empty() || n.domain == "ai.onnx" ? n.op_type
                                                            : n.domain + "::" + n.op_type];
    for (const auto& [name, index] : g.initializers) {
      const int64_t count = m.tensors[index].num_elements();
      // Saturate: dims in a hostile file can add up past int64.
      if (count > 0)
        s.parameters = count > std::numeric_limits<int64_t>::max() - s.parameters
                           ? std::numeric_limits<int64_t>::max()
                           : s.parameters + count;
    }
  }
  return s;
}

// An OL002 finding about a waiver.
Diagnostic waiver_note(std::string message, std::string fix, std::string anchor) {
  std::vector<Diagnostic> out;
  DiagnosticSink sink(find_rule(kUnusedWaiverRule)->meta(), out);
  Diagnostic& d = sink.report(std::move(message));
  d.fix = std::move(fix);
  d.anchor = std::move(anchor);
  return std::move(out.front());
}

Diagnostic unused_waiver(const Suppression& s, std::string_view scope) {
  std::string nodes = s.nodes.empty() ? "" : fmt::format(", nodes {}", fmt::join(s.nodes, " "));
  return waiver_note(fmt::format("{} (rules {}{}) matched no finding {}", s.origin,
                                 fmt::join(s.rules, " "), nodes, scope),
                     "remove the waiver, or update its rules and node globs if the model changed",
                     s.origin);
}

std::string config_for(const std::string& path, const Options& cli) {
  if (cli.no_config) return "";
  if (!cli.config.empty()) return cli.config;
  return find_config(path);
}

void apply_waivers(const Model& model, const Options& o, FileReport& report) {
  for (const auto& s : o.suppressions)
    if (suppression_applies_to_model(s, report.path)) report.config_waivers.push_back({s, 0});

  std::vector<WaiverUse> model_waivers;
  std::vector<Diagnostic> notes;
  const bool report_unused =
      std::find(report.rules_run.begin(), report.rules_run.end(), kUnusedWaiverRule) !=
      report.rules_run.end();
  for (const auto& [key, value] : model.metadata) {
    if (key != kModelIgnoreKey) continue;
    std::vector<Suppression> parsed;
    std::string error;
    if (!parse_model_suppressions(value, &parsed, &error)) {
      if (report_unused)
        notes.push_back(waiver_note(fmt::format("cannot read the waiver: {}", error),
                                    "write entries as RULES[:GLOB|GLOB], separated by ';', e.g. "
                                    "\"OL102:/decoder/*;OL201\"",
                                    std::string(kModelIgnoreKey)));
      continue;
    }
    for (auto& s : parsed) model_waivers.push_back({std::move(s), 0});
  }

  std::vector<Diagnostic> kept;
  for (auto& d : report.diagnostics) {
    WaiverUse* hit = nullptr;
    for (auto* list : {&report.config_waivers, &model_waivers})
      for (auto& w : *list)
        if (!hit && suppression_covers(w.waiver, d)) hit = &w;
    if (hit) {
      ++hit->hits;
      ++report.suppressed;
    } else {
      kept.push_back(std::move(d));
    }
  }
  if (report_unused)
    for (const auto& w : model_waivers)
      if (w.hits == 0) kept.push_back(unused_waiver(w.waiver, "in this model"));
  kept.insert(kept.end(), notes.begin(), notes.end());
  report.diagnostics = std::move(kept);
}

// Config waivers are shared by many models: one that hid nothing in any of
// them is reported once, in the first model it applied to.
void report_unused_config_waivers(RunReport& run) {
  struct Tally {
    int hits = 0, models = 0;
    FileReport* first = nullptr;
    const Suppression* waiver = nullptr;
  };
  std::map<std::string, Tally> tally;
  for (auto& f : run.files)
    for (const auto& w : f.config_waivers) {
      Tally& t = tally[w.waiver.origin];
      t.hits += w.hits;
      ++t.models;
      if (!t.first) t.first = &f, t.waiver = &w.waiver;
    }
  for (auto& [origin, t] : tally) {
    const auto& ran = t.first->rules_run;
    if (t.hits > 0 || std::find(ran.begin(), ran.end(), kUnusedWaiverRule) == ran.end()) continue;
    t.first->diagnostics.push_back(unused_waiver(
        *t.waiver, fmt::format("in the {} model{} it applies to", t.models, t.models == 1 ? "" : "s")));
    sort_diagnostics(t.first->diagnostics);
  }
}

}  // namespace

std::vector<Diagnostic> lint_model(const Model& model, const Options& options) {
  std::vector<Diagnostic> out;
  LintContext ctx{model, options};
  const std::set<std::string> enabled = enabled_rules(options);
  for (const auto& rule : all_rules()) {
    const RuleMeta& meta = rule->meta();
    if (!enabled.count(std::string(meta.code))) continue;
    const size_t first = out.size();
    DiagnosticSink sink(meta, out);
    rule->check(ctx, sink);
    const Severity level = effective_severity(options, meta.code, meta.name, meta.severity);
    for (size_t i = first; i < out.size(); ++i) out[i].severity = level;
  }
  attach_sources(model, out);
  sort_diagnostics(out);
  return out;
}

FileReport lint_file(const std::string& path, const Options& cli) {
  const auto start = std::chrono::steady_clock::now();
  FileReport report;
  report.path = path;
  try {
    Options o;
    std::string error;
    const std::string config = config_for(path, cli);
    if (!effective_options(cli, config, &o, &error) || !validate_selectors(o, &error)) {
      // Name the file at fault: the config (which the error may already start with).
      report.error = config.empty()               ? fmt::format("{}: {}", path, error)
                     : error.rfind(config, 0) == 0 ? error
                                                  : fmt::format("{}: {} (config of {})", config,
                                                                error, path);
      return report;
    }
    LoadOptions load_options;
    load_options.infer_types = o.infer_types == "always" ? InferTypes::kAlways
                               : o.infer_types == "never" ? InferTypes::kNever
                                                          : InferTypes::kAuto;
    LoadResult loaded = load_model(path, load_options);
    if (!loaded.model) {
      report.error = loaded.error;
      return report;
    }
    const Model& model = *loaded.model;
    if (!model.inference_note.empty()) report.notes.push_back(model.inference_note);
    if (!model.checker_note.empty()) report.notes.push_back(model.checker_note);
    report.model = summarize(model);
    report.file_size = model.file_size;
    report.diagnostics = lint_model(model, o);
    for (const auto& code : enabled_rules(o)) report.rules_run.push_back(code);
    apply_waivers(model, o, report);
    sort_diagnostics(report.diagnostics);
    if (o.format == Format::kJson && !sha256_file(path, &report.sha256, &error))
      report.sha256.clear();
    report.ok = true;
  } catch (const std::bad_alloc&) {
    report.error = fmt::format("{}: out of memory while linting", path);
  } catch (const std::exception& e) {
    report.error = fmt::format("{}: internal error: {}", path, e.what());
  }
  report.lint_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return report;
}

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

RunReport lint_files(const Options& cli, const Progress& progress) {
  std::vector<std::string> empty_dirs;
  const std::vector<std::string> files = expand_inputs(cli.inputs, &empty_dirs);
  RunReport run;
  run.files.resize(files.size());

  std::atomic<size_t> next{0}, done{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      if (std::find(empty_dirs.begin(), empty_dirs.end(), files[i]) != empty_dirs.end()) {
        run.files[i].path = files[i];
        run.files[i].error = fmt::format("{}: directory holds no .onnx file", files[i]);
      } else {
        run.files[i] = lint_file(files[i], cli);
      }
      const size_t n = done.fetch_add(1) + 1;
      if (progress) progress(n, files.size());
    }
  };
  size_t jobs = cli.jobs > 0 ? static_cast<size_t>(cli.jobs)
                             : std::max(1u, std::thread::hardware_concurrency());
  jobs = std::min(jobs, std::max<size_t>(files.size(), 1));
  prestart_inference_servers(jobs);
  if (jobs <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (size_t j = 0; j < jobs; ++j) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }

  report_unused_config_waivers(run);
  std::string error;
  if (!cli.baseline.empty() && !apply_baseline(run, cli.baseline, &error))
    throw std::runtime_error(error);
  if (!cli.write_baseline.empty() && !write_baseline(run, cli.write_baseline, &error))
    throw std::runtime_error(error);
  return run;
}

}  // namespace onnx_lint
