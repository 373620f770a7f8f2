// Waivers: config [[ignore]] entries and a model's own `onnx_lint.ignore` metadata.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "onnx_lint/diagnostic.h"
#include "onnx_lint/options.h"

namespace onnx_lint {

/// The model metadata key a team stamps waivers into at export time.
inline constexpr std::string_view kModelIgnoreKey = "onnx_lint.ignore";

/// Parses "OL102:/decoder/*;OL201,OL202:/head/*|/neck/*": entries split by
/// ';', rules by ',', node globs after ':' split by '|'. False + error on a
/// malformed entry.
bool parse_model_suppressions(std::string_view value, std::vector<Suppression>* out,
                              std::string* error);

/// Shell-style glob (fnmatch): `*` also matches '/' so "/decoder/*" covers a subtree.
bool glob_match(const std::string& pattern, const std::string& text);

/// Does the waiver apply to this model at all (its `models` globs)?
bool suppression_applies_to_model(const Suppression& s, const std::string& model_path);
/// Does the waiver cover this finding (rules and node/module/tensor globs)?
bool suppression_covers(const Suppression& s, const Diagnostic& d);

}  // namespace onnx_lint
