// `onnx-lint diff OLD NEW` on real pairs of committed exports: an idiom and
// its fix (both ways), torch 1.13 against torch 2.14's exporter, dynamic
// against static batch, opset 12 against 17, a re-export whose every node,
// tensor and initializer is renamed, an identical pair, a truncated NEW; and
// exact goldens of the text, JSON and Markdown reports.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

namespace fs = std::filesystem;

struct Diffed {
  int exit_code;
  nlohmann::json doc;
  std::string err;
};

Diffed diff_json(const std::string& old_model, const std::string& new_model,
                 std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"diff", "--isolated", "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(old_model);
  args.push_back(new_model);
  RunResult r = run_binary(args, ONNX_LINT_SOURCE_DIR);
  Diffed d{r.exit_code, nullptr, r.err};
  if (!r.out.empty()) d.doc = nlohmann::json::parse(r.out);
  return d;
}

// Rule codes of one list of findings, with their counts.
std::map<std::string, int> codes(const nlohmann::json& findings) {
  std::map<std::string, int> out;
  for (const auto& f : findings) ++out[f["rule"].get<std::string>()];
  return out;
}

const std::string F = "models/fixtures/";

TEST(Diff, AnIdiomAgainstItsFixIsResolvedAndSwappedIntroduced) {
  Diffed fixed = diff_json(F + "repeat_channels.onnx", F + "repeat_fixed_expand.onnx");
  EXPECT_EQ(fixed.exit_code, 0) << fixed.err;
  EXPECT_EQ(codes(fixed.doc["findings"]["resolved"]), (std::map<std::string, int>{{"OL201", 1}}));
  EXPECT_TRUE(fixed.doc["findings"]["introduced"].empty());
  Diffed broken = diff_json(F + "repeat_fixed_expand.onnx", F + "repeat_channels.onnx",
                            {"--fail-on", "warning"});
  EXPECT_EQ(broken.exit_code, 1) << "an introduced warning reaches --fail-on warning";
  EXPECT_EQ(codes(broken.doc["findings"]["introduced"]),
            (std::map<std::string, int>{{"OL201", 1}}));
  // The default --fail-on error: a warning does not fail the diff.
  EXPECT_EQ(diff_json(F + "repeat_fixed_expand.onnx", F + "repeat_channels.onnx").exit_code, 0);
}

TEST(Diff, TheSameModuleFromTorch113AndTheDynamoExporterKeepsItsFinding) {
  Diffed d = diff_json(F + "repeat_channels.onnx", F + "dynamo/repeat_channels.onnx");
  // The Tile is the same finding, though its module, source line and
  // neighbourhood changed; the opset 12 -> 20 is new.
  EXPECT_EQ(codes(d.doc["findings"]["unchanged"]), (std::map<std::string, int>{{"OL201", 1}}));
  EXPECT_EQ(codes(d.doc["findings"]["introduced"]), (std::map<std::string, int>{{"OL001", 1}}));
  EXPECT_TRUE(d.doc["findings"]["resolved"].empty());
  EXPECT_EQ(d.doc["graph"]["opsets"]["old"]["ai.onnx"], 12);
  EXPECT_EQ(d.doc["graph"]["opsets"]["new"]["ai.onnx"], 20);
  EXPECT_EQ(d.doc["graph"]["producer"]["new"], "pytorch 2.14.1+cu130");
}

TEST(Diff, ADynamicBatchThatBecameStaticBreaksTheSignature) {
  Diffed d = diff_json(F + "classifier_dynamic_batch.onnx", F + "classifier_opset12.onnx");
  EXPECT_EQ(d.exit_code, 0);
  ASSERT_EQ(d.doc["signature"].size(), 2u) << d.doc["signature"].dump(1);
  const auto& input = d.doc["signature"][0];
  EXPECT_EQ(input["kind"], "input");
  EXPECT_TRUE(input["breaking"].get<bool>());
  EXPECT_NE(input["what"].dump().find("dim 0: batch -> 1 (dynamic became static)"),
            std::string::npos)
      << input.dump();
  EXPECT_EQ(diff_json(F + "classifier_dynamic_batch.onnx", F + "classifier_opset12.onnx",
                      {"--fail-on-signature-change"})
                .exit_code,
            1);
}

TEST(Diff, AnOpsetBumpIsAGraphChangeAndOl001) {
  Diffed d = diff_json(F + "classifier_opset12.onnx", F + "classifier_opset17.onnx");
  EXPECT_EQ(codes(d.doc["findings"]["introduced"]), (std::map<std::string, int>{{"OL001", 1}}));
  EXPECT_EQ(d.doc["graph"]["opsets"]["new"]["ai.onnx"], 17);
  EXPECT_TRUE(d.doc["signature"].empty() || d.doc["signature"][0]["change"] == "renamed");
}

// The model with every node, intermediate tensor and initializer renamed
// (what another export of the same code does to names); graph inputs and
// outputs keep theirs. (Models without subgraphs: a subgraph reads outer
// names, which this does not follow.)
std::string renamed_copy(const std::string& fixture, const std::string& name) {
  onnx::ModelProto m;
  std::ifstream in(source_path(F + fixture + ".onnx"), std::ios::binary);
  EXPECT_TRUE(m.ParseFromIstream(&in));
  onnx::GraphProto* g = m.mutable_graph();
  std::map<std::string, std::string> names;
  std::set<std::string> io;
  for (const auto& v : g->input()) io.insert(v.name());
  for (const auto& v : g->output()) io.insert(v.name());
  const auto rename = [&](const std::string& t) {
    if (t.empty() || io.count(t)) return t;
    auto [it, fresh] = names.emplace(t, "renamed_" + std::to_string(names.size()));
    return it->second;
  };
  for (auto& init : *g->mutable_initializer()) init.set_name(rename(init.name()));
  int k = 0;
  for (auto& n : *g->mutable_node()) {
    n.set_name("node_" + std::to_string(k++ * 7 % 1000));
    for (auto& i : *n.mutable_input()) i = rename(i);
    for (auto& o : *n.mutable_output()) o = rename(o);
  }
  for (auto& v : *g->mutable_value_info()) v.set_name(rename(v.name()));
  const std::string path = temp_dir() + "/" + name + ".onnx";
  std::ofstream out(path, std::ios::binary);
  m.SerializeToOstream(&out);
  return path;
}

TEST(Diff, AReExportWithRenamedNodesChangesNoFinding) {
  for (const std::string fixture :
       {"dynamic_per_class_select", "dtype_float64_cast", "dynamo/decoder_block",
        "dynamo/tv_mobilenet_v3_small", "precision_bert_attention"}) {
    const std::string copy = renamed_copy(fixture, fs::path(fixture).filename().string());
    Diffed d = diff_json(F + fixture + ".onnx", copy, {"--precision", "fp16"});
    ASSERT_EQ(d.exit_code, 0) << fixture << ": " << d.err;
    EXPECT_TRUE(d.doc["findings"]["introduced"].empty())
        << fixture << d.doc["findings"]["introduced"].dump(1);
    EXPECT_TRUE(d.doc["findings"]["resolved"].empty()) << fixture;
    EXPECT_FALSE(d.doc["findings"]["unchanged"].empty()) << fixture;
    EXPECT_TRUE(d.doc["graph"]["ops"].empty()) << fixture;
    for (const auto& t : d.doc["weights"]["tensors"]) EXPECT_EQ(t["change"], "renamed") << fixture;
  }
}

TEST(Diff, TextGroupsTheFindingsOfOnePlaceAsTheLintDoes) {
  // Six NonZero from one line of PyTorch: one line, ×6.
  RunResult r = run_binary({"diff", "--isolated", F + "dynamic_fixed_cheatsheet_where.onnx",
                            F + "dynamic_per_class_select.onnx"},
                           ONNX_LINT_SOURCE_DIR);
  EXPECT_NE(r.out.find("findings: 6 introduced, 0 resolved, 0 unchanged\n"
                       "  + ×6 warning[OL401 dynamic-shape] NonZero at postprocess ("),
            std::string::npos)
      << r.out;
}

TEST(Diff, AnIdenticalPairReportsNoChange) {
  RunResult r =
      run_binary({"diff", "--isolated", "--fail-on-signature-change",
                  F + "dynamic_per_class_select.onnx", F + "dynamic_per_class_select.onnx"},
                 ONNX_LINT_SOURCE_DIR);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out,
            "models/fixtures/dynamic_per_class_select.onnx -> "
            "models/fixtures/dynamic_per_class_select.onnx\n"
            "findings: 0 introduced, 0 resolved, 6 unchanged\n"
            "signature: unchanged\n"
            "graph: 63 nodes\n"
            "weights: 2 initializers, 216 B\n");
}

TEST(Diff, ATruncatedNewModelExitsTwoWithOneLine) {
  const std::string cut = temp_dir() + "/cut.onnx";
  std::ifstream in(source_path(F + "classifier_opset12.onnx"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  RunResult r =
      run_binary({"diff", "--isolated", F + "classifier_opset12.onnx", cut}, ONNX_LINT_SOURCE_DIR);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  EXPECT_EQ(r.err.rfind("error: " + cut + ": not a valid ONNX model", 0), 0u) << r.err;
}

TEST(Diff, SarifHoldsOnlyTheIntroducedFindings) {
  RunResult r = run_binary({"diff", "--isolated", "--format", "sarif", F + "repeat_channels.onnx",
                            F + "dynamo/repeat_channels.onnx"},
                           ONNX_LINT_SOURCE_DIR);
  const auto sarif = nlohmann::json::parse(r.out);
  const auto& results = sarif["runs"][0]["results"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["ruleId"], "OL001");
}

TEST(Diff, ExactTextJsonAndMarkdown) {
  // torch.unique exported instead of its mask form: TensorRT's parser rejects it.
  const std::vector<std::string> pair{F + "dynamic_fixed_unique_as_mask.onnx",
                                      F + "target_unique.onnx"};
  for (const auto& [format, golden] :
       std::vector<std::pair<std::string, std::string>>{{"text", "diff/unique.txt"},
                                                        {"json", "diff/unique.json"},
                                                        {"markdown", "diff/unique.md"}}) {
    RunResult r = run_binary(
        {"diff", "--isolated", "--target", "trt-10", "--format", format, pair[0], pair[1]},
        ONNX_LINT_SOURCE_DIR);
    EXPECT_EQ(r.exit_code, 1) << "an introduced error fails the diff: " << r.err;
    expect_golden(golden, r.out);
  }
}

TEST(Diff, MarkdownEscapesWhatAModelNames) {
  // A node named like a link and a table cell must stay text in a PR comment.
  onnx::ModelProto m = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[1, 3, 8, 8] x) => (float[1, 6, 8, 8] y) <int64[4] r = {1, 2, 1, 1}> {
      y = Tile (x, r)
    })");
  m.mutable_graph()->mutable_node(0)->set_name("/[x](javascript:alert(1))|<img src=x>/Tile");
  write_model("diff_hostile", m);
  RunResult r = run_binary({"diff", "--isolated", "--format", "markdown", "--ignore", "OL001",
                            source_path(F + "repeat_fixed_expand.onnx"), "diff_hostile.onnx"},
                           temp_dir());
  EXPECT_NE(r.out.find("OL201"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\\[x\\]\\(javascript:alert\\(1\\)\\)\\|&lt;img"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("](javascript"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("<img"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace onnx_lint::test
