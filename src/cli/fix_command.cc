// `onnx-lint fix`: runs the engine's fix_file and prints what it did, as
// text for a person or JSON for a script.
#include "cli/fix_command.h"

#include <fmt/format.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/args.h"
#include "engine/targets.h"

namespace onnx_lint {
namespace {

std::string counts(const std::vector<Diagnostic>& ds) {
  std::map<std::string, int> by_rule;
  for (const Diagnostic& d : ds) ++by_rule[d.rule];
  std::vector<std::string> parts;
  for (const auto& [rule, n] : by_rule) parts.push_back(fmt::format("{} ×{}", rule, n));
  return parts.empty() ? "none" : fmt::format("{}", fmt::join(parts, ", "));
}

void print_text(const FixReport& r, const FixJob& job) {
  const bool wrote = r.written;
  const bool nothing = r.notes.empty();
  std::cout << (job.diff  ? fmt::format("{} (--diff: nothing written)\n", r.path)
                : nothing ? fmt::format("{} -> {} (nothing to fix: the model as it is)\n", r.path,
                                        r.output)
                          : fmt::format("{} -> {}\n", r.path, r.output));
  for (const FixNote& n : r.notes) {
    std::cout << fmt::format("  {:<7} {} node '{}' ({}): {}{}\n",
                             n.applied ? (job.diff ? "would" : "fixed") : "no fix", n.rule, n.node,
                             n.op_type, n.what, n.applied && n.unsafe ? " [unsafe]" : "");
    if (!job.diff || !n.applied) continue;
    for (const std::string& removed : n.removed) std::cout << "            - " << removed << "\n";
    for (const std::string& added : n.added) std::cout << "            + " << added << "\n";
  }
  std::cout << fmt::format("findings: {} before ({})", r.before.size(), counts(r.before));
  if (wrote)
    std::cout << fmt::format("; {} in the fixed model ({})", r.after.size(), counts(r.after));
  std::cout << "\n";
}

nlohmann::json diagnostics_json(const std::vector<Diagnostic>& ds) {
  nlohmann::json out = nlohmann::json::array();
  for (const Diagnostic& d : ds)
    out.push_back({{"rule", d.rule},
                   {"severity", std::string(severity_name(d.severity))},
                   {"node", d.node ? nlohmann::json(*d.node) : nlohmann::json(nullptr)},
                   {"message", d.message}});
  return out;
}

void print_json(const FixReport& r, const FixJob& job) {
  nlohmann::json fixes = nlohmann::json::array();
  for (const FixNote& n : r.notes)
    fixes.push_back({{"rule", n.rule},
                     {"node", n.node},
                     {"op_type", n.op_type},
                     {"applied", n.applied},
                     {"unsafe", n.unsafe},
                     {"what", n.what},
                     {"added", n.added},
                     {"removed", n.removed}});
  nlohmann::json doc = {{"model", r.path},
                        {"output", r.written ? nlohmann::json(r.output) : nlohmann::json(nullptr)},
                        {"diff", job.diff},
                        {"written", r.written},
                        {"fixes", fixes},
                        {"before", diagnostics_json(r.before)},
                        {"after", diagnostics_json(r.after)}};
  std::cout << doc.dump(2) << "\n";
}

}  // namespace

int run_fix(int argc, char** argv) {
  FixArgs args = parse_fix_args(argc, argv);
  if (args.exit) return args.exit_code;
  if (const auto& target = args.job.lint.flags.target; target && !find_target(*target)) {
    std::cerr << "onnx-lint fix: " << unknown_target_error(*target) << "\n";
    return 2;
  }
  const FixReport report = fix_file(args.model, args.job);
  if (!report.error.empty()) {
    std::cerr << "error: " << report.error << "\n";
    return 2;
  }
  if (args.format == "json")
    print_json(report, args.job);
  else
    print_text(report, args.job);
  return 0;
}

}  // namespace onnx_lint
