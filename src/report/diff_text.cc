// `onnx-lint diff` as text: what changed, most consequential first.
#include <fmt/format.h>

#include "report/diff_writers.h"
#include "report/markup.h"

namespace onnx_lint {
namespace {

// A string from a model, safe on a terminal: valid UTF-8, no control
// characters (an escape sequence or a newline would forge output).
std::string term(std::string_view s) {
  std::string out = utf8_clean(s, 4000);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  return out;
}

std::string opsets(const std::map<std::string, int64_t>& o) {
  std::vector<std::string> parts;
  for (const auto& [domain, v] : o) parts.push_back(fmt::format("{} {}", domain, v));
  return fmt::format("{}", fmt::join(parts, ", "));
}

// Findings of one rule at the same place (op, module, source line) are one
// line, ×N, with the first one's message: the way the lint groups them.
void finding_lines(const std::vector<Diagnostic>& ds, char sign, std::ostream& out) {
  struct Line {
    std::string key, text;
    int count;
  };
  std::vector<Line> lines;
  for (const Diagnostic& d : ds) {
    const std::string where = term(finding_where(d));
    std::string key = fmt::format("{}|{}|{}", severity_name(d.severity), d.rule, where);
    if (!lines.empty() && lines.back().key == key) {
      ++lines.back().count;
      continue;
    }
    lines.push_back({std::move(key),
                     fmt::format("{}[{} {}] {}: {}", severity_name(d.severity), d.rule, d.name,
                                 where, term(d.message)),
                     1});
  }
  for (const Line& l : lines)
    out << fmt::format("  {} {}{}\n", sign, l.count > 1 ? fmt::format("×{} ", l.count) : "",
                       l.text);
}

// The text lists this many modules; JSON and Markdown (capped) have them all.
constexpr size_t kModuleLines = 20;

}  // namespace

std::string finding_where(const Diagnostic& d) {
  std::string s = d.op_type ? *d.op_type : d.tensor ? fmt::format("'{}'", *d.tensor) : "model";
  if (d.module) s += fmt::format(" at {}", *d.module);
  if (d.source) s += fmt::format(" ({})", *d.source);
  return s;
}

std::string ops_delta(const std::vector<OpCountChange>& ops) {
  std::vector<std::string> parts;
  for (const OpCountChange& c : ops) {
    const int64_t delta = c.new_count - c.old_count;
    parts.push_back(
        fmt::format("{}{} ×{}", delta > 0 ? "+" : "-", c.op, delta > 0 ? delta : -delta));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string human_bytes(int64_t b) {
  if (b < 1024) return fmt::format("{} B", b);
  if (b < 1024 * 1024) return fmt::format("{:.1f} KiB", b / 1024.0);
  if (b < int64_t{1} << 30) return fmt::format("{:.1f} MiB", b / 1048576.0);
  return fmt::format("{:.2f} GiB", b / 1073741824.0);
}

void write_diff_text(const ModelDiff& d, const DiffStyle&, std::ostream& out) {
  const FindingsDiff& f = d.findings;
  out << fmt::format("{} -> {}\n", term(d.old_side.path), term(d.new_side.path));
  out << fmt::format("findings: {} introduced, {} resolved, {} unchanged\n", f.introduced.size(),
                     f.resolved.size(), f.unchanged.size());
  finding_lines(f.introduced, '+', out);
  finding_lines(f.resolved, '-', out);
  for (const TargetVerdict& t : d.targets)
    out << fmt::format("target: builds on {}: {} -> {}{}\n", t.target, t.old_ok ? "yes" : "no",
                       t.new_ok ? "yes" : "no",
                       t.why.empty() ? "" : fmt::format(" ({})", term(t.why)));
  if (d.signature.empty()) {
    out << "signature: unchanged\n";
  } else {
    out << fmt::format("signature: {} change{}{}\n", d.signature.size(),
                       d.signature.size() == 1 ? "" : "s",
                       d.signature_breaking() ? " (breaking)" : "");
    for (const SignatureChange& c : d.signature)
      out << fmt::format("  {} '{}': {}{}{}\n", c.kind, term(c.name), c.change,
                         c.what.empty() ? "" : term(fmt::format(": {}", fmt::join(c.what, "; "))),
                         c.breaking ? " [breaking]" : "");
  }
  const GraphDiff& g = d.graph;
  std::vector<std::string> facts;
  if (g.old_opsets != g.new_opsets)
    facts.push_back(
        term(fmt::format("opsets {} -> {}", opsets(g.old_opsets), opsets(g.new_opsets))));
  if (g.old_ir != g.new_ir) facts.push_back(fmt::format("IR {} -> {}", g.old_ir, g.new_ir));
  if (g.old_producer != g.new_producer)
    facts.push_back(term(fmt::format("producer {} -> {}", g.old_producer, g.new_producer)));
  facts.push_back(g.old_nodes == g.new_nodes
                      ? fmt::format("{} nodes", g.new_nodes)
                      : fmt::format("nodes {} -> {}", g.old_nodes, g.new_nodes));
  out << fmt::format("graph: {}\n", fmt::join(facts, "; "));
  if (!g.ops.empty()) out << fmt::format("  ops: {}\n", term(ops_delta(g.ops)));
  for (size_t i = 0; i < g.modules.size() && i < kModuleLines; ++i)
    out << fmt::format("  {}: {}\n", term(g.modules[i].module), term(ops_delta(g.modules[i].ops)));
  if (g.modules.size() > kModuleLines)
    out << fmt::format("  ... and {} more modules (--format json lists them all)\n",
                       g.modules.size() - kModuleLines);
  for (const std::string& fn : g.functions_added) out << fmt::format("  + function {}\n", term(fn));
  for (const std::string& fn : g.functions_removed)
    out << fmt::format("  - function {}\n", term(fn));
  const WeightsDiff& w = d.weights;
  if (w.old_count == w.new_count && w.old_bytes == w.new_bytes)
    out << fmt::format("weights: {} initializers, {}\n", w.new_count, human_bytes(w.new_bytes));
  else
    out << fmt::format("weights: {} -> {} initializers, {} -> {}\n", w.old_count, w.new_count,
                       human_bytes(w.old_bytes), human_bytes(w.new_bytes));
  int renamed = 0;
  for (const TensorChange& t : w.tensors) {
    if (t.change == "renamed") {
      ++renamed;
      continue;
    }
    out << fmt::format("  {} '{}': {}\n", t.change, term(t.name),
                       t.change == "added"     ? t.new_desc
                       : t.change == "removed" ? t.old_desc
                                               : fmt::format("{} -> {}", t.old_desc, t.new_desc));
  }
  if (renamed) out << fmt::format("  {} renamed, same type and shape\n", renamed);
  for (const std::string& e : w.external_added)
    out << fmt::format("  + external data '{}'\n", term(e));
  for (const std::string& e : w.external_removed)
    out << fmt::format("  - external data '{}'\n", term(e));
}

}  // namespace onnx_lint
