// `onnx-lint diff --format markdown`: a pull-request comment or a CI job
// summary. Tables are capped (DiffStyle::max_rows); every string from a model
// is escaped, so a node name cannot inject a link, an image or a table cell.
#include <fmt/format.h>

#include "report/diff_writers.h"
#include "report/markup.h"

namespace onnx_lint {
namespace {

std::string md(std::string_view s, size_t max = 300) {
  std::string out;
  for (char c : utf8_clean(s, max)) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out += ' ';
    } else if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      if (std::string_view("\\`*_{}[]()#+!|~").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

std::string rule_link(const Diagnostic& d, const DiffStyle& style) {
  const std::string page =
      style.docs_url.empty() ? d.doc : fmt::format("{}/{}.md", style.docs_url, d.rule);
  return fmt::format("[{}]({}) {}", d.rule, page, d.name);
}

template <typename T, typename Row>
void table(const std::vector<T>& items, const std::string& header, const DiffStyle& style,
           std::ostream& out, Row&& row) {
  out << header << "\n";
  const size_t shown = std::min(items.size(), static_cast<size_t>(style.max_rows));
  for (size_t i = 0; i < shown; ++i) out << row(items[i]) << "\n";
  if (items.size() > shown) out << fmt::format("\n…and {} more.\n", items.size() - shown);
  out << "\n";
}

void findings(const char* title, const std::vector<Diagnostic>& ds, const DiffStyle& style,
              std::ostream& out) {
  if (ds.empty()) return;
  out << fmt::format("### {} ({})\n\n", title, ds.size());
  table(ds, "| severity | rule | where | message |\n|---|---|---|---|", style, out,
        [&](const Diagnostic& d) {
          return fmt::format("| {} | {} | {} | {} |", severity_name(d.severity),
                             rule_link(d, style), md(finding_where(d)), md(d.message));
        });
}

}  // namespace

void write_diff_markdown(const ModelDiff& d, const DiffStyle& style, std::ostream& out) {
  const FindingsDiff& f = d.findings;
  out << fmt::format("## onnx-lint diff: `{}` → `{}`\n\n", md(d.old_side.path, 200),
                     md(d.new_side.path, 200));
  out << fmt::format("**{}** introduced · **{}** resolved · {} unchanged", f.introduced.size(),
                     f.resolved.size(), f.unchanged.size());
  if (!d.signature.empty())
    out << fmt::format(" · signature: {} change{}{}", d.signature.size(),
                       d.signature.size() == 1 ? "" : "s",
                       d.signature_breaking() ? " (**breaking**)" : "");
  out << "\n\n";
  for (const TargetVerdict& t : d.targets)
    out << fmt::format("Builds on `{}`: {} → {}{}\n\n", md(t.target), t.old_ok ? "yes" : "no",
                       t.new_ok ? "yes" : "**no**",
                       t.why.empty() ? "" : fmt::format(" ({})", md(t.why)));
  findings("Introduced", f.introduced, style, out);
  findings("Resolved", f.resolved, style, out);
  if (!d.signature.empty()) {
    out << "### Signature\n\n";
    table(d.signature, "| | name | change | breaking |\n|---|---|---|---|", style, out,
          [](const SignatureChange& c) {
            std::string what = c.change;
            for (const std::string& w : c.what) what += "; " + w;
            return fmt::format("| {} | {} | {} | {} |", c.kind, md(c.name), md(what),
                               c.breaking ? "**yes**" : "no");
          });
  }
  const GraphDiff& g = d.graph;
  out << "### Graph\n\n| | old | new |\n|---|---|---|\n";
  const auto opsets = [](const std::map<std::string, int64_t>& o) {
    std::vector<std::string> parts;
    for (const auto& [domain, v] : o) parts.push_back(fmt::format("{} {}", md(domain), v));
    return fmt::format("{}", fmt::join(parts, ", "));
  };
  out << fmt::format("| opsets | {} | {} |\n", opsets(g.old_opsets), opsets(g.new_opsets));
  out << fmt::format("| IR version | {} | {} |\n", g.old_ir, g.new_ir);
  out << fmt::format("| producer | {} | {} |\n", md(g.old_producer), md(g.new_producer));
  out << fmt::format("| nodes | {} | {} |\n", g.old_nodes, g.new_nodes);
  const WeightsDiff& w = d.weights;
  out << fmt::format("| initializers | {} ({}) | {} ({}) |\n\n", w.old_count,
                     human_bytes(w.old_bytes), w.new_count, human_bytes(w.new_bytes));
  if (!g.modules.empty())
    table(g.modules, "| module | ops |\n|---|---|", style, out, [](const ModuleOpsChange& m) {
      return fmt::format("| {} | {} |", md(m.module), md(ops_delta(m.ops)));
    });
  std::vector<TensorChange> weights;
  for (const TensorChange& t : w.tensors)
    if (t.change != "renamed") weights.push_back(t);
  if (!weights.empty())
    table(weights, "| tensor | change | old | new |\n|---|---|---|---|", style, out,
          [](const TensorChange& t) {
            return fmt::format("| {} | {} | {} | {} |", md(t.name), t.change, md(t.old_desc),
                               md(t.new_desc));
          });
}

}  // namespace onnx_lint
