// The CI-gate flags, end to end through the binary.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace onnx_lint::test {
namespace fs = std::filesystem;
namespace {

// demo.onnx: OL001 warning, OL101 error, OL201 warning, OL202 warning.
const std::string kDemo = "models/demo.onnx";

std::vector<std::string> rules_in(const RunResult& r) {
  std::vector<std::string> rules;
  const auto report = nlohmann::json::parse(r.out);  // named: a temporary would dangle below
  for (const auto& f : report["files"])
    for (const auto& d : f["diagnostics"]) rules.push_back(d["rule"]);
  return rules;
}

RunResult lint_demo(std::vector<std::string> flags) {
  flags.insert(flags.begin(), {"--isolated", "--format", "json"});
  flags.push_back(kDemo);
  return run_binary(flags, ONNX_LINT_SOURCE_DIR);
}

TEST(Gate, SelectIgnoreExtendSelect) {
  EXPECT_EQ(rules_in(lint_demo({"--select", "OL2"})), (std::vector<std::string>{"OL201", "OL202"}));
  EXPECT_EQ(rules_in(lint_demo({"--select", "OL1,OL001"})),
            (std::vector<std::string>{"OL001", "OL101"}));
  EXPECT_EQ(rules_in(lint_demo({"--select", "OL2", "--extend-select", "resize-linear"})),
            (std::vector<std::string>{"OL101", "OL201", "OL202"}));
  EXPECT_EQ(rules_in(lint_demo({"--ignore", "OL0", "--ignore", "index-assignment"})),
            (std::vector<std::string>{"OL101", "OL201"}));
  EXPECT_EQ(rules_in(lint_demo({"--select", "ALL", "--ignore", "ALL"})),
            std::vector<std::string>{});
}

TEST(Gate, UnknownRuleInAFlagExitsTwoAndNamesIt) {
  auto r = lint_demo({"--ignore", "OL404"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown rule 'OL404' in ignore"), std::string::npos) << r.err;
  EXPECT_EQ(lint_demo({"--severity", "OL201"}).exit_code, 2);
  EXPECT_EQ(lint_demo({"--severity", "OL201=fatal"}).exit_code, 2);
}

TEST(Gate, SeverityOverridesAndFailOn) {
  EXPECT_EQ(lint_demo({"--select", "OL2"}).exit_code, 0);  // warnings only
  auto r = lint_demo({"--select", "OL2", "--severity", "OL201=error"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(r.out)["files"][0]["diagnostics"][0]["severity"], "error");
  EXPECT_EQ(lint_demo({"--select", "OL2", "--fail-on", "warning"}).exit_code, 1);
  EXPECT_EQ(lint_demo({"--fail-on", "never"}).exit_code, 0);
}

TEST(Gate, MaxWarningsAndExitZero) {
  EXPECT_EQ(lint_demo({"--select", "OL0,OL2", "--max-warnings", "3"}).exit_code, 0);
  EXPECT_EQ(lint_demo({"--select", "OL0,OL2", "--max-warnings", "2"}).exit_code, 1);
  EXPECT_EQ(lint_demo({"--exit-zero"}).exit_code, 0);
  auto broken = run_binary({"--exit-zero", "--isolated", "missing.onnx"}, ONNX_LINT_SOURCE_DIR);
  EXPECT_EQ(broken.exit_code, 2) << "--exit-zero never hides a file that failed";
}

TEST(Gate, Statistics) {
  auto r = run_binary({"--isolated", "--statistics", "--color", "never", kDemo, kDemo},
                      ONNX_LINT_SOURCE_DIR);
  EXPECT_NE(r.out.find("     2  OL001  opset-version\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("     2  OL201  repeat-tile\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("fix:"), std::string::npos) << "counts instead of findings";
  // No findings are on screen, so no groups of them either.
  auto grouped = run_binary({"--isolated", "--statistics", "--color", "never",
                             "models/fixtures/dynamic_faster_rcnn_tiny.onnx"},
                            ONNX_LINT_SOURCE_DIR);
  EXPECT_NE(grouped.out.find("     6  OL401  dynamic-shape\n"), std::string::npos) << grouped.out;
  EXPECT_EQ(grouped.out.find("shown as"), std::string::npos) << grouped.out;
}

TEST(Gate, ConfigIsFoundFromTheModelAndFlagsWin) {
  const std::string dir = fresh_dir("gate-config");
  fs::copy_file(source_path(kDemo), dir + "/demo.onnx");
  std::ofstream(dir + "/.onnx-lint.toml") << "select = [\"OL2\"]\nfail-on = \"warning\"\n";
  auto r = run_binary({"--format", "json", dir + "/demo.onnx"});
  EXPECT_EQ(rules_in(r), (std::vector<std::string>{"OL201", "OL202"}));
  // The working directory is not under dir: run-level fail-on comes from the flag or default.
  EXPECT_EQ(run_binary({"--fail-on", "warning", dir + "/demo.onnx"}).exit_code, 1);
  EXPECT_EQ(run_binary({"--fail-on", "error", dir + "/demo.onnx"}).exit_code, 0);
  // From inside the project the config's fail-on applies, and a flag beats it.
  EXPECT_EQ(run_binary({"demo.onnx"}, dir).exit_code, 1);
  EXPECT_EQ(run_binary({"--fail-on", "error", "demo.onnx"}, dir).exit_code, 0);
  EXPECT_EQ(rules_in(run_binary({"--format", "json", "--select", "OL1", "demo.onnx"}, dir)),
            (std::vector<std::string>{"OL101"}));
  EXPECT_EQ(rules_in(run_binary({"--format", "json", "--isolated", "demo.onnx"}, dir)).size(), 4u);
}

TEST(Gate, ExplicitConfigAndConfigErrors) {
  const std::string dir = fresh_dir("gate-explicit");
  std::ofstream(dir + "/strict.toml") << "[severity]\nALL = \"error\"\n";
  auto r = run_binary({"--config", dir + "/strict.toml", "--format", "json", kDemo},
                      ONNX_LINT_SOURCE_DIR);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(nlohmann::json::parse(r.out)["summary"]["errors"], 4);
  auto missing = run_binary({"--config", dir + "/nope.toml", kDemo}, ONNX_LINT_SOURCE_DIR);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.toml"), std::string::npos);
  std::ofstream(dir + "/bad.toml") << "colour = \"red\"\n";
  auto bad = run_binary({"--config", dir + "/bad.toml", kDemo}, ONNX_LINT_SOURCE_DIR);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.toml:1: unknown key 'colour'"), std::string::npos) << bad.err;
}

TEST(Gate, WriteBaselineThenGate) {
  const std::string dir = fresh_dir("gate-baseline");
  fs::copy_file(source_path(kDemo), dir + "/demo.onnx");
  auto write = run_binary({"--write-baseline", "baseline.json", "."}, dir);
  EXPECT_EQ(write.exit_code, 0) << "writing a baseline adopts the findings";
  EXPECT_NE(write.out.find("Wrote 4 findings to the baseline baseline.json"), std::string::npos)
      << write.out;
  auto gate = run_binary({"--baseline", "baseline.json", "--fail-on", "warning", "."}, dir);
  EXPECT_EQ(gate.exit_code, 0) << gate.out;
  fs::copy_file(fixture("resize_bilinear2d_opset12"), dir + "/new.onnx");
  gate = run_binary({"--baseline", "baseline.json", "--color", "never", "."}, dir);
  EXPECT_EQ(gate.exit_code, 1);
  EXPECT_NE(gate.out.find("./new.onnx: error[OL101"), std::string::npos) << gate.out;
  EXPECT_EQ(gate.out.find("demo.onnx:"), std::string::npos) << gate.out;
}

TEST(Gate, EveryFormatFlag) {
  for (const char* format : {"text", "json", "sarif", "github", "junit"}) {
    auto r = run_binary({"--isolated", "--format", format, kDemo}, ONNX_LINT_SOURCE_DIR);
    EXPECT_EQ(r.exit_code, 1) << format;
    EXPECT_FALSE(r.out.empty()) << format;
    EXPECT_TRUE(r.err.empty()) << format << ": machine output never mixes with messages";
  }
}

}  // namespace
}  // namespace onnx_lint::test
