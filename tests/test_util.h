// Helpers shared by the test suites: fixtures on disk, models from ONNX text,
// running the built binary.
#pragma once

#include <onnx/onnx_pb.h>

#include <string>
#include <vector>

#include "onnx_lint/batch.h"
#include "onnx_lint/linter.h"
#include "onnx_lint/loader.h"

namespace onnx_lint::test {

/// Absolute path of a file under the source tree ("models/fixtures/x.onnx").
std::string source_path(const std::string& relative);
std::string fixture(const std::string& name);  // models/fixtures/<name>.onnx

/// Parses ONNX text syntax (onnx/defs/parser.h); fails the test on a syntax error.
onnx::ModelProto parse_model(const std::string& text);
Model load_proto(const onnx::ModelProto& proto);
Model load_fixture(const std::string& name);
/// A model file anywhere, loaded and completed as the linter does.
Model load_fixture_path(const std::string& path);

/// A fresh temporary directory for this test process, removed at exit.
std::string temp_dir();
std::string write_temp(const std::string& name, const std::string& bytes);

/// Diagnostics of one rule code.
std::vector<Diagnostic> only(const std::vector<Diagnostic>& ds, const std::string& code);
std::vector<Diagnostic> lint(const Model& m, const LintSettings& o = {});
/// The report in a format, as the binary would write it (no colour).
std::string render(const std::string& format, const RunReport& run);

struct RunResult {
  int exit_code = -1;
  std::string out, err;
  bool timed_out = false;
};
/// Runs build/onnx-lint with the arguments (no shell), capturing both streams,
/// in `cwd` when given.
/// A run that outlives `timeout_seconds` is killed and marked timed_out.
RunResult run_binary(const std::vector<std::string>& args, const std::string& cwd = "",
                     int timeout_seconds = 60);
/// Compares `actual` with the golden file tests/golden/<relative>; with
/// ONNX_LINT_UPDATE_GOLDEN=1 in the environment it rewrites the file instead
/// (review the diff before committing).
void expect_golden(const std::string& relative, const std::string& actual);

/// The exact text findings (no summary) of the binary on `model`, run from
/// `cwd` so the path it prints is the one given, pinned by
/// tests/golden/rules/<name>.txt.
void expect_rule_golden(const std::string& name, const std::string& model, const std::string& cwd,
                        const std::vector<std::string>& args = {});

/// Adds NodeProto.metadata_props entry (field 9, newer than libonnx 1.12, so
/// written as the unknown field it is to this protobuf), the way torch 2.x
/// dynamo exports carry name scopes and stack traces.
void set_node_metadata(onnx::NodeProto* node, const std::string& key, const std::string& value);
/// `y = Add(x, w)` over float[4], with each of `weights` an initializer whose
/// data is in external file `location` (never written).
onnx::ModelProto model_with_external_data(const std::string& location,
                                          const std::vector<std::string>& weights = {"w"});

/// Writes `proto` to the test's temporary directory as <name>.onnx; its path.
std::string write_model(const std::string& name, const onnx::ModelProto& proto);

/// Runs any program (argv[0] a path) the way run_binary runs onnx-lint.
RunResult run_command(const std::vector<std::string>& argv, const std::string& cwd = "",
                      int timeout_seconds = 60);

/// The pinned test venv's python (scripts/test_env.sh), or "" when it is not made.
std::string test_python();
/// ONNX Runtime runs the checks of PAIRS (tests/python/pairs.txt's format) on the models in DIR.
std::vector<std::string> ort_pairs_command(const std::string& dir, const std::string& pairs);

/// A new empty directory under the test's temporary directory.
std::string fresh_dir(const std::string& name);
std::string read_file(const std::string& path);
/// How many registered rules a target runs when nothing else is selected.
size_t rules_of_target(const std::string& target);

}  // namespace onnx_lint::test
