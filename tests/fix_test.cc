// `onnx-lint fix`: every fix on every real export it applies to computes what
// the original does in ONNX Runtime (tests/python/ort_oracle.py, seeded random
// inputs, 1e-5 relative), lints clean of the rule it fixed, carries every
// initializer over byte for byte, and every refusal writes nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "test_util.h"

namespace onnx_lint::test {
namespace fs = std::filesystem;
namespace {

const char* kFixable = "OL101,OL102,OL201,OL202";

nlohmann::json fix_json(const std::vector<std::string>& args) {
  std::vector<std::string> argv{"fix"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back("--format");
  argv.push_back("json");
  RunResult r = run_binary(argv);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json();
}

TEST(Fix, DemoLosesItsTileResizeAndScatterND) {
  const std::string out = fresh_dir("fix-demo") + "/demo_fixed.onnx";
  nlohmann::json j = fix_json({source_path("models/demo.onnx"), "-o", out});
  std::set<std::string> fixed;
  for (const auto& f : j["fixes"])
    if (f["applied"]) fixed.insert(f["rule"]);
  EXPECT_EQ(fixed, (std::set<std::string>{"OL101", "OL201", "OL202"}));
  std::set<std::string> after;
  for (const auto& d : j["after"]) after.insert(d["rule"]);
  EXPECT_EQ(after, (std::set<std::string>{"OL001"})) << "only the finding without a fix remains";
  Model m = load_fixture_path(out);
  for (const Node& n : m.main().nodes)
    EXPECT_TRUE(n.op_type != "Tile" && n.op_type != "Resize" && n.op_type != "ScatterND")
        << n.op_type;
  EXPECT_EQ(m.checker_error, "");
}

TEST(Fix, EveryFixComputesWhatTheOriginalDoesInOnnxRuntime) {
  if (test_python().empty()) {
    if (std::getenv("ONNX_LINT_REQUIRE_ORT")) FAIL() << "the test venv is missing";
    GTEST_SKIP() << "the test venv is missing (scripts/test_env.sh)";
  }
  const std::string dir = fresh_dir("fix-ort");
  std::string pairs;
  size_t fixes = 0;
  std::vector<std::string> models{source_path("models/demo.onnx")};
  // torch 1.13's fixtures and torch 2.14's dynamo exports; not the opset-28
  // ones (ONNX Runtime 1.31 reads up to 26) nor those without their weights.
  const fs::path root = source_path("models/fixtures");
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string file = e.path().filename().string();
    if (e.path().extension() == ".onnx" && file.find(".opset28") == std::string::npos &&
        file.rfind("tv_", 0) != 0)
      models.push_back(e.path().string());
  }
  std::sort(models.begin(), models.end());
  for (const std::string& path : models) {
    std::string name = fs::relative(path, root).replace_extension().generic_string();
    if (name.rfind("..", 0) == 0) name = fs::path(path).stem().string();  // the demo
    for (char& c : name)
      if (c == '/' || c == '.') c = '_';
    RunResult r = run_binary({"fix", path, "-o", dir + "/" + name + "_fixed.onnx", "--select",
                              kFixable, "--format", "json"});
    if (r.exit_code != 0) continue;  // refused with a reason (tested below), or nothing to fix
    const nlohmann::json j = nlohmann::json::parse(r.out);
    size_t applied = 0;
    for (const auto& f : j["fixes"]) applied += f["applied"].get<bool>();
    if (applied == 0) continue;
    fixes += applied;
    fs::copy_file(path, dir + "/" + name + ".onnx");
    pairs += "same " + name + " " + name + "_fixed\n";
    // A dynamic-batch export: its fix computes the same at batch 1 and 3 too.
    if (name.find("dynbatch_") != std::string::npos)
      for (const char* batch : {"1", "3"})
        pairs += "same " + name + " " + name + "_fixed x=sym:" + batch + "\n";
    // The fixed model lints clean of the rules it fixed.
    for (const auto& f : j["fixes"])
      for (const auto& d : j["after"])
        EXPECT_FALSE(f["applied"] && d["rule"] == f["rule"] && d["node"] == f["node"])
            << name << ": " << d.dump();
  }
  EXPECT_GE(fixes, 20u);
  write_temp("fix-ort/pairs.txt", pairs);
  RunResult r = run_command(ort_pairs_command(dir, dir + "/pairs.txt"), "", 600);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::cout << r.out;
}

TEST(Fix, ADynamicBatchDoesNotStopTheFixes) {
  // torch 2.14 TorchScript exports with dynamic_axes={"x": {0: "batch"}}: the
  // rewrites only need the axes they rewrite to be static (their ONNX Runtime
  // check at batch 1 and 3 is in EveryFixComputesWhatTheOriginalDoesInOnnxRuntime).
  const std::pair<const char*, const char*> cases[] = {
      {"torchscript/dynbatch_interp_nearest", "OL102 node '/Resize' (Resize): Resize -> Gather"},
      {"torchscript/dynbatch_interp_bilinear", "OL101 node '/Resize' (Resize): Resize -> MatMul"},
      {"torchscript/dynbatch_repeat_channels",
       "OL201 node '/Tile' (Tile): Tile -> Unsqueeze + Expand + Reshape (repeats [1, 2, 1, 1])"},
      // x[:, 0:2] = 0: its indices come from torch.arange(batch); the model
      // loaded at batch 2 and 3 shows the same channels written in every sample.
      {"torchscript/dynbatch_assign_slice",
       "OL202 node '/ScatterND' (ScatterND): ScatterND -> Where with a constant mask per sample "
       "(128 of 192 elements of each sample written, at any batch)"},
  };
  for (const auto& [model, want] : cases) {
    RunResult r = run_binary({"fix", fixture(model), "--diff"});
    EXPECT_EQ(r.exit_code, 0) << model << ": " << r.err;
    EXPECT_NE(r.out.find(std::string("would   ") + want), std::string::npos) << r.out;
  }
}

TEST(Fix, InitializersMetadataAndOpsetsAreCarriedOverByteForByte) {
  const std::string out = fresh_dir("fix-bytes") + "/fixed.onnx";
  fix_json({fixture("lraspp_mobilenet_v3_small_width"), "-o", out});
  onnx::ModelProto a, b;
  ASSERT_TRUE(a.ParseFromString(read_file(fixture("lraspp_mobilenet_v3_small_width"))));
  ASSERT_TRUE(b.ParseFromString(read_file(out)));
  std::map<std::string, std::string> fixed;
  for (const auto& t : b.graph().initializer()) fixed[t.name()] = t.SerializeAsString();
  size_t compared = 0;
  for (const auto& t : a.graph().initializer()) {
    auto it = fixed.find(t.name());
    if (it == fixed.end()) continue;  // a Resize's own scales, replaced with the node
    EXPECT_EQ(it->second, t.SerializeAsString()) << t.name();
    ++compared;
  }
  EXPECT_GE(compared, 50u);
  EXPECT_EQ(a.opset_import_size(), b.opset_import_size());
  EXPECT_EQ(a.producer_name(), b.producer_name());
  EXPECT_EQ(a.metadata_props_size(), b.metadata_props_size());
  EXPECT_EQ(a.ir_version(), b.ir_version());
}

void expect_refusal(const std::vector<std::string>& args, const std::string& out,
                    const std::string& reason) {
  std::vector<std::string> argv{"fix"};
  argv.insert(argv.end(), args.begin(), args.end());
  RunResult r = run_binary(argv);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find(reason), std::string::npos) << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  EXPECT_FALSE(fs::exists(out)) << out;
}

TEST(Fix, RefusalsSayWhyAndWriteNothing) {
  const std::string dir = fresh_dir("fix-refusals");
  // A Tile over two dynamic dims: its Reshape can infer one of them, not two.
  write_model("fix-refusals/dynamic", parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[N, M, 2] x) => (float[N, M, 4] y) {
      r = Constant <value = int64[3] {1, 1, 2}> ()
      y = Tile (x, r)
    })"));
  expect_refusal({dir + "/dynamic.onnx", "-o", dir + "/a.onnx"}, dir + "/a.onnx",
                 "more than one of its input's dims is dynamic (--set-input-shape");
  // External data named relative to the model's folder, written elsewhere.
  write_model("fix-refusals/external", model_with_external_data("weights.bin"));
  write_temp("fix-refusals/weights.bin", std::string(16, '\0'));
  const std::string other = fresh_dir("fix-refusals-elsewhere") + "/b.onnx";
  expect_refusal({dir + "/external.onnx", "-o", other}, other,
                 "must be written into the same folder");
  // An output folder that does not exist, and a model that does not load.
  expect_refusal({fixture("repeat_channels"), "-o", dir + "/missing/c.onnx"},
                 dir + "/missing/c.onnx", "cannot write there");
  write_temp("fix-refusals/garbage.onnx", "not a model");
  expect_refusal({dir + "/garbage.onnx", "-o", dir + "/d.onnx"}, dir + "/d.onnx", "garbage.onnx");
  // The model itself as the output needs --in-place.
  expect_refusal({fixture("repeat_channels"), "-o", fixture("repeat_channels")}, dir + "/none",
                 "use --in-place");
}

TEST(Fix, DiffWritesNothingAndSetInputShapeMakesAFixPossible) {
  const std::string dir = fresh_dir("fix-diff");
  RunResult diff = run_binary({"fix", fixture("repeat_channels"), "--diff"});
  EXPECT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_NE(
      diff.out.find("would   OL201 node '/Tile' (Tile): Tile -> Unsqueeze + Expand + Reshape"),
      std::string::npos)
      << diff.out;
  EXPECT_NE(diff.out.find("+ Expand /Tile/onnx_lint_fix/Expand_1"), std::string::npos) << diff.out;
  // What goes, as well as what comes: the Tile and the constant only it read.
  EXPECT_NE(diff.out.find("            - Tile /Tile\n"), std::string::npos) << diff.out;
  EXPECT_LT(diff.out.find("- Tile /Tile"), diff.out.find("+ Unsqueeze")) << diff.out;
  EXPECT_TRUE(fs::is_empty(dir));
  // On the demo, each removed node is told under the fix it belongs to.
  RunResult demo =
      run_binary({"fix", "models/demo.onnx", "--diff", "--format", "json"}, ONNX_LINT_SOURCE_DIR);
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  // Parsed into a variable: a range-for over a temporary's member would read a
  // destroyed object.
  const nlohmann::json fixes = nlohmann::json::parse(demo.out)["fixes"];
  for (const auto& f : fixes) {
    ASSERT_FALSE(f["removed"].empty()) << f;
    EXPECT_EQ(f["removed"][0],
              f["op_type"].get<std::string>() + " " + f["node"].get<std::string>());
    if (f["rule"] == "OL101") EXPECT_EQ(f["removed"].size(), 2u) << f;  // Resize and its scales
  }
  write_model("fix-diff/dynamic", parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[N, 2] x) => (float[N, 4] y) {
      r = Constant <value = int64[2] {1, 2}> ()
      y = Tile (x, r)
    })"));
  nlohmann::json j =
      fix_json({dir + "/dynamic.onnx", "-o", dir + "/static.onnx", "--set-input-shape", "x=3x2"});
  ASSERT_EQ(j["fixes"].size(), 1u);
  EXPECT_TRUE(j["fixes"][0]["applied"]);
  Model m = load_fixture_path(dir + "/static.onnx");
  const TensorType* x = m.main().type_of("x");
  ASSERT_NE(x, nullptr);
  ASSERT_EQ(x->dims.size(), 2u);
  EXPECT_EQ(x->dims[0].value, 3);
  EXPECT_EQ(x->dims[1].value, 2);
  for (const Node& n : m.main().nodes) EXPECT_NE(n.op_type, "Tile");
}

TEST(Fix, UnsafeFixesOnlyWhenAskedAndTheyDoWhatTheySay) {
  const std::string dir = fresh_dir("fix-unsafe");
  // Without --unsafe-fixes the random op is left, and the refusal says why.
  RunResult plain = run_binary({"fix", fixture("random_randn_like"), "-o", dir + "/a.onnx"});
  EXPECT_EQ(plain.exit_code, 2);
  EXPECT_NE(plain.err.find("--unsafe-fixes"), std::string::npos) << plain.err;
  // With it, RandomNormalLike(mean=2.5) and RandomUniform(low=1, high=3) become
  // their means: ONNX Runtime must give what constant models of those means give.
  write_model("fix-unsafe/normal", parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2, 3] x) => (float[2, 3] y) { y = RandomNormalLike <mean = 2.5> (x) })"));
  write_model("fix-unsafe/normal_mean", parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2, 3] x) => (float[2, 3] y) {
      zero = Constant <value = float {0.0}> ()
      mean = Constant <value = float {2.5}> ()
      z = Mul (x, zero)
      y = Add (z, mean)
    })"));
  nlohmann::json j =
      fix_json({dir + "/normal.onnx", "-o", dir + "/normal_fixed.onnx", "--unsafe-fixes"});
  ASSERT_EQ(j["fixes"].size(), 1u);
  EXPECT_TRUE(j["fixes"][0]["unsafe"]);
  EXPECT_EQ(j["fixes"][0]["what"], "RandomNormalLike -> its mean 2.5 (no longer random)");
  // A uint8 input read only by Casts becomes int32, and OL301 is gone.
  nlohmann::json in =
      fix_json({fixture("dtype_uint8_input"), "-o", dir + "/int32.onnx", "--unsafe-fixes"});
  ASSERT_EQ(in["fixes"].size(), 1u);
  EXPECT_NE(in["fixes"][0]["what"].get<std::string>().find("callers must now feed int32"),
            std::string::npos);
  EXPECT_TRUE(in["after"].empty()) << in["after"].dump();
  Model m = load_fixture_path(dir + "/int32.onnx");
  EXPECT_EQ(m.main().type_of(m.main().inputs[0])->elem_type, dtype::kInt32);
  EXPECT_EQ(m.checker_error, "");
  if (test_python().empty()) {
    if (std::getenv("ONNX_LINT_REQUIRE_ORT")) FAIL() << "the test venv is missing";
    GTEST_SKIP() << "the test venv is missing (scripts/test_env.sh)";
  }
  // float64 computed in float32: within 1e-5 relative (float32 rounds each op
  // at about 6e-8 relative; a short chain of ops stays well inside 1e-5).
  std::string pairs = "same normal_mean normal_fixed\n";
  for (const char* name :
       {"dtype_float64_cast", "dtype_float64_initializer", "dtype_float64_scripted_scale_factor"}) {
    nlohmann::json f = fix_json({fixture(name), "-o", dir + "/" + name + "_fixed.onnx",
                                 "--unsafe-fixes", "--select", "OL303"});
    for (const auto& fix : f["fixes"]) EXPECT_TRUE(fix["applied"] && fix["unsafe"]) << fix.dump();
    EXPECT_TRUE(f["after"].empty()) << name << ": " << f["after"].dump();
    fs::copy_file(fixture(name), dir + "/" + name + ".onnx");
    pairs += std::string("close ") + name + " " + name + "_fixed 1e-5\n";
  }
  write_temp("fix-unsafe/pairs.txt", pairs);
  RunResult r = run_command(ort_pairs_command(dir, dir + "/pairs.txt"));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

}  // namespace
}  // namespace onnx_lint::test
