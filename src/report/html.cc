// The HTML report: one self-contained page (inline CSS, SVG and a little
// script; nothing fetched), readable with scripts off. Every string from a
// model goes through html_escape; the Content-Security-Policy admits only
// the page's own script, by hash, should anything slip through.
#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <map>
#include <set>

#include "diagnostics/report_paths.h"
#include "onnx_lint/writers.h"
#include "report/graph_svg.h"
#include "report/html_assets.h"
#include "report/markdown.h"
#include "report/markup.h"

namespace onnx_lint {
namespace {

// Pictures drawn per model: past this the findings are listed without one,
// so a 5,000-finding batch stays a page a browser opens in seconds.
constexpr size_t kMaxPicturesPerModel = 200;

// Model strings on the page: escaped, and cut at 4 KB unless said otherwise,
// so a 100 KB node name cannot make the page that much larger.
std::string esc(std::string_view s, size_t max_bytes = 4096) { return escape_markup(s, max_bytes); }

std::string base64_sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  unsigned char encoded[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  const int n = EVP_EncodeBlock(encoded, digest, static_cast<int>(length));
  return std::string(reinterpret_cast<char*>(encoded), static_cast<size_t>(n));
}

std::string plural(size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string severity_badge(Severity s) {
  return fmt::format("<span class=\"sev sev-{0}\">{0}</span>", severity_name(s));
}

void write_head(std::ostream& out) {
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << fmt::format(
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "style-src 'unsafe-inline'; script-src 'sha256-{}'\">\n",
             base64_sha256(kHtmlScript))
      << "<title>onnx-lint report</title>\n<style>" << kHtmlStyle << "</style>\n</head>\n<body>\n";
}

void write_summary(const RunReport& report, std::ostream& out) {
  const Summary s = report.summary();
  out << "<header>\n<h1>onnx-lint report</h1>\n<p class=\"summary\">"
      << fmt::format(
             "{} · <span class=\"sev-error\">{}</span> · <span class=\"sev-warning\">{}"
             "</span> · <span class=\"sev-info\">{}</span>",
             plural(s.files, "model"), plural(s.errors, "error"), plural(s.warnings, "warning"),
             plural(s.infos, "info"));
  if (s.failed_files)
    out << fmt::format(" · {} could not be linted", plural(s.failed_files, "model"));
  if (s.waived) out << fmt::format(" · {} waived", plural(s.waived, "finding"));
  if (s.baselined) out << fmt::format(" · {} in the baseline", plural(s.baselined, "finding"));
  out << "</p>\n";
  const std::vector<RuleCount> per_rule = report.rule_counts();
  if (!per_rule.empty()) {
    out << "<table class=\"by-rule\">\n<tr><th>rule</th><th>findings</th></tr>\n";
    for (const RuleCount& r : per_rule)
      out << fmt::format(
          "<tr><td><a href=\"#rule-{0}\">{0}</a> {1}</td><td class=\"num\">{2}"
          "</td></tr>\n",
          html_id(r.code), esc(r.name), r.findings);
    out << "</table>\n";
  }
  out << "<div id=\"filters\" hidden>Show: "
         "<label><input type=\"checkbox\" value=\"error\" checked> errors</label>"
         "<label><input type=\"checkbox\" value=\"warning\" checked> warnings</label>"
         "<label><input type=\"checkbox\" value=\"info\" checked> infos</label></div>\n"
         "</header>\n";
}

void write_models_table(const RunReport& report, std::ostream& out) {
  out << "<table class=\"models\">\n<tr><th>model</th><th>status</th><th>errors</th>"
         "<th>warnings</th><th>infos</th><th>size</th><th>nodes</th><th>lint time</th></tr>\n";
  for (size_t i = 0; i < report.files.size(); ++i) {
    const FileReport& f = report.files[i];
    size_t counts[3] = {0, 0, 0};
    for (const auto& d : f.diagnostics) ++counts[static_cast<int>(d.severity)];
    out << fmt::format(
        "<tr><td><a href=\"#model-{}\">{}</a></td><td{}>{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>"
        "<td class=\"num\">{}</td><td class=\"num\">{:.1f} ms</td></tr>\n",
        i + 1, esc(f.path), f.ok ? "" : " class=\"status-failed\"", f.ok ? "linted" : "failed",
        counts[2], counts[1], counts[0], f.ok ? fmt::format("{} B", f.file_size) : "",
        f.ok ? std::to_string(f.model.nodes) : "", f.lint_ms);
  }
  out << "</table>\n";
}

void write_facts(const FileReport& f, std::ostream& out) {
  std::vector<std::string> opsets;
  for (const auto& o : f.model.opsets)
    opsets.push_back(fmt::format("{} {}", o.domain.empty() ? "ai.onnx" : o.domain, o.version));
  out << "<dl class=\"facts\">" << fmt::format("<dt>IR version</dt><dd>{}</dd>", f.model.ir_version)
      << fmt::format("<dt>opsets</dt><dd>{}</dd>", esc(fmt::format("{}", fmt::join(opsets, ", "))))
      << fmt::format("<dt>producer</dt><dd>{}</dd>", esc(f.model.producer))
      << fmt::format("<dt>nodes</dt><dd>{} in {}</dd>", f.model.nodes,
                     plural(f.model.graphs, "graph"))
      << fmt::format("<dt>parameters</dt><dd>{}</dd>", f.model.parameters)
      << fmt::format("<dt>file</dt><dd>{} bytes{}</dd>", f.file_size,
                     f.sha256.empty() ? "" : ", sha256 <code>" + f.sha256 + "</code>")
      << "</dl>\n";
  if (f.model.op_types.empty()) return;
  std::vector<std::pair<size_t, std::string>> ops;
  for (const auto& [op, n] : f.model.op_types) ops.emplace_back(n, op);
  std::stable_sort(ops.begin(), ops.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  if (ops.size() > 24) ops.resize(24);
  out << "<div class=\"bars\" aria-label=\"operators by count\">\n";
  for (const auto& [n, op] : ops)
    out << fmt::format(
        "<span class=\"mono\">{}</span><div><div class=\"bar\" style=\"width:{}%\">"
        "</div></div><span>{}</span>\n",
        esc(op, 120), std::max<size_t>(1, 100 * n / ops.front().first), n);
  out << "</div>\n";
}

std::string where_of(const Diagnostic& d) {
  std::string where = esc(d.graph, 300);
  if (d.node) where += fmt::format(" · node <code class=\"node\">{}</code>", esc(*d.node, 300));
  if (d.op_type) where += fmt::format(" ({})", esc(*d.op_type, 120));
  if (d.tensor && !d.node)
    where += fmt::format(" · tensor <code class=\"tensor\">{}</code>", esc(*d.tensor, 300));
  if (d.module) where += fmt::format(" · module <code>{}</code>", esc(*d.module, 300));
  if (d.source) where += fmt::format(" · <code>{}</code>", esc(*d.source, 300));
  return where;
}

// A group's place: its title, then every node, folded when there are many.
std::string where_of_group(const FileReport& f, const FindingGroup& g) {
  std::string nodes;
  for (size_t i : g.members) {
    const Diagnostic& d = f.diagnostics[i];
    nodes += fmt::format(" <code class=\"node\">{}</code>", esc(d.node.value_or("?"), 300));
    if (d.graph != "main") nodes += " in " + esc(d.graph, 300);
  }
  return fmt::format(
      "<b>{}</b><details class=\"group-nodes\"><summary>{} nodes (the message is the first "
      "one's)</summary>{}</details>",
      esc(g.title, 600), g.members.size(), nodes);
}

void write_finding(const FileReport& f, const FindingGroup& g, const std::string& id, bool draw,
                   int hops, std::ostream& out) {
  const Diagnostic& d = f.diagnostics[g.members.front()];
  out << fmt::format("<article class=\"finding\" id=\"{}\" data-severity=\"{}\">\n", id,
                     severity_name(d.severity))
      << "<div class=\"where\">" << severity_badge(d.severity) << " "
      << (g.grouped() ? where_of_group(f, g) : where_of(d)) << "</div>\n"
      << "<p class=\"message\">" << code_spans(esc(d.message, 8192)) << "</p>\n";
  if (!d.fix.empty())
    out << "<p class=\"fix\"><b>fix:</b> " << code_spans(esc(d.fix, 8192)) << "</p>\n";
  out << "<p class=\"see\">";
  if (!d.cheatsheet.empty()) out << "cheatsheet “" << esc(d.cheatsheet) << "” · ";
  out << fmt::format("<a href=\"#rule-{}\">{} explained</a></p>\n", html_id(d.rule), esc(d.rule));
  if (d.excerpt && draw) {
    const std::string svg = excerpt_svg(*d.excerpt, d.severity);
    if (!svg.empty())
      out << "<figure>" << svg << "<figcaption>" << esc(d.excerpt->scope, 400)
          << fmt::format(": producers and consumers up to {} hop{} away</figcaption></figure>\n",
                         hops, hops == 1 ? "" : "s");
  }
  out << "</article>\n";
}

void write_model(const FileReport& f, size_t index, int hops, std::ostream& out) {
  out << fmt::format("<section class=\"model\" id=\"model-{}\">\n<h2>{}</h2>\n", index,
                     esc(f.path));
  if (!f.ok) {
    out << "<p class=\"status-failed\">could not be linted: " << esc(f.error, 8192)
        << "</p>\n</section>\n";
    return;
  }
  write_facts(f, out);
  for (const auto& note : f.notes) out << "<p class=\"note\">note: " << esc(note) << "</p>\n";
  if (f.diagnostics.empty()) out << "<p>No problems found.</p>\n";
  std::map<std::string, std::vector<FindingGroup>> by_rule;
  for (FindingGroup& g : f.entries())
    by_rule[f.diagnostics[g.members.front()].rule].push_back(std::move(g));
  size_t pictures = 0;
  for (const auto& [code, groups] : by_rule) {
    const Diagnostic& first = f.diagnostics[groups.front().members.front()];
    size_t findings = 0;
    for (const FindingGroup& g : groups) findings += g.members.size();
    out << fmt::format(
        "<details class=\"rule-group\" open><summary>{} <b>{}</b> {} — {}{}</summary>\n",
        severity_badge(first.severity), esc(code), esc(first.name), plural(findings, "finding"),
        findings == groups.size()
            ? ""
            : fmt::format(" in {} {}", groups.size(), groups.size() == 1 ? "entry" : "entries"));
    for (const FindingGroup& g : groups) {
      const size_t i = g.members.front();
      const bool draw = f.diagnostics[i].excerpt && pictures < kMaxPicturesPerModel;
      pictures += draw;
      write_finding(f, g, fmt::format("model-{}-finding-{}", index, i + 1), draw, hops, out);
    }
    out << "</details>\n";
  }
  if (pictures == kMaxPicturesPerModel)
    out << fmt::format(
        "<p class=\"note\">Pictures are drawn for the first {} findings of a model."
        "</p>\n",
        kMaxPicturesPerModel);
  out << "</section>\n";
}

void write_rule_docs(const RunReport& report, std::ostream& out) {
  std::set<std::string> used;
  for (const auto& f : report.files)
    for (const auto& d : f.diagnostics) used.insert(d.rule);
  if (used.empty()) return;
  out << "<section id=\"rules\">\n<h2>Rules</h2>\n";
  for (const std::string& code : used) {
    const RuleInfo* rule = report.rule(code);
    out << fmt::format("<details class=\"rule-doc\" id=\"rule-{}\"><summary>{} {}</summary>\n",
                       html_id(code), esc(code), rule ? esc(rule->name) : "")
        << (rule ? markdown_to_html(rule->markdown) : std::string()) << "</details>\n";
  }
  out << "</section>\n";
}

}  // namespace

void write_html(const RunReport& report, const WriteStyle& style, std::ostream& out) {
  write_head(out);
  write_summary(report, out);
  out << "<main>\n";
  if (report.files.size() > 1) write_models_table(report, out);
  for (size_t i = 0; i < report.files.size(); ++i)
    write_model(report.files[i], i + 1, style.graph_hops, out);
  write_rule_docs(report, out);
  out << "</main>\n<footer><p class=\"note\">onnx-lint " << ONNX_LINT_VERSION
      << "</p></footer>\n<script>" << kHtmlScript << "</script>\n</body>\n</html>\n";
}

}  // namespace onnx_lint
