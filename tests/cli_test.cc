// End to end: the built binary, its exit codes and its outputs.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "onnx_lint/registry.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace {

TEST(Cli, CleanModelExitsZero) {
  auto r = run_binary({fixture("classifier_opset12")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("No problems found in 1 file."), std::string::npos) << r.out;
}

TEST(Cli, WarningIsNotFailureByDefaultButIsWithFailOnWarning) {
  auto r = run_binary({fixture("classifier_opset13")});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("warning[OL001 opset-version]"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\n  fix: re-export"), std::string::npos) << r.out;
  r = run_binary({"--fail-on", "warning", fixture("classifier_opset13")});
  EXPECT_EQ(r.exit_code, 1);
  r = run_binary({"--fail-on", "never", fixture("classifier_opset13")});
  EXPECT_EQ(r.exit_code, 0);
}

TEST(Cli, TextLineFormat) {
  auto r = run_binary({"--color", "never", fixture("classifier_opset17")});
  const std::string expected_start = fixture("classifier_opset17") +
                                     ": warning[OL001 opset-version]: the model uses "
                                     "default-domain opset 17, not the target opset 12";
  EXPECT_EQ(r.out.rfind(expected_start, 0), 0u) << r.out;
  EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << "no colour when not a terminal";
  auto colored = run_binary({"--color", "always", fixture("classifier_opset17")});
  EXPECT_NE(colored.out.find("\x1b["), std::string::npos);
}

TEST(Cli, GoodAndMissingFileInOneCall) {
  const std::string missing = temp_dir() + "/nope.onnx";
  auto r = run_binary({"--color", "never", fixture("classifier_opset13"), missing});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("OL001"), std::string::npos) << "the good file is still reported";
  EXPECT_NE(r.out.find(missing + ": no such file"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 file could not be linted"), std::string::npos) << r.out;
}

TEST(Cli, JsonFormatIsOneObjectOnStdout) {
  auto r = run_binary({"--format", "json", fixture("classifier_opset13")});
  EXPECT_EQ(r.exit_code, 0);
  auto j = nlohmann::json::parse(r.out);  // throws (fails) on anything but one JSON value
  EXPECT_EQ(j["files"][0]["diagnostics"][0]["rule"], "OL001");
  EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(Cli, OutputFile) {
  const std::string path = temp_dir() + "/report.json";
  auto r = run_binary({"--format", "json", "-o", path, fixture("classifier_opset13")});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.empty());
  std::ifstream in(path);
  auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["summary"]["warnings"], 1);
  auto bad = run_binary({"-o", temp_dir() + "/no/such/dir/r.txt", fixture("classifier_opset12")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("cannot write the report"), std::string::npos) << bad.err;
}

TEST(Cli, TargetOpsetFlag) {
  EXPECT_EQ(
      run_binary({"--fail-on", "warning", "--target-opset", "17", fixture("classifier_opset17")})
          .exit_code,
      0);
}

TEST(Cli, QuietDropsTheSummary) {
  auto r = run_binary({"-q", fixture("classifier_opset12")});
  EXPECT_EQ(r.out, "");
}

TEST(Cli, ListRules) {
  auto r = run_binary({"--list-rules"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("OL001  opset-version"), std::string::npos) << r.out;
  for (const auto& rule : all_rules())
    EXPECT_NE(("\n" + r.out).find("\n" + std::string(rule->meta().code) + "  "), std::string::npos)
        << rule->meta().code;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), static_cast<long>(all_rules().size()));
}

TEST(Cli, JsonOfAVerboseExportHasModuleAndSource) {
  auto r = run_binary({"--format", "json", fixture("verbose_resize_bilinear")});
  EXPECT_EQ(r.exit_code, 1) << "OL101 is an error";
  auto j = nlohmann::json::parse(r.out);
  const auto& d = j["files"][0]["diagnostics"][0];
  EXPECT_EQ(d["rule"], "OL101");
  EXPECT_EQ(d["node"], "/decoder/decoder.0/up/Resize");
  EXPECT_EQ(d["op_type"], "Resize");
  EXPECT_EQ(d["module"], "decoder.0.up");
  EXPECT_NE(d["source"].get<std::string>().find("generate.py:"), std::string::npos);
  auto text = run_binary({"--color", "never", fixture("verbose_resize_bilinear")});
  EXPECT_NE(text.out.find("(Resize) at decoder.0.up ("), std::string::npos) << text.out;
}

TEST(Cli, ExplainEveryRule) {
  for (const char* code : {"OL000", "OL002", "OL101", "OL102", "OL201", "OL202", "OL301", "OL302",
                           "OL303", "OL401", "OL402", "OL501", "OL901", "OL902"}) {
    auto r = run_binary({"--explain", code});
    EXPECT_EQ(r.exit_code, 0) << code;
    for (const char* section : {"## What it does", "## Why it matters", "## Example",
                                "## Use instead", "## When to ignore"})
      EXPECT_NE(r.out.find(section), std::string::npos) << code << " lacks " << section;
  }
}

TEST(Cli, ExplainByCodeOrName) {
  auto r = run_binary({"--explain", "OL001"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("# OL001 opset-version", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("## When to ignore"), std::string::npos);
  EXPECT_EQ(run_binary({"--explain", "opset-version"}).out, r.out);
  auto bad = run_binary({"--explain", "OL999"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown rule 'OL999'"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(run_binary({}).exit_code, 2);
  EXPECT_EQ(run_binary({"--format", "xml", fixture("classifier_opset12")}).exit_code, 2);
  EXPECT_EQ(run_binary({"--fail-on", "sometimes", fixture("classifier_opset12")}).exit_code, 2);
  EXPECT_EQ(run_binary({"--no-such-flag"}).exit_code, 2);
}

TEST(Cli, VersionAndHelp) {
  auto v = run_binary({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("onnx-lint " ONNX_LINT_VERSION), std::string::npos);
  auto h = run_binary({"--help"});
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("--fail-on"), std::string::npos);
  // Choices as users write them, the subcommands listed, none of the parser's internals.
  EXPECT_NE(h.out.find("--color auto|always|never (default auto)"), std::string::npos) << h.out;
  EXPECT_NE(h.out.find("--format text|json|sarif|github|junit|html"), std::string::npos) << h.out;
  EXPECT_NE(h.out.find("onnx-lint fix MODEL"), std::string::npos) << h.out;
  EXPECT_NE(h.out.find("onnx-lint diff OLD NEW"), std::string::npos) << h.out;
  for (const char* internal : {"ENUM:", "{false}", "TEXT:", "INT:", "->"})
    EXPECT_EQ(h.out.find(internal), std::string::npos) << internal << " in:\n" << h.out;
  // fix has exit codes of its own: the gate flags are not offered there.
  auto fix = run_binary({"fix", "--help"});
  EXPECT_EQ(fix.exit_code, 0);
  for (const char* gate : {"--fail-on", "--max-warnings", "--exit-zero"})
    EXPECT_EQ(fix.out.find(gate), std::string::npos) << gate << " in:\n" << fix.out;
  EXPECT_EQ(run_binary({"fix", "--fail-on", "warning", "x.onnx"}).exit_code, 2);
}

// A flag a format would ignore is an error, not silence.
TEST(Cli, StatisticsWithAnotherFormatIsAnError) {
  auto r = run_binary({"--statistics", "--format", "json", "--isolated", "models/demo.onnx"},
                      ONNX_LINT_SOURCE_DIR);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--statistics is for the text report"), std::string::npos) << r.err;
}

TEST(Cli, EveryBadInputExitsTwoWithOneLine) {
  const std::string dir = temp_dir() + "/no-models-here";
  std::filesystem::create_directories(dir);
  const std::string empty = write_temp("cli-empty.onnx", "");
  const std::string text = write_temp("cli-text.onnx", "hello\n");
  for (const auto& path : {dir, empty, text, dir + "/missing.onnx"}) {
    auto r = run_binary({"--color", "never", "-q", path});
    EXPECT_EQ(r.exit_code, 2) << path;
    EXPECT_EQ(r.out.rfind("error: " + path + ": ", 0), 0u) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  }
}

}  // namespace
}  // namespace onnx_lint::test
