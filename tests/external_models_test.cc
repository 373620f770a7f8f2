// Real third-party exports (../shared/models/external, torch 2.9-2.10 dynamo
// exports and onnx.helper-built files; see its SOURCES.md): their exact text
// reports are pinned, and every node finding of a file that carries
// pkg.torch.onnx metadata names its module (or the root class), its
// file.py:line and the code line. Skipped when ../shared is not there.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace onnx_lint::test {
namespace fs = std::filesystem;
namespace {

std::string external_dir() { return source_path("../shared/models/external"); }

std::vector<std::string> external_models() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(external_dir(), ec))
    if (e.path().extension() == ".onnx") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST(ExternalModels, ExactReports) {
  if (!fs::is_directory(external_dir())) GTEST_SKIP() << external_dir() << " is not here";
  const auto names = external_models();
  ASSERT_FALSE(names.empty());
  for (const std::string& name : names) {
    SCOPED_TRACE(name);
    expect_rule_golden("external/" + fs::path(name).stem().string(), name, external_dir());
  }
}

TEST(ExternalModels, Torch2FindingsCarryModuleSourceAndCode) {
  if (!fs::is_directory(external_dir())) GTEST_SKIP() << external_dir() << " is not here";
  size_t checked = 0;
  for (const std::string& name : external_models()) {
    const std::string bytes = read_file(external_dir() + "/" + name);
    if (bytes.find("pkg.torch.onnx.stack_trace") == std::string::npos) continue;
    RunResult r = run_binary({"--isolated", "--format", "json", name}, external_dir());
    ASSERT_LE(r.exit_code, 1) << name << r.err;
    const nlohmann::json report = nlohmann::json::parse(r.out);  // outlives the loop
    for (const auto& d : report["files"][0]["diagnostics"]) {
      if (d["node"].is_null()) continue;
      ++checked;
      EXPECT_TRUE(d["module"].is_string()) << name << ": " << d.dump();
      EXPECT_TRUE(d["source"].is_string()) << name << ": " << d.dump();
      EXPECT_TRUE(d["code"].is_string()) << name << ": " << d.dump();
    }
  }
  EXPECT_GT(checked, 0u);
}

}  // namespace
}  // namespace onnx_lint::test
