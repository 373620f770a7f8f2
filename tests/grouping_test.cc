// One entry per cause: findings of one rule from one source line (or, without
// one, one module and op) are shown once, with the count and every node; JSON
// keeps each node, --no-group lists them, baselines stay per node.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "onnx_lint/report.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace {

// Six NonZero nodes from one line of a Python loop over classes.
const std::string kWithSource = "models/fixtures/dynamic_per_class_select.onnx";
const std::string kNoSource = "models/fixtures/dynamic_per_class_select_no_source.onnx";

RunResult lint(std::vector<std::string> args) {
  args.insert(args.begin(), {"--isolated", "--color", "never"});
  return run_binary(args, ONNX_LINT_SOURCE_DIR);
}

size_t count_lines_with(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

TEST(Grouping, TextShowsOneEntryWithCountAndNodes) {
  for (const std::string& model : {kWithSource, kNoSource}) {
    RunResult r = lint({model});
    EXPECT_EQ(count_lines_with(r.out, "warning[OL401"), 1u) << r.out;
    EXPECT_NE(r.out.find("NonZero \u00d76 at postprocess"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("nodes: '/postprocess/NonZero', '/postprocess/NonZero_1'"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("and 1 more"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Found 6 problems"), std::string::npos) << "counts stay per node";
    EXPECT_NE(r.out.find("6 of them shown as 1 group"), std::string::npos) << r.out;
  }
}

TEST(Grouping, NoGroupListsEveryNode) {
  RunResult r = lint({"--no-group", kWithSource});
  EXPECT_EQ(count_lines_with(r.out, "warning[OL401"), 6u) << r.out;
  EXPECT_EQ(r.out.find("shown as"), std::string::npos) << r.out;
}

TEST(Grouping, JsonKeepsEveryNodeUnderTheGroup) {
  auto j = nlohmann::json::parse(lint({"--format", "json", kNoSource}).out);
  const auto& file = j["files"][0];
  ASSERT_EQ(file["diagnostics"].size(), 6u);
  ASSERT_EQ(file["groups"].size(), 1u);
  const auto& g = file["groups"][0];
  EXPECT_EQ(g["rule"], "OL401");
  EXPECT_EQ(g["count"], 6);
  ASSERT_EQ(g["nodes"].size(), 6u);
  for (size_t i = 0; i < 6; ++i)
    EXPECT_EQ(g["nodes"][i], file["diagnostics"][g["diagnostics"][i].get<size_t>()]["node"]);
  auto ungrouped = nlohmann::json::parse(lint({"--format", "json", "--no-group", kNoSource}).out);
  EXPECT_TRUE(ungrouped["files"][0]["groups"].empty());
}

TEST(Grouping, SarifHasOneResultWithEveryNodeAndFingerprint) {
  auto j = nlohmann::json::parse(lint({"--format", "sarif", kWithSource}).out);
  const auto& results = j["runs"][0]["results"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["locations"][0]["logicalLocations"].size(), 6u);
  const auto& prints = results[0]["properties"]["fingerprints"];
  ASSERT_EQ(prints.size(), 6u);
  EXPECT_EQ(results[0]["partialFingerprints"]["onnxLintFingerprint/v1"], prints[0]);
  std::set<std::string> distinct(prints.begin(), prints.end());
  EXPECT_EQ(distinct.size(), 6u) << "one fingerprint per node";
}

TEST(Grouping, BaselineStaysPerNode) {
  const std::string baseline = temp_dir() + "/grouping-baseline.json";
  lint({"--write-baseline", baseline, kWithSource});
  auto written = nlohmann::json::parse(read_file(baseline));
  EXPECT_EQ(written["findings"].size(), 6u);
  RunResult r = lint({"--baseline", baseline, kWithSource});
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("6 findings in the baseline"), std::string::npos) << r.out;
}

TEST(Grouping, HtmlShowsOneArticleListingTheNodes) {
  RunResult r = lint({"--format", "html", kWithSource});
  EXPECT_EQ(count_lines_with(r.out, "<article class=\"finding\""), 1u);
  EXPECT_NE(r.out.find("6 nodes (the message is the first one's)"), std::string::npos);
  EXPECT_NE(r.out.find("6 findings in 1 entry"), std::string::npos);
  EXPECT_EQ(count_lines_with(r.out, "<code class=\"node\">/postprocess/NonZero"), 6u);
}

Diagnostic finding(std::string rule, std::string node, std::string op,
                   std::optional<std::string> module, std::optional<std::string> source) {
  Diagnostic d;
  d.rule = std::move(rule);
  d.node = std::move(node);
  d.op_type = std::move(op);
  d.module = std::move(module);
  d.source = std::move(source);
  return d;
}

TEST(Grouping, CausesAreRuleAndLineOrRuleModuleAndOp) {
  const std::vector<Diagnostic> ds = {
      finding("OL401", "a", "NonZero", "head", "m.py:3"),
      finding("OL401", "b", "NonZero", "other", "m.py:3"),   // same line, another module
      finding("OL202", "c", "ScatterND", "head", "m.py:3"),  // same line, another rule
      finding("OL401", "d", "NonZero", "head", std::nullopt),
      finding("OL401", "e", "NonZero", "head", std::nullopt),
      finding("OL401", "f", "Reshape", "head", std::nullopt),        // another op
      finding("OL401", "g", "NonZero", std::nullopt, std::nullopt),  // nothing to tie it
      finding("OL401", "h", "NonZero", std::nullopt, std::nullopt),
  };
  std::vector<FindingGroup> groups = group_findings(ds, true);
  std::vector<std::vector<size_t>> members;
  for (const auto& g : groups) members.push_back(g.members);
  EXPECT_EQ(members, (std::vector<std::vector<size_t>>{{0, 1}, {2}, {3, 4}, {5}, {6}, {7}}));
  EXPECT_EQ(groups[0].title, "NonZero \u00d72 at head (m.py:3)");
  EXPECT_EQ(groups[2].title, "NonZero \u00d72 at head");
  EXPECT_TRUE(groups[1].title.empty());
  EXPECT_EQ(group_findings(ds, false).size(), ds.size());
}

}  // namespace
}  // namespace onnx_lint::test
