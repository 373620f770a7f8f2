// Rule selectors, selection and severity overrides.
#include "engine/selection.h"

#include <gtest/gtest.h>

#include "onnx_lint/registry.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace {

TEST(Selectors, CodesNamesPrefixesAll) {
  EXPECT_TRUE(selector_matches("OL101", "OL101"));
  EXPECT_TRUE(selector_matches("ol101", "OL101"));
  EXPECT_TRUE(selector_matches("resize-linear", "OL101"));
  EXPECT_TRUE(selector_matches("OL1", "OL101"));
  EXPECT_TRUE(selector_matches("OL10", "OL102"));
  EXPECT_TRUE(selector_matches("ALL", "OL501"));
  EXPECT_FALSE(selector_matches("OL2", "OL101"));
  EXPECT_FALSE(selector_matches("resize", "OL101"));
  EXPECT_FALSE(selector_matches("O", "OL101"));
  EXPECT_TRUE(selector_known("OL3"));
  EXPECT_FALSE(
      selector_known("OL11"));  // OL8 and OL9 are taken: new_rule.py's test scaffolds OL899
  EXPECT_FALSE(selector_known("resize-bilinear"));
  // A renamed rule keeps its former name as a selector.
  EXPECT_TRUE(selector_matches("unused-suppression", "OL002"));
  EXPECT_FALSE(selector_matches("unused-suppression", "OL001"));
}

TEST(Selection, SelectExtendIgnore) {
  LintSettings o;
  // ALL by default: every rule of the default target, none of the target-only ones.
  size_t cheatsheet_rules = 0;
  for (const auto& r : all_rules()) cheatsheet_rules += r->meta().code.substr(0, 3) != "OL6";
  EXPECT_EQ(enabled_rules(o).size(), cheatsheet_rules);
  EXPECT_FALSE(enabled_rules(o).count("OL601"));
  o.target = "trt-10";
  EXPECT_TRUE(enabled_rules(o).count("OL601"));
  EXPECT_FALSE(enabled_rules(o).count("OL101"));
  o.extend_select = {"OL101"};  // asked for by code: runs under any target
  EXPECT_TRUE(enabled_rules(o).count("OL101"));
  o = LintSettings{};
  o.select = {"OL1"};
  EXPECT_EQ(enabled_rules(o), (std::set<std::string>{"OL101", "OL102"}));
  o.extend_select = {"random-op"};
  o.ignore = {"OL102"};
  EXPECT_EQ(enabled_rules(o), (std::set<std::string>{"OL101", "OL501"}));
}

TEST(Selection, UnknownSelectorIsNamed) {
  LintSettings o;
  o.ignore = {"OL102", "OL777"};
  std::string error;
  EXPECT_FALSE(validate_selectors(o, &error));
  EXPECT_NE(error.find("unknown rule 'OL777' in ignore"), std::string::npos) << error;
}

TEST(Severity, MostSpecificOverrideWins) {
  LintSettings o;
  o.severity = {{"ALL", Severity::kInfo}, {"OL1", Severity::kWarning}, {"OL101", Severity::kError}};
  EXPECT_EQ(effective_severity(o, "OL101", Severity::kWarning), Severity::kError);
  EXPECT_EQ(effective_severity(o, "OL102", Severity::kError), Severity::kWarning);
  EXPECT_EQ(effective_severity(o, "OL501", Severity::kError), Severity::kInfo);
  LintSettings none;
  EXPECT_EQ(effective_severity(none, "OL501", Severity::kError), Severity::kError);
}

TEST(Severity, OverrideChangesTheFindingsLevel) {
  LintSettings o;
  o.severity = {{"resize-nearest", Severity::kError}};
  auto ds = only(lint(load_fixture("resize_nearest2d_opset12"), o), "OL102");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kError);
}

TEST(Selection, UnselectedRulesDoNotRun) {
  LintSettings o;
  o.select = {"OL5"};
  auto ds = lint(load_fixture("dtype_float64_initializer"), o);
  EXPECT_TRUE(ds.empty());
}

}  // namespace
}  // namespace onnx_lint::test
