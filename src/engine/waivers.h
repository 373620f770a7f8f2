// Waivers: config [[ignore]] entries and a model's own `onnx_lint.ignore` metadata.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "onnx_lint/diagnostic.h"
#include "onnx_lint/model.h"
#include "onnx_lint/report.h"
#include "onnx_lint/settings.h"

namespace onnx_lint {

/// The model metadata key a team stamps waivers into at export time.
inline constexpr std::string_view kModelIgnoreKey = "onnx_lint.ignore";

/// Parses "OL102:/decoder/*;OL201,OL202:/head/*|/neck/*": entries split by
/// ';', rules by ',', node globs after ':' split by '|'. False + error on a
/// malformed entry.
bool parse_model_waivers(std::string_view value, std::vector<Waiver>* out, std::string* error);

/// Shell-style glob (fnmatch): `*` also matches '/' so "/decoder/*" covers a subtree.
bool glob_match(const std::string& pattern, const std::string& text);

/// Does the waiver apply to this model at all (its `models` globs)?
bool waiver_applies_to_model(const Waiver& w, const std::string& model_path);
/// Does the waiver cover this finding (rules and node/module/tensor globs)?
bool waiver_covers(const Waiver& w, const Diagnostic& d);

/// The findings rules make about waiver outcomes (OL002's check_waivers), for
/// the rules among `enabled`, at their levels under `settings`.
void report_waiver_findings(const std::vector<WaiverOutcome>& outcomes,
                            const std::set<std::string>& enabled, const LintSettings& settings,
                            std::vector<Diagnostic>& out);

/// Removes the findings the waivers cover from report.diagnostics (counting
/// them in report.waived), records what each config waiver hid in
/// report.config_waivers, and returns the outcomes of the model's own
/// `onnx_lint.ignore` waivers (unreadable entries included) for OL002.
std::vector<WaiverOutcome> apply_waivers(const Model& model, const LintSettings& settings,
                                         FileReport& report);

}  // namespace onnx_lint
