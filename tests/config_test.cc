// .onnx-lint.toml: keys, errors that name the file and key, discovery, precedence.
#include "engine/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

std::string write_config(const std::string& dir, const std::string& text) {
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/.onnx-lint.toml";
  std::ofstream(path, std::ios::trunc) << text;
  return path;
}

TEST(Config, EveryKey) {
  const std::string path = write_config(fresh_dir("cfg-all"), R"(
select = ["OL1", "OL2"]
extend-select = ["OL501"]
fail-on = "warning"
max-warnings = 3
target-opset = 13
exit-zero = true

[severity]
OL102 = "error"

[[ignore]]
rules = ["OL201"]
nodes = ["/Tile", "decoder.*"]
models = ["seg/*.onnx"]
reason = "verified on TensorRT 10"
)");
  SettingsLayer file;
  std::string error;
  ASSERT_TRUE(read_config_file(path, &file, &error)) << error;
  const LintSettings o = resolve_settings({&file});
  EXPECT_EQ(o.select, (std::vector<std::string>{"OL1", "OL2"}));
  EXPECT_EQ(o.extend_select, (std::vector<std::string>{"OL501"}));
  EXPECT_EQ(o.exit.fail_on, Severity::kWarning);
  EXPECT_EQ(o.exit.max_warnings, 3);
  EXPECT_EQ(o.target_opset, 13);
  EXPECT_TRUE(o.exit.exit_zero);
  EXPECT_EQ(o.severity.at("OL102"), Severity::kError);
  ASSERT_EQ(o.waivers.size(), 1u);
  EXPECT_EQ(o.waivers[0].nodes, (std::vector<std::string>{"/Tile", "decoder.*"}));
  EXPECT_EQ(o.waivers[0].reason, "verified on TensorRT 10");
  EXPECT_EQ(o.waivers[0].origin, path + " [[ignore]] #1");
}

TEST(Config, IgnoreListOfRules) {
  const std::string path = write_config(fresh_dir("cfg-ignore"), "ignore = [\"OL402\"]\n");
  SettingsLayer o;
  std::string error;
  ASSERT_TRUE(read_config_file(path, &o, &error)) << error;
  EXPECT_EQ(o.ignore, (std::vector<std::string>{"OL402"}));
}

struct BadConfig {
  const char* text;
  const char* expected;
};

class ConfigError : public ::testing::TestWithParam<BadConfig> {};

TEST_P(ConfigError, NamesTheFileAndWhatIsWrong) {
  const std::string path = write_config(fresh_dir("cfg-bad"), GetParam().text);
  SettingsLayer o;
  std::string error;
  EXPECT_FALSE(read_config_file(path, &o, &error));
  EXPECT_EQ(error.rfind(path, 0), 0u) << error;
  EXPECT_NE(error.find(GetParam().expected), std::string::npos) << error;
}

INSTANTIATE_TEST_SUITE_P(
    Keys, ConfigError,
    ::testing::Values(BadConfig{"selct = [\"OL1\"]\n", "unknown key 'selct'"},
                      BadConfig{"fail-on = \"sometimes\"\n", "'fail-on' must be"},
                      BadConfig{"max-warnings = -1\n", "'max-warnings' must be"},
                      BadConfig{"select = \"OL1\"\n", "'select' must be a list of strings"},
                      BadConfig{"[severity]\nOL102 = \"fatal\"\n", "severity of 'OL102'"},
                      BadConfig{"[[ignore]]\nrules = [\"OL101\"]\n", "needs a `reason`"},
                      BadConfig{"[[ignore]]\nreason = \"x\"\n", "needs `rules"},
                      BadConfig{"[[ignore]]\nrules = [\"OL101\"]\nreason = \"x\"\nnode = [\"a\"]\n",
                                "unknown key 'node'"},
                      BadConfig{"select = [\n", "invalid TOML"},
                      BadConfig{
                          "ignore = [\"OL1\"]\n[[ignore]]\nrules = [\"OL2\"]\nreason = \"x\"\n",
                          "waiver that has no `nodes`"}));

TEST(Config, FoundByWalkingUpFromTheModel) {
  const std::string root = fresh_dir("cfg-walk");
  const std::string path = write_config(root, "select = [\"OL1\"]\n");
  std::filesystem::create_directories(root + "/a/b");
  EXPECT_EQ(config_for_model(root + "/a/b/model.onnx", {}), path);
  const std::string nearer = write_config(root + "/a", "select = [\"OL2\"]\n");
  EXPECT_EQ(config_for_model(root + "/a/b/other.onnx", {}), nearer);
  EXPECT_EQ(config_for_model(root + "/a/b/other.onnx", {.file = path}), path);
  EXPECT_EQ(config_for_model(root + "/a/b/other.onnx", {.isolated = true}), "");
}

TEST(Config, CommandLineBeatsFileBeatsDefaults) {
  const std::string path = write_config(fresh_dir("cfg-prec"), R"(
select = ["OL1"]
ignore = ["OL102"]
fail-on = "warning"
target-opset = 13
[severity]
OL101 = "warning"
)");
  SettingsLayer cli;
  cli.fail_on = FailOn{Severity::kError};
  cli.ignore = {"OL101"};
  cli.severity = {{"OL101", Severity::kInfo}};
  LintSettings o;
  std::string error;
  ASSERT_TRUE(settings_for(path, cli, &o, &error)) << error;
  EXPECT_EQ(o.exit.fail_on, Severity::kError);                        // flag wins
  EXPECT_EQ(o.target_opset, 13);                                      // file beats default 12
  EXPECT_EQ(o.select, (std::vector<std::string>{"OL1"}));             // file (flag not given)
  EXPECT_EQ(o.ignore, (std::vector<std::string>{"OL102", "OL101"}));  // lists add up
  EXPECT_EQ(o.severity.at("OL101"), Severity::kInfo);                 // flag wins per key
  LintSettings defaults;
  ASSERT_TRUE(settings_for("", SettingsLayer{}, &defaults, &error));
  EXPECT_EQ(defaults.target_opset, 12);
  EXPECT_EQ(defaults.exit.fail_on, Severity::kError);
}

}  // namespace
}  // namespace onnx_lint::test
