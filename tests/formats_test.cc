// Each output format against a golden file, produced by the real binary run
// from the source tree on committed models. ONNX_LINT_UPDATE_GOLDEN=1 rewrites
// the golden files (review the diff before committing).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "onnx_lint/registry.h"
#include "onnx_lint/writers.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace {

const std::vector<std::string> kModels = {
    "models/demo.onnx", "models/fixtures/classifier_dynamic_batch.onnx",
    "models/fixtures/dtype_uint8_input.onnx", "models/fixtures/missing.onnx"};

// Timings are measurements, not report content.
std::string normalize(std::string s) {
  s = std::regex_replace(s, std::regex("time=\"[0-9.]+\""), "time=\"T\"");
  s = std::regex_replace(s, std::regex("\"lint_time_ms\": [0-9.e+-]+"), "\"lint_time_ms\": 0");
  return std::regex_replace(s, std::regex(ONNX_LINT_VERSION), "VERSION");
}

// The rules these goldens pin, named one by one, so that a new rule changes
// its own goldens (tests/golden/rules/) and not these.
const char* const kRules =
    "OL000,OL001,OL002,OL101,OL102,OL201,OL202,OL301,OL302,OL303,OL401,OL402,OL501,OL901,OL902";

void expect_format_golden(const std::string& format, const std::string& golden) {
  std::vector<std::string> args{"--isolated", "--color",  "never", "--select",
                                kRules,       "--format", format};
  args.insert(args.end(), kModels.begin(), kModels.end());
  RunResult r = run_binary(args, ONNX_LINT_SOURCE_DIR);
  EXPECT_EQ(r.exit_code, 2) << "the missing model makes it 2";
  expect_golden(golden, normalize(r.out));
}

TEST(Golden, Text) { expect_format_golden("text", "report.txt"); }
TEST(Golden, Json) { expect_format_golden("json", "report.json"); }
TEST(Golden, Sarif) { expect_format_golden("sarif", "report.sarif"); }
TEST(Golden, Github) { expect_format_golden("github", "report.github"); }
TEST(Golden, Junit) { expect_format_golden("junit", "report.junit.xml"); }

TEST(Github, EscapesAndPutsErrorsFirst) {
  RunReport run;
  FileReport f;
  f.path = "a,b:c.onnx";
  f.ok = true;
  Diagnostic warn;
  warn.rule = "OL201";
  warn.name = "repeat-tile";
  warn.severity = Severity::kWarning;
  warn.message = "100% of\nthe tiles";
  Diagnostic err = warn;
  err.rule = "OL101";
  err.name = "resize-linear";
  err.severity = Severity::kError;
  err.message = "bad\r";
  f.diagnostics = {warn, err};
  run.files.push_back(f);
  const std::string s = render("github", run);
  EXPECT_EQ(s.rfind("::error file=a%2Cb%3Ac.onnx,title=OL101 resize-linear::main: bad%0D", 0), 0u)
      << s;
  EXPECT_NE(s.find("::warning file=a%2Cb%3Ac.onnx,title=OL201 repeat-tile::main: 100%25 of%0Athe "
                   "tiles"),
            std::string::npos)
      << s;
  EXPECT_EQ(std::count(s.begin(), s.end(), '\n'), 2);
}

TEST(Sarif, BinaryArtifactShape) {
  RunResult r =
      run_binary({"--isolated", "--format", "sarif", "models/demo.onnx"}, ONNX_LINT_SOURCE_DIR);
  auto j = nlohmann::json::parse(r.out);
  const auto& run = j["runs"][0];
  EXPECT_EQ(j["version"], "2.1.0");
  const auto& rules = run["tool"]["driver"]["rules"];
  EXPECT_EQ(rules.size(), rules_of_target("cheatsheet"))
      << "every rule of the default target ran, so each is listed";
  const auto& rule = run["tool"]["driver"]["rules"][1];
  EXPECT_EQ(rule["id"], "OL001");
  EXPECT_EQ(rule["name"], "opset-version");
  EXPECT_EQ(rule["defaultConfiguration"]["level"], "warning");
  EXPECT_NE(rule["help"]["markdown"].get<std::string>().find("## Use instead"), std::string::npos);
  for (const auto& res : run["results"]) {
    const auto& loc = res["locations"][0];
    EXPECT_EQ(loc["physicalLocation"]["artifactLocation"]["uri"], "models/demo.onnx");
    EXPECT_FALSE(loc["physicalLocation"].contains("region")) << "a model has no lines";
    const std::string where = loc["logicalLocations"][0]["fullyQualifiedName"];
    EXPECT_EQ(res["message"]["text"].get<std::string>().rfind(where + ": ", 0), 0u);
    EXPECT_EQ(res["partialFingerprints"]["onnxLintFingerprint/v1"].get<std::string>().size(), 16u);
    // Viewers find the rule's help through the index: it must point at the rule.
    ASSERT_TRUE(res.contains("ruleIndex")) << res.dump();
    EXPECT_EQ(rules.at(res["ruleIndex"].get<size_t>())["id"], res["ruleId"]);
  }
}

TEST(Junit, EveryCaseNamesARuleThatRan) {
  RunResult r =
      run_binary({"--isolated", "--format", "junit", "models/demo.onnx"}, ONNX_LINT_SOURCE_DIR);
  const std::regex testcase("<testcase classname=\"[^\"]*\" name=\"(OL\\d+) ([a-z0-9-]+)\"");
  size_t cases = 0;
  for (std::sregex_iterator it(r.out.begin(), r.out.end(), testcase), end; it != end; ++it) {
    const Rule* rule = find_rule((*it)[1].str());
    ASSERT_NE(rule, nullptr) << (*it)[0];
    EXPECT_EQ((*it)[2].str(), rule->meta().name) << (*it)[0];
    ++cases;
  }
  EXPECT_EQ(cases, rules_of_target("cheatsheet")) << "one case per rule that ran:\n" << r.out;
}

}  // namespace
}  // namespace onnx_lint::test
