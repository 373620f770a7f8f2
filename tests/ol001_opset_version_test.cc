#include <gtest/gtest.h>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

TEST(OL001, FiresOnRealExportsAtOtherOpsets) {
  for (int opset : {11, 13, 17}) {
    auto ds = only(lint(load_fixture("classifier_opset" + std::to_string(opset))), "OL001");
    ASSERT_EQ(ds.size(), 1u) << "opset " << opset;
    EXPECT_EQ(ds[0].name, "opset-version");
    EXPECT_EQ(ds[0].severity, Severity::kWarning);
    EXPECT_NE(ds[0].message.find("opset " + std::to_string(opset)), std::string::npos);
    EXPECT_NE(ds[0].fix.find("opset_version=12"), std::string::npos);
    EXPECT_EQ(ds[0].doc, "docs/rules/OL001.md");
    EXPECT_FALSE(ds[0].node.has_value());
  }
}

TEST(OL001, CleanAtTheCheatsheetOpset) {
  EXPECT_TRUE(only(lint(load_fixture("classifier_opset12")), "OL001").empty());
}

TEST(OL001, TargetOpsetIsConfigurable) {
  LintSettings o;
  o.target_opset = 17;
  EXPECT_TRUE(only(lint(load_fixture("classifier_opset17"), o), "OL001").empty());
  auto ds = only(lint(load_fixture("classifier_opset12"), o), "OL001");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].fix.find("opset_version=17"), std::string::npos);
}

TEST(OL001, ModelWithoutDefaultDomainImport) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["com.example" : 1]>
    g (float[4] x) => (float[4] y) { y = com.example.Foo(x) }
  )"));
  auto ds = only(lint(m), "OL001");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("no default-domain"), std::string::npos);
}

TEST(OL001, AiOnnxDomainSpellingCountsAsDefault) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["ai.onnx" : 12]>
    g (float[4] x) => (float[4] y) { y = Relu(x) }
  )"));
  EXPECT_TRUE(only(lint(m), "OL001").empty());
}

}  // namespace
}  // namespace onnx_lint::test
