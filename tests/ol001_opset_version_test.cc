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

// The advice works with the exporter that wrote the model (torch 2.14.1:
// torch.onnx.export(..., opset_version=12) runs the dynamo exporter and writes
// opset 18; with dynamo=False it writes 12).
TEST(OpsetVersion, TheAdviceFitsTheExporterThatWroteTheModel) {
  auto fix_of = [](const std::string& path) {
    auto ds = only(lint(load_fixture_path(source_path(path))), "OL001");
    EXPECT_EQ(ds.size(), 1u) << path;
    return ds.empty() ? std::string() : ds[0].fix;
  };
  const std::string dynamo = fix_of("models/fixtures/dynamo/classifier_opset12.onnx");
  EXPECT_NE(dynamo.find("comes from torch.onnx's dynamo exporter"), std::string::npos) << dynamo;
  EXPECT_NE(dynamo.find("dynamo=False, opset_version=12"), std::string::npos) << dynamo;
  EXPECT_NE(dynamo.find("or deploy at opset 20 and say so: `--target-opset 20`"), std::string::npos)
      << dynamo;
  const std::string script = fix_of("models/fixtures/fidelity/view_int_size.opset17.onnx");
  EXPECT_NE(script.find("`torch.onnx.export(model, args, path, dynamo=False, opset_version=12)`"),
            std::string::npos)
      << script;
  EXPECT_NE(script.find("comes from the TorchScript exporter"), std::string::npos) << script;
  // torch 1.13's export: the plain call works there; newer torch needs dynamo=False.
  const std::string old = fix_of("models/fixtures/classifier_opset17.onnx");
  EXPECT_NE(old.find("`torch.onnx.export(model, args, path, opset_version=12)`"), std::string::npos)
      << old;
  EXPECT_NE(old.find("on torch 2.9 and later add `dynamo=False`"), std::string::npos) << old;
}

}  // namespace
}  // namespace onnx_lint::test
