// Human output: one finding per line, then its fix, then a summary.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

#include "diagnostics/report_paths.h"
#include "onnx_lint/writers.h"

namespace onnx_lint {
namespace {

struct Paint {
  bool on;
  std::string operator()(std::string_view code, std::string_view text) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : std::string(text);
  }
};

std::string_view severity_color(Severity s) {
  switch (s) {
    case Severity::kError:
      return "1;31";
    case Severity::kWarning:
      return "1;33";
    case Severity::kInfo:
      return "1;36";
  }
  return "0";
}

std::string plural(size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string location(const Diagnostic& d, const Paint& paint) {
  std::string where;
  if (d.node) {
    where = fmt::format(" node '{}'", paint("1", *d.node));
    if (d.op_type) where += fmt::format(" ({})", *d.op_type);
  } else if (d.tensor) {
    where = fmt::format(" tensor '{}'", paint("1", *d.tensor));
  }
  if (d.graph != "main") where += fmt::format(" in {}", d.graph);
  if (d.module || d.source) {
    where += " at";
    if (d.module) where += " " + *d.module;
    if (d.source) where += d.module ? fmt::format(" ({})", *d.source) : " " + *d.source;
  }
  return where;
}

// "    30 | decoded_input = self.decoder_input(z).repeat(1, x.size(1), 1)", the
// line number right-aligned like a compiler's, under the finding it made.
std::string code_line(const std::optional<std::string>& source, const std::string& code,
                      const Paint& paint) {
  std::string number;
  if (source) {
    const size_t colon = source->rfind(':');
    if (colon != std::string::npos) number = source->substr(colon + 1);
  }
  return fmt::format("  {:>5} {} {}\n", number, paint("2", "|"), code);
}

// "'/NonZero', '/NonZero_1', ... and 85 more (--no-group lists each)"; the
// message above is the first node's.
std::string node_list(const FileReport& f, const FindingGroup& group) {
  constexpr size_t kShown = 5;
  std::string out;
  for (size_t i = 0; i < group.members.size() && i < kShown; ++i) {
    const Diagnostic& d = f.diagnostics[group.members[i]];
    out += fmt::format("{}'{}'", i ? ", " : "", d.node.value_or("?"));
    if (d.graph != "main") out += " in " + d.graph;
  }
  if (group.members.size() > kShown)
    out += fmt::format(" and {} more", group.members.size() - kShown);
  return out + " (the message is the first one's; --no-group lists each)";
}

// Most findings first; rules with as many keep code order. Files linted
// under different targets (configs can choose them) are counted per target,
// each under a heading; one target other than the default gets its heading too.
void write_statistics(const RunReport& report, const Paint& paint, std::ostream& out) {
  std::vector<std::string> targets;
  for (const FileReport& f : report.files)
    if (std::find(targets.begin(), targets.end(), f.target) == targets.end())
      targets.push_back(f.target);
  const bool headings = targets.size() > 1 ||
                        (targets.size() == 1 && !targets[0].empty() && targets[0] != "cheatsheet");
  for (const std::string& target : targets) {
    RunReport part;
    for (const FileReport& f : report.files)
      if (f.target == target) part.files.push_back(f);
    std::vector<RuleCount> rows = part.rule_counts();
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.findings > b.findings; });
    if (headings) out << fmt::format("{}:\n", paint("1", "target " + target));
    for (const RuleCount& r : rows)
      out << fmt::format("{:>6}  {}  {}\n", r.findings, paint("1", r.code), r.name);
  }
}

}  // namespace

void write_text(const RunReport& report, const WriteStyle& style, std::ostream& out) {
  Paint paint{style.color};
  for (const auto& f : report.files) {
    if (!f.ok && !f.error.empty()) {
      out << paint("1;31", "error") << ": " << f.error << "\n";
    }
    for (const auto& note : f.notes)
      out << paint("2", "note") << ": " << f.path << ": " << note << "\n";
    if (style.statistics) continue;
    for (const FindingGroup& group : f.entries()) {
      const Diagnostic& d = f.diagnostics[group.members.front()];
      const std::string where =
          group.grouped() ? fmt::format(" {}", paint("1", group.title)) : location(d, paint);
      out << fmt::format("{}: {}[{} {}]{}: {}\n", f.path,
                         paint(severity_color(d.severity), severity_name(d.severity)),
                         paint("1", d.rule), d.name, where, d.message);
      if (group.grouped())
        out << "  " << paint("2", "nodes") << ": " << node_list(f, group) << "\n";
      if (d.code) out << code_line(d.source, *d.code, paint);
      if (!d.fix.empty()) out << "  " << paint("32", "fix") << ": " << d.fix << "\n";
      out << "  " << paint("2", "see") << ": "
          << (d.cheatsheet.empty() ? std::string()
                                   : fmt::format("cheatsheet \"{}\"; ", d.cheatsheet))
          << "onnx-lint --explain " << d.rule << "\n";
    }
  }
  if (style.statistics) write_statistics(report, paint, out);
  for (const auto& e : report.stale_baseline)
    out << fmt::format(
        "{}: stale baseline entry {} at {} {} in {}: the finding is gone (fixed or "
        "renamed); refresh the baseline with --write-baseline\n",
        paint("2", "note"), e.rule, e.model, e.anchor.empty() ? "(model)" : e.anchor,
        report.baseline);
  if (style.quiet) return;
  Summary s = report.summary();
  const size_t problems = s.errors + s.warnings + s.infos;
  const size_t linted = s.files - s.failed_files;
  std::string line;
  if (problems > 0) {
    line = fmt::format("Found {} ({}, {}, {}) in {}.", plural(problems, "problem"),
                       plural(s.errors, "error"), plural(s.warnings, "warning"),
                       plural(s.infos, "info"), plural(linted, "linted file"));
  } else if (linted > 0) {
    line = fmt::format("No problems found in {}.", plural(linted, "file"));
  }
  if (s.failed_files) {
    if (!line.empty()) line += " ";
    line += fmt::format("{} could not be linted.", plural(s.failed_files, "file"));
  }
  size_t grouped = 0, groups = 0;
  for (const auto& f : report.files)
    for (const FindingGroup& g : f.groups)
      if (g.grouped()) grouped += g.members.size(), ++groups;
  // --statistics shows counts, not findings: there are no groups on screen to speak of.
  if (groups && !style.statistics)
    line += fmt::format(" {} of them shown as {} (--no-group lists each).", grouped,
                        plural(groups, "group"));
  if (s.waived) line += fmt::format(" {} waived.", plural(s.waived, "finding"));
  if (s.baselined)
    line += fmt::format(" {} in the baseline {}.", plural(s.baselined, "finding"), report.baseline);
  if (!report.stale_baseline.empty())
    line += fmt::format(" {} stale.", plural(report.stale_baseline.size(), "baseline entry"));
  if (!report.wrote_baseline.empty())
    line += fmt::format(" Wrote {} to the baseline {}.",
                        plural(report.baseline_entries_written, "finding"), report.wrote_baseline);
  out << paint("1", line) << "\n";
}

}  // namespace onnx_lint
