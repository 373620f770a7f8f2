// Batch runs: directories, -j, input order, one bad file never hides the others.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_util.h"

namespace onnx_lint::test {
namespace fs = std::filesystem;
namespace {

TEST(Batch, DirectoriesAreWalkedSorted) {
  const std::string dir = fresh_dir("walk");
  fs::create_directories(dir + "/b/c");
  fs::copy_file(fixture("repeat_batch"), dir + "/b/c/z.onnx");
  fs::copy_file(fixture("repeat_batch"), dir + "/a.onnx");
  fs::copy_file(fixture("repeat_batch"), dir + "/b/m.onnx");
  std::ofstream(dir + "/notes.txt") << "not a model";
  std::vector<std::string> empty;
  auto files = expand_inputs({dir}, &empty);
  EXPECT_EQ(files,
            (std::vector<std::string>{dir + "/a.onnx", dir + "/b/c/z.onnx", dir + "/b/m.onnx"}));
  EXPECT_TRUE(empty.empty());
  const std::string none = fresh_dir("walk-empty");
  files = expand_inputs({none}, &empty);
  EXPECT_EQ(empty, (std::vector<std::string>{none}));
}

TEST(Batch, ParallelRunKeepsInputOrderAndIsolatesFailures) {
  const std::string dir = fresh_dir("batch");
  std::vector<std::string> inputs;
  const char* names[] = {"repeat_batch",     "classifier_opset13", "resize_nearest2d_opset12",
                         "dtype_int16_cast", "random_rsample",     "assign_row"};
  for (int i = 0; i < 12; ++i) {
    if (i == 4) inputs.push_back(dir + "/missing.onnx");
    if (i == 7) inputs.push_back(write_temp("batch-garbage.onnx", std::string(300, '\xff')));
    const std::string path = fmt::format("{}/{:02d}-{}.onnx", dir, i, names[i % 6]);
    fs::copy_file(fixture(names[i % 6]), path);
    inputs.push_back(path);
  }
  std::vector<std::string> args{"--isolated", "--format", "json", "-j", "2"};
  args.insert(args.end(), inputs.begin(), inputs.end());
  auto r = run_binary(args);
  EXPECT_EQ(r.exit_code, 2);
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["files"].size(), inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    EXPECT_EQ(j["files"][i]["path"], inputs[i]) << i;
    const bool bad = inputs[i].find("missing") != std::string::npos ||
                     inputs[i].find("garbage") != std::string::npos;
    EXPECT_EQ(j["files"][i]["status"], bad ? "error" : "ok") << inputs[i];
    if (!bad) EXPECT_FALSE(j["files"][i]["diagnostics"].empty()) << inputs[i];
  }
  EXPECT_EQ(j["summary"]["failed_files"], 2);
  // The same run on one thread gives the same report.
  args[4] = "1";
  auto serial = nlohmann::json::parse(run_binary(args).out);
  for (auto* report : {&j, &serial})
    for (auto& f : (*report)["files"]) f.erase("lint_time_ms");
  EXPECT_EQ(j, serial);
}

}  // namespace
}  // namespace onnx_lint::test
