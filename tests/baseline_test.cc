// Baselines: write, re-run clean, new findings reported, stale entries listed.
#include "engine/baseline.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "onnx_lint/batch.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace fs = std::filesystem;
namespace {

TEST(Baseline, FingerprintIgnoresNodeIndexes) {
  Diagnostic a;
  a.rule = "OL201";
  a.graph = "main";
  a.anchor = "/Tile";
  a.node_index = 3;
  Diagnostic b = a;
  b.node_index = 40;  // the same node after an unrelated edit upstream
  EXPECT_EQ(fingerprint(a, "m.onnx"), fingerprint(b, "m.onnx"));
  b.anchor = "/Tile_1";
  EXPECT_NE(fingerprint(a, "m.onnx"), fingerprint(b, "m.onnx"));
  EXPECT_NE(fingerprint(a, "m.onnx"), fingerprint(a, "n.onnx"));
}

TEST(Baseline, UnnamedNodesAnchorOnOpAndOutput) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1, 3] x) => (float[2, 3] y) {
      r = Constant <value = int64[2] {2, 1}> ()
      y = Tile (x, r)
    }
  )"));
  auto ds = only(lint(m), "OL201");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].anchor, "Tile:y");
}

TEST(Baseline, AdoptThenGateOnNewFindings) {
  const std::string dir = fresh_dir("baseline");
  fs::copy_file(source_path("models/demo.onnx"), dir + "/demo.onnx");
  fs::copy_file(fixture("repeat_channels"), dir + "/repeat.onnx");
  const std::string baseline = dir + "/onnx-lint-baseline.json";

  BatchJob cli;
  cli.lint.config.isolated = true;
  cli.inputs = {dir};
  cli.write_baseline = baseline;
  RunReport first = lint_files(cli);
  EXPECT_EQ(first.baseline_entries_written, 5u);
  auto j = nlohmann::json::parse(read_file(baseline));
  ASSERT_EQ(j["findings"].size(), 5u);
  EXPECT_EQ(j["findings"][0]["model"], "demo.onnx");  // relative to the baseline file
  EXPECT_EQ(read_file(baseline).find(dir), std::string::npos) << "no absolute paths";

  cli.write_baseline.clear();
  cli.baseline = baseline;
  RunReport clean = lint_files(cli);
  EXPECT_EQ(clean.summary().baselined, 5u);
  for (const auto& f : clean.files) EXPECT_TRUE(f.diagnostics.empty());
  EXPECT_TRUE(clean.stale_baseline.empty());

  // A new problem appears; an old one is fixed.
  fs::copy_file(fixture("resize_nearest2d_opset12"), dir + "/new.onnx");
  fs::copy_file(fixture("classifier_opset12"), dir + "/repeat.onnx",
                fs::copy_options::overwrite_existing);
  RunReport next = lint_files(cli);
  size_t findings = 0;
  for (const auto& f : next.files) findings += f.diagnostics.size();
  EXPECT_EQ(findings, 1u);
  ASSERT_EQ(next.stale_baseline.size(), 1u);
  EXPECT_EQ(next.stale_baseline[0].rule, "OL201");
  EXPECT_EQ(next.stale_baseline[0].model, "repeat.onnx");
}

TEST(Baseline, WriteIsSortedAndStable) {
  const std::string dir = fresh_dir("baseline-stable");
  fs::copy_file(source_path("models/demo.onnx"), dir + "/demo.onnx");
  BatchJob cli;
  cli.lint.config.isolated = true;
  cli.inputs = {dir + "/demo.onnx"};
  cli.write_baseline = dir + "/a.json";
  lint_files(cli);
  cli.jobs = 2;
  cli.write_baseline = dir + "/b.json";
  lint_files(cli);
  EXPECT_EQ(read_file(dir + "/a.json"), read_file(dir + "/b.json"));
}

TEST(Baseline, UnreadableBaselineIsAnError) {
  const std::string dir = fresh_dir("baseline-bad");
  std::ofstream(dir + "/bad.json") << "{\"not\": \"a baseline\"}";
  BatchJob cli;
  cli.inputs = {fixture("classifier_opset12")};
  cli.baseline = dir + "/bad.json";
  EXPECT_THROW(lint_files(cli), std::runtime_error);
  auto r = run_binary({"--baseline", dir + "/bad.json", fixture("classifier_opset12")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("not an onnx-lint baseline"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace onnx_lint::test
