#include "onnx_lint/linter.h"

#include <algorithm>
#include <exception>
#include <tuple>

#include <fmt/format.h>

#include "onnx_lint/registry.h"
#include "onnx_lint/source_map.h"

namespace onnx_lint {
namespace {

// Model-level findings first, then graph by graph in load order, node by node.
void sort_diagnostics(std::vector<Diagnostic>& ds) {
  auto key = [](const Diagnostic& d) {
    return std::make_tuple(d.node_index.has_value() || d.tensor.has_value() ? d.graph_id : -1,
                           d.node_index.value_or(-1), std::string_view(d.rule),
                           std::string_view(d.tensor ? *d.tensor : std::string()));
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
  return s;
}

}  // namespace

std::vector<Diagnostic> lint_model(const Model& model, const Options& options) {
  std::vector<Diagnostic> out;
  LintContext ctx{model, options};
  for (const auto& rule : all_rules()) {
    DiagnosticSink sink(rule->meta(), out);
    rule->check(ctx, sink);
  }
  attach_sources(model, out);
  sort_diagnostics(out);
  return out;
}

FileReport lint_file(const std::string& path, const Options& options) {
  FileReport report;
  report.path = path;
  try {
    LoadResult loaded = load_model(path);
    if (!loaded.model) {
      report.error = loaded.error;
      return report;
    }
    report.model = summarize(*loaded.model);
    report.diagnostics = lint_model(*loaded.model, options);
    report.ok = true;
  } catch (const std::bad_alloc&) {
    report.error = fmt::format("{}: out of memory while linting", path);
  } catch (const std::exception& e) {
    report.error = fmt::format("{}: internal error: {}", path, e.what());
  }
  return report;
}

RunReport lint_files(const Options& options) {
  RunReport run;
  run.files.reserve(options.inputs.size());
  for (const auto& path : options.inputs) run.files.push_back(lint_file(path, options));
  return run;
}

}  // namespace onnx_lint
