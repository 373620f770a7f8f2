// The result of a run: one entry per input file, in input order, and all a
// reporter needs to print it (reporters never look anything up elsewhere).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "onnx_lint/diagnostic.h"
#include "onnx_lint/model.h"

namespace onnx_lint {

/// The model facts a report shows (kept so reporters never need the Model).
struct ModelSummary {
  int64_t ir_version = 0;
  std::vector<OpsetImport> opsets;
  std::string producer;  // "pytorch 1.13.1"
  size_t nodes = 0;      // in every graph, subgraphs and functions included
  size_t graphs = 0;
  std::map<std::string, size_t> op_types;  // "Conv" -> count ("domain::Op" outside ai.onnx)
  int64_t parameters = 0;                  // elements in all initializers
};

/// Findings of one rule from one cause, shown as one entry: the same line of
/// PyTorch source, or without one the same module and op type (torchvision's
/// SSDlite post-processing makes 90 NonZero nodes from one line). A single
/// finding is a group of one.
struct FindingGroup {
  std::vector<size_t> members;  // indexes into FileReport::diagnostics; the first is shown
  std::string title;            // "NonZero ×90 at model.postprocess (ssd.py:490)"; "" for one
  bool grouped() const { return members.size() > 1; }
};

struct FileReport {
  std::string path;
  std::string target;     // the deployment target the model was linted for ("cheatsheet")
  std::string precision;  // the precision it was linted for ("fp32", "fp16", "bf16")
  bool ok = false;
  std::string error;            // one line, when !ok
  bool settings_error = false;  // the error is a bad setting (flag or config), not the model
  ModelSummary model;
  std::vector<Diagnostic> diagnostics;
  uint64_t file_size = 0;
  std::string sha256;  // of the file's bytes, when the report format shows it
  double lint_ms = 0;
  size_t waived = 0;     // findings hidden by waivers ("suppressed" in the JSON report)
  size_t baselined = 0;  // findings hidden by the baseline
  /// What each config waiver that applies to this model hid in it; the run
  /// adds them up to tell a waiver that hid nothing anywhere.
  std::vector<WaiverOutcome> config_waivers;
  std::vector<std::string> rules_run;  // codes of the rules that ran on this model
  std::vector<std::string> notes;      // what limited the analysis (skipped type inference)
  /// How the findings are shown, in report order, every finding in one group;
  /// filled at the end of a run (empty: one group per finding, see entries()).
  std::vector<FindingGroup> groups;
  /// Findings per rule code.
  std::map<std::string, size_t> counts() const;
  /// `groups`, or one group per finding when the run did not group them.
  std::vector<FindingGroup> entries() const;
};

/// Groups a file's findings by cause (see FindingGroup); with `group` false,
/// or for findings without a node, each finding is its own group.
std::vector<FindingGroup> group_findings(const std::vector<Diagnostic>& diagnostics, bool group);

struct Summary {
  size_t files = 0, errors = 0, warnings = 0, infos = 0, failed_files = 0;
  size_t waived = 0, baselined = 0;
};

/// A baseline entry: a finding recorded as accepted.
struct BaselineEntry {
  std::string fingerprint, rule, model, graph, anchor;
};

/// How many findings one rule made in a run.
struct RuleCount {
  std::string code, name;
  size_t findings = 0;
};

struct RunReport {
  std::vector<FileReport> files;
  std::vector<RuleInfo> catalogue;            // the rules that ran, in code order
  std::string baseline;                       // the --baseline file, if any
  std::vector<BaselineEntry> stale_baseline;  // entries that matched nothing
  std::string wrote_baseline;                 // the --write-baseline file, if any
  size_t baseline_entries_written = 0;
  Summary summary() const;
  /// Findings per rule over every file, in code order.
  std::vector<RuleCount> rule_counts() const;
  /// The catalogue entry of a rule code, or nullptr.
  const RuleInfo* rule(std::string_view code) const;
};

/// What turns findings into a failing exit code.
struct ExitPolicy {
  FailOn fail_on = Severity::kError;
  std::optional<int> max_warnings;
  bool exit_zero = false;
};

/// 0 clean, 1 findings at or above fail_on (or more warnings than allowed),
/// 2 a file could not be linted.
int exit_code(const RunReport& report, const ExitPolicy& policy);

}  // namespace onnx_lint
