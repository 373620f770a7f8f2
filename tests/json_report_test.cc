// The JSON report parsed back field by field: the contract dashboards rely on.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "onnx_lint/batch.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace {

nlohmann::json report_for(const std::vector<std::string>& inputs) {
  BatchJob o;
  o.inputs = inputs;
  o.lint.hash = true;
  return nlohmann::json::parse(render("json", lint_files(o)));
}

TEST(JsonReport, ContractFieldByField) {
  const std::string missing = temp_dir() + "/missing.onnx";
  auto j = report_for({fixture("classifier_opset13"), missing, fixture("classifier_opset12")});
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["tool"]["name"], "onnx-lint");
  EXPECT_EQ(j["tool"]["version"], ONNX_LINT_VERSION);
  ASSERT_EQ(j["files"].size(), 3u);

  const auto& f0 = j["files"][0];
  EXPECT_EQ(f0["path"], fixture("classifier_opset13"));
  EXPECT_EQ(f0["status"], "ok");
  EXPECT_TRUE(f0["error"].is_null());
  EXPECT_EQ(f0["model"]["ir_version"], 7);
  EXPECT_EQ(f0["model"]["opsets"][""], 13);
  EXPECT_EQ(f0["model"]["producer"].get<std::string>().rfind("pytorch ", 0), 0u);
  EXPECT_GT(f0["model"]["nodes"].get<int>(), 3);
  ASSERT_EQ(f0["diagnostics"].size(), 1u);
  const auto& d = f0["diagnostics"][0];
  EXPECT_EQ(d["rule"], "OL001");
  EXPECT_EQ(d["name"], "opset-version");
  EXPECT_EQ(d["severity"], "warning");
  EXPECT_NE(d["message"].get<std::string>().find("opset 13"), std::string::npos);
  EXPECT_EQ(d["graph"], "main");
  EXPECT_TRUE(d["node"].is_null());
  EXPECT_TRUE(d["op_type"].is_null());
  EXPECT_NE(d["fix"].get<std::string>().find("opset_version=12"), std::string::npos);
  EXPECT_EQ(d["doc"], "docs/rules/OL001.md");

  const auto& f1 = j["files"][1];
  EXPECT_EQ(f1["path"], missing);
  EXPECT_EQ(f1["status"], "error");
  EXPECT_NE(f1["error"].get<std::string>().find("no such file"), std::string::npos);
  EXPECT_TRUE(f1["model"].is_null());
  EXPECT_TRUE(f1["diagnostics"].empty());

  EXPECT_EQ(j["files"][2]["status"], "ok");
  EXPECT_TRUE(j["files"][2]["diagnostics"].empty());

  EXPECT_EQ(j["summary"]["files"], 3);
  EXPECT_EQ(j["summary"]["warnings"], 1);
  EXPECT_EQ(j["summary"]["errors"], 0);
  EXPECT_EQ(j["summary"]["infos"], 0);
  EXPECT_EQ(j["summary"]["failed_files"], 1);
}

TEST(JsonReport, DeterministicAcrossRuns) {
  BatchJob o;
  o.inputs = {source_path("models/demo.onnx")};
  o.lint.hash = true;
  auto ja = nlohmann::json::parse(render("json", lint_files(o)));
  auto jb = nlohmann::json::parse(render("json", lint_files(o)));
  ja["files"][0].erase("lint_time_ms");  // the only field that measures, not reports
  jb["files"][0].erase("lint_time_ms");
  EXPECT_EQ(ja, jb);
  EXPECT_GT(ja["files"][0]["diagnostics"].size(), 2u);
}

}  // namespace
}  // namespace onnx_lint::test
