// Waivers from the config and from model metadata; unused waivers (OL002).
#include "engine/waivers.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "onnx_lint/batch.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace fs = std::filesystem;
namespace {

TEST(ModelWaivers, Parse) {
  std::vector<Waiver> s;
  std::string error;
  ASSERT_TRUE(parse_model_waivers("OL102:/decoder/*;OL201 ; OL101,OL303:/a|/b", &s, &error));
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].rules, (std::vector<std::string>{"OL102"}));
  EXPECT_EQ(s[0].nodes, (std::vector<std::string>{"/decoder/*"}));
  EXPECT_TRUE(s[1].nodes.empty());
  EXPECT_EQ(s[2].rules, (std::vector<std::string>{"OL101", "OL303"}));
  EXPECT_EQ(s[2].nodes, (std::vector<std::string>{"/a", "/b"}));
  std::vector<Waiver> bad;
  EXPECT_FALSE(parse_model_waivers(":/x", &bad, &error));
}

TEST(Waivers, GlobsOverNodeNamesModulesAndTensors) {
  Diagnostic d;
  d.rule = "OL102";
  d.name = "resize-nearest";
  d.node = "/decoder/decoder.0/up/Resize";
  d.module = "decoder.0.up";
  Waiver by_node{{"OL102"}, {"/decoder/*/Resize"}, {}, "r", "o", ""};
  Waiver by_module{{"resize-nearest"}, {"decoder.*"}, {}, "r", "o", ""};
  Waiver other_rule{{"OL101"}, {"*"}, {}, "r", "o", ""};
  Waiver other_node{{"OL1"}, {"/encoder/*"}, {}, "r", "o", ""};
  EXPECT_TRUE(waiver_covers(by_node, d));
  EXPECT_TRUE(waiver_covers(by_module, d));
  EXPECT_FALSE(waiver_covers(other_rule, d));
  EXPECT_FALSE(waiver_covers(other_node, d));
  // No `nodes`: the rule is waived at every node (how a whole rule is waived
  // next to [[ignore]] tables).
  EXPECT_TRUE(waiver_covers(Waiver{{"OL102"}, {}, {}, "r", "o", ""}, d));
  EXPECT_FALSE(waiver_covers(Waiver{{"OL101"}, {}, {}, "r", "o", ""}, d));
  Diagnostic t;
  t.rule = "OL301";
  t.name = "dtype-uint8";
  t.tensor = "image";
  EXPECT_TRUE(waiver_covers(Waiver{{"OL3"}, {"image"}, {}, "r", "o", ""}, t));
}

// A project: a config next to copies of real exports.
std::string project(const std::string& name, const std::string& config) {
  const std::string dir = fresh_dir(name);
  fs::create_directories(dir + "/seg");
  fs::copy_file(source_path("models/demo.onnx"), dir + "/seg/demo.onnx");
  fs::copy_file(fixture("repeat_channels"), dir + "/repeat.onnx");
  std::ofstream(dir + "/.onnx-lint.toml") << config;
  return dir;
}

TEST(Waivers, ConfigWaiverHidesMatchingFindingsOnly) {
  const std::string dir = project("waive", R"(
[[ignore]]
rules = ["OL201"]
nodes = ["/Tile"]
models = ["seg/*.onnx"]
reason = "class map repeat verified on TensorRT 10"
)");
  LintJob cli;
  FileReport seg = lint_file(dir + "/seg/demo.onnx", cli);
  ASSERT_TRUE(seg.ok) << seg.error;
  EXPECT_EQ(seg.waived, 1u);
  EXPECT_TRUE(only(seg.diagnostics, "OL201").empty());
  EXPECT_FALSE(only(seg.diagnostics, "OL101").empty());
  FileReport other = lint_file(dir + "/repeat.onnx", cli);  // outside the models glob
  EXPECT_EQ(only(other.diagnostics, "OL201").size(), 1u);
  // --isolated ignores the config.
  cli.config.isolated = true;
  EXPECT_EQ(only(lint_file(dir + "/seg/demo.onnx", cli).diagnostics, "OL201").size(), 1u);
}

TEST(Waivers, UnusedConfigWaiverIsReportedOnceAsOL002) {
  const std::string dir = project("waive-unused", R"(
[[ignore]]
rules = ["OL102"]
nodes = ["/decoder/*/Resize"]
reason = "nearest upsampling verified on TensorRT 10"
)");
  BatchJob cli;
  cli.inputs = {dir};
  RunReport run = lint_files(cli);
  ASSERT_EQ(run.files.size(), 2u);
  size_t notes = 0;
  for (const auto& f : run.files) {
    for (const auto& d : only(f.diagnostics, "OL002")) {
      ++notes;
      EXPECT_EQ(d.severity, Severity::kInfo);
      EXPECT_EQ(d.message,
                dir +
                    "/.onnx-lint.toml [[ignore]] #1 (rules OL102, nodes "
                    "/decoder/*/Resize) matched no finding in the 2 models it applies to");
    }
  }
  EXPECT_EQ(notes, 1u);
  cli.lint.flags.ignore = {"OL002"};
  run = lint_files(cli);
  for (const auto& f : run.files) EXPECT_TRUE(only(f.diagnostics, "OL002").empty());
}

TEST(Waivers, InModelMetadataWaiver) {
  onnx::ModelProto proto;
  {
    std::ifstream in(fixture("repeat_channels"), std::ios::binary);
    ASSERT_TRUE(proto.ParseFromIstream(&in));
  }
  auto* entry = proto.add_metadata_props();
  entry->set_key("onnx_lint.ignore");
  entry->set_value("OL201:/Tile;OL101");
  const std::string dir = fresh_dir("waive-model");
  const std::string path = dir + "/stamped.onnx";
  {
    std::ofstream out(path, std::ios::binary);
    proto.SerializeToOstream(&out);
  }
  LintJob cli;
  cli.config.isolated = true;
  FileReport r = lint_file(path, cli);
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.waived, 1u);
  EXPECT_TRUE(only(r.diagnostics, "OL201").empty());
  auto unused = only(r.diagnostics, "OL002");  // OL101 matches nothing in this model
  ASSERT_EQ(unused.size(), 1u);
  EXPECT_EQ(unused[0].message,
            "model metadata onnx_lint.ignore 'OL101' (rules OL101) matched no finding in this "
            "model");
}

}  // namespace
}  // namespace onnx_lint::test
