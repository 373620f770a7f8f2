// The exit code, over every combination a CI gate can be set up with:
// --fail-on x the highest severity found x --exit-zero x --max-warnings, and
// a model that fails to load.
#include <gtest/gtest.h>

#include <optional>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

// A model and a selection whose findings top out at one severity.
struct Found {
  const char* name;
  std::vector<std::string> args;
  int level;     // -1 nothing, 0 info, 1 warning, 2 error (Severity order)
  int warnings;  // how many warnings
};

const Found kFound[] = {
    {"nothing", {fixture("classifier_opset12")}, -1, 0},
    {"info", {"--select", "OL402", fixture("classifier_dynamic_batch")}, 0, 0},
    {"warning", {fixture("classifier_opset13")}, 1, 1},
    {"error", {"--select", "OL301", fixture("dtype_uint8_input")}, 2, 0},
};

struct Gate {
  const char* fail_on;
  int threshold;  // lowest level that fails; 3 = never
};

const Gate kGates[] = {{"error", 2}, {"warning", 1}, {"info", 0}, {"never", 3}};

// What the README's exit-code table says the code must be.
int expected(const Found& f, const Gate& g, bool exit_zero, std::optional<int> max_warnings) {
  bool failing = f.level >= g.threshold;
  if (max_warnings && f.warnings > *max_warnings) failing = true;
  return failing && !exit_zero ? 1 : 0;
}

TEST(ExitCodes, EveryGateSettingAgainstEveryHighestSeverity) {
  for (const Found& f : kFound)
    for (const Gate& g : kGates)
      for (bool exit_zero : {false, true})
        for (std::optional<int> max_warnings : {std::optional<int>(), std::optional<int>(0)}) {
          std::vector<std::string> args{"--isolated", "--quiet", "--fail-on", g.fail_on};
          if (exit_zero) args.push_back("--exit-zero");
          if (max_warnings) args.insert(args.end(), {"--max-warnings", "0"});
          args.insert(args.end(), f.args.begin(), f.args.end());
          const RunResult r = run_binary(args);
          EXPECT_EQ(r.exit_code, expected(f, g, exit_zero, max_warnings))
              << "found " << f.name << ", --fail-on " << g.fail_on
              << (exit_zero ? " --exit-zero" : "") << (max_warnings ? " --max-warnings 0" : "")
              << "\n"
              << r.out << r.err;
        }
}

TEST(ExitCodes, AModelThatFailsToLoadIsTwoWhateverTheGate) {
  const std::string missing = temp_dir() + "/missing.onnx";
  for (const Gate& g : kGates)
    for (bool exit_zero : {false, true}) {
      std::vector<std::string> args{"--isolated", "--fail-on", g.fail_on};
      if (exit_zero) args.push_back("--exit-zero");
      args.insert(args.end(), {fixture("classifier_opset12"), missing});
      const RunResult r = run_binary(args);
      EXPECT_EQ(r.exit_code, 2) << g.fail_on << (exit_zero ? " --exit-zero" : "") << r.err;
      EXPECT_NE(r.out.find("error: " + missing + ": no such file"), std::string::npos) << r.out;
      EXPECT_NE(r.out.find("No problems found in 1 file. 1 file could not be linted."),
                std::string::npos)
          << "the other model is still reported:\n"
          << r.out;
    }
}

}  // namespace
}  // namespace onnx_lint::test
