// Exact findings, pinned: every committed fixture's full text report (message,
// fix, module, source, see-line) against tests/golden/rules/<fixture>.txt, plus
// hand-built models for the rules no export produces. Every rule in the
// registry must be pinned by at least one golden. Refresh with
// ONNX_LINT_UPDATE_GOLDEN=1 and review the diff.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "onnx_lint/registry.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace fs = std::filesystem;
namespace {

// Every fixture, torch 1.13's (models/fixtures/NAME) and torch 2.x's dynamo
// exports (models/fixtures/dynamo/NAME), as paths without ".onnx".
std::vector<std::string> fixture_names() {
  std::vector<std::string> names;
  const fs::path root = source_path("models/fixtures");
  for (const auto& e : fs::recursive_directory_iterator(root))
    if (e.path().extension() == ".onnx") {
      fs::path rel = fs::relative(e.path(), root);
      names.push_back(rel.replace_extension().generic_string());
    }
  std::sort(names.begin(), names.end());
  return names;
}

// A gtest name for a fixture path ("dynamo/demo.opset18" -> "dynamo_demo_opset18").
std::string test_name(std::string name) {
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

class FixtureGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureGolden, ExactFindings) {
  const std::string model = "models/fixtures/" + GetParam() + ".onnx";
  // target_* fixtures are about what one TensorRT release rejects: pinned
  // under the releases whose facts differ, not under the cheatsheet.
  if (fs::path(GetParam()).filename().string().rfind("target_", 0) == 0) {
    for (const std::string target : {"trt-8.6", "trt-10"})
      expect_rule_golden(GetParam() + "." + target, model, ONNX_LINT_SOURCE_DIR,
                         {"--target", target});
    return;
  }
  expect_rule_golden(GetParam(), model, ONNX_LINT_SOURCE_DIR);
  // The precision fixtures and the decoder blocks also under --precision
  // fp16 and bf16: what OL701-OL703 say when the model runs in 16 bits.
  const std::string file = fs::path(GetParam()).filename().string();
  if (file.rfind("precision_", 0) == 0 || file.rfind("decoder_block", 0) == 0)
    for (const std::string precision : {"fp16", "bf16"})
      expect_rule_golden(GetParam() + "." + precision, model, ONNX_LINT_SOURCE_DIR,
                         {"--precision", precision});
}

INSTANTIATE_TEST_SUITE_P(Fixtures, FixtureGolden, ::testing::ValuesIn(fixture_names()),
                         [](const auto& info) { return test_name(info.param); });

// Models no torch export makes, for OL000, OL002, OL901 and OL902.
TEST(HandBuiltGolden, CheckerRejection) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1, 3] x) => (float[1, 3] y) { y = Relu (ghost) }
  )");
  write_model("ol000_undefined_input", p);
  expect_rule_golden("ol000_undefined_input", "ol000_undefined_input.onnx", temp_dir());
}

// The dynamo exporter's opset 18 under TensorRT 8.6, which reads up to 17.
TEST(HandBuiltGolden, OpsetOutsideTheTargetWindow) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 18]>
    g (float[1, 3] x) => (float[1, 3] y) { y = Relu (x) }
  )");
  write_model("ol602_opset18_on_trt86", p);
  expect_rule_golden("ol602_opset18_on_trt86", "ol602_opset18_on_trt86.onnx", temp_dir(),
                     {"--target", "trt-8.6"});
}

// A real detector and a dynamic-batch classifier under ONNX Runtime's TensorRT provider.
TEST(TargetGolden, PartitionAndProfileUnderOrtTrt) {
  for (const std::string name : {"dynamic_faster_rcnn_tiny", "classifier_dynamic_batch"})
    expect_rule_golden(name + ".ort-trt", "models/fixtures/" + name + ".onnx", ONNX_LINT_SOURCE_DIR,
                       {"--target", "ort-trt"});
}

TEST(HandBuiltGolden, UnusedAndUnreadableModelWaivers) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1, 3] x) => (float[1, 3] y) { y = Relu (x) }
  )");
  for (const char* value : {"OL101:/decoder/*", ":/nothing"}) {
    auto* entry = p.add_metadata_props();
    entry->set_key("onnx_lint.ignore");
    entry->set_value(value);
  }
  write_model("ol002_stale_waiver", p);
  expect_rule_golden("ol002_stale_waiver", "ol002_stale_waiver.onnx", temp_dir());
}

TEST(HandBuiltGolden, ExternalDataOutsideAndMissing) {
  write_model("ol901_escaping_data", model_with_external_data("../weights.bin"));
  expect_rule_golden("ol901_escaping_data", "ol901_escaping_data.onnx", temp_dir());
  write_model("ol902_missing_data", model_with_external_data("weights.bin"));
  expect_rule_golden("ol902_missing_data", "ol902_missing_data.onnx", temp_dir());
}

TEST(RuleGolden, EveryRuleIsPinnedByAGolden) {
  std::string all;
  for (const auto& e : fs::recursive_directory_iterator(source_path("tests/golden/rules")))
    if (e.is_regular_file()) all += read_file(e.path().string());
  for (const auto& rule : all_rules()) {
    const std::string tag =
        "[" + std::string(rule->meta().code) + " " + std::string(rule->meta().name) + "]";
    EXPECT_NE(all.find(tag), std::string::npos)
        << rule->meta().code << " has no finding pinned in tests/golden/rules/";
  }
}

// Every message and fix of every golden read for the slips a misaligned
// format string leaves: an empty quoted slot (''), a placeholder left in ({}),
// a word said twice in a row ("reaches reaches"), and a quoted name in the
// slot of a Softmax that is no node of the model (OL701 once printed "the
// Softmax at 'reach'"). Code excerpt lines (`  30 | ...`) are the model's own.
TEST(RuleGolden, NoMessageHasAnEmptyOrMisalignedSlot) {
  const std::regex slip(R"(''|\{\}|\b([A-Za-z]+) \1\b)");
  const std::regex excerpt(R"(^\s+\d+ \| )");
  const std::regex softmax_slot(R"(Softmax (?:at )?'([^']*)')");
  int lines = 0;
  for (const auto& e : fs::recursive_directory_iterator(source_path("tests/golden/rules"))) {
    if (!e.is_regular_file()) continue;
    std::istringstream in(read_file(e.path().string()));
    for (std::string line; std::getline(in, line);) {
      if (std::regex_search(line, excerpt)) continue;
      ++lines;
      std::smatch m;
      EXPECT_FALSE(std::regex_search(line, m, slip))
          << e.path().filename() << ": '" << m.str(0) << "' in: " << line;
      for (auto it = std::sregex_iterator(line.begin(), line.end(), softmax_slot);
           it != std::sregex_iterator(); ++it)
        EXPECT_TRUE((*it)[1].str().find('/') != std::string::npos ||
                    (*it)[1].str().rfind("node_", 0) == 0 || (*it)[1].str().rfind("#", 0) == 0)
            << e.path().filename() << ": '" << (*it)[1] << "' is no node name: " << line;
    }
  }
  EXPECT_GT(lines, 1000);
}

}  // namespace
}  // namespace onnx_lint::test
