// ONNX Runtime 1.31 (CPU, in the pinned test venv) as a second oracle of
// onnx-lint's type and shape inference at opsets 18-24, beside onnx 1.23's.
// Each model is copied with every node output of its main graph made a graph
// output, run on zero inputs (tests/python/ort_oracle.py types), and every tensor ONNX
// Runtime returns is compared: onnx-lint's element type, where it gives one,
// must be ONNX Runtime's, and so must its static shape. Coverage is counted
// and printed; the models are hand-built for the ops opsets 18-24 added or
// changed, plus the real exports in ../shared/models/external when present.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "test_util.h"

namespace onnx_lint::test {
namespace fs = std::filesystem;
namespace {

struct Case {
  const char* name;
  const char* text;
};

// One model per op form; inputs are zeros, so no model divides by them or
// takes a size from them.
const Case kCases[] = {
    {"resize18_axes", R"(<ir_version: 8, opset_import: ["" : 18]>
      g (float[1, 2, 4, 6] x) => (float[1, 2, 8, 3] y) {
        s = Constant <value = float[2] {2.0, 0.5}> ()
        y = Resize <mode = "linear", axes = [2, 3]> (x, , s) })"},
    {"resize19_sizes", R"(<ir_version: 9, opset_import: ["" : 19]>
      g (float[1, 2, 4, 6] x) => (float[1, 2, 5, 7] y) {
        z = Constant <value = int64[4] {1, 2, 5, 7}> ()
        y = Resize <mode = "nearest", coordinate_transformation_mode = "half_pixel_symmetric"> (x, , , z) })"},
    {"split18_num_outputs", R"(<ir_version: 8, opset_import: ["" : 18]>
      g (float[7, 2] x) => (float[3, 2] a, float[3, 2] b, float[1, 2] c) {
        a, b, c = Split <axis = 0, num_outputs = 3> (x) })"},
    {"pad18_axes", R"(<ir_version: 8, opset_import: ["" : 18]>
      g (float[2, 3, 4] x) => (float[2, 6, 4] y) {
        p = Constant <value = int64[2] {1, 2}> ()
        a = Constant <value = int64[1] {1}> ()
        y = Pad (x, p, , a) })"},
    {"reduce18_axes_input", R"(<ir_version: 8, opset_import: ["" : 18]>
      g (float[2, 3, 4] x) => (float[2, 1, 4] y, float[2, 4] z, int32[] w) {
        a = Constant <value = int64[1] {1}> ()
        y = ReduceMean (x, a)
        z = ReduceMax <keepdims = 0> (x, a)
        k = Cast <to = 6> (x)
        w = ReduceSum <keepdims = 0> (k) })"},
    {"bitwise18_mish", R"(<ir_version: 8, opset_import: ["" : 18]>
      g (int32[2, 3] x, float[2, 3] f) => (int32[2, 3] y, float[2, 3] m) {
        n = BitwiseNot (x)
        y = BitwiseAnd (n, x)
        m = Mish (f) })"},
    {"quantize19_21", R"(<ir_version: 10, opset_import: ["" : 21]>
      g (float[2, 3] x) => (float[2, 3] y, float[2, 3] z) {
        s = Constant <value = float {0.5}> ()
        q = QuantizeLinear (x, s)
        y = DequantizeLinear (q, s)
        r = QuantizeLinear <output_dtype = 3> (x, s)
        z = DequantizeLinear (r, s) })"},
    {"constant_of_shape20_castlike19", R"(<ir_version: 9, opset_import: ["" : 20]>
      g (float[2, 3] x) => (float[2, 3] y) {
        shape = Shape (x)
        m = ConstantOfShape <value = int32[1] {1}> (shape)
        c = CastLike (m, x)
        y = Add (x, c) })"},
    {"gelu20_isnan", R"(<ir_version: 9, opset_import: ["" : 20]>
      g (float[2, 3] x) => (float[2, 3] y, bool[2, 3] b) {
        y = Gelu <approximate = "tanh"> (x)
        b = IsNaN (y) })"},
    {"avgpool19_dilations", R"(<ir_version: 9, opset_import: ["" : 19]>
      g (float[1, 1, 9, 9] x) => (float[1, 1, 5, 5] y) {
        y = AveragePool <kernel_shape = [3, 3], dilations = [2, 2]> (x) })"},
    {"shape21_layout_ops", R"(<ir_version: 10, opset_import: ["" : 21]>
      g (float[2, 3, 4] x) => (float[4, 3, 2] t, float[6, 4] r, float[1, 2, 3, 4] u, float[2, 12] f) {
        t = Transpose (x)
        s = Constant <value = int64[2] {6, 4}> ()
        r = Reshape (x, s)
        a = Constant <value = int64[1] {0}> ()
        u = Unsqueeze (x, a)
        f = Flatten (x) })"},
    {"group_norm21", R"(<ir_version: 10, opset_import: ["" : 21]>
      g (float[1, 4, 3, 3] x) => (float[1, 4, 3, 3] y) {
        s = Constant <value = float[4] {1.0, 1.0, 1.0, 1.0}> ()
        b = Constant <value = float[4] {0.0, 0.0, 0.0, 0.0}> ()
        y = GroupNormalization <num_groups = 2> (x, s, b) })"},
    {"cast24_topk24", R"(<ir_version: 11, opset_import: ["" : 24]>
      g (float[2, 5] x) => (int16[2, 5] c, float[2, 2] v, int64[2, 2] i) {
        c = Cast <to = 5> (x)
        k = Constant <value = int64[1] {2}> ()
        v, i = TopK (x, k) })"},
    {"shape_arithmetic22", R"(<ir_version: 10, opset_import: ["" : 22]>
      g (float[2, 3, 4] x) => (float[2, 12] y) {
        s = Shape (x)
        i = Constant <value = int64[1] {0}> ()
        n = Gather (s, i)
        m = Constant <value = int64[1] {-1}> ()
        t = Concat <axis = 0> (n, m)
        y = Reshape (x, t) })"},
};

// Every node output of the main graph becomes a graph output too, and no
// output or value_info keeps a declared type: both sides infer them all (a
// file's declaration can be wrong: one of the real files declares a Resize
// output ONNX Runtime computes otherwise).
void expose_intermediates(onnx::ModelProto& p) {
  std::set<std::string> outputs;
  p.mutable_graph()->clear_value_info();
  for (auto& o : *p.mutable_graph()->mutable_output()) {
    o.clear_type();
    outputs.insert(o.name());
  }
  for (const auto& n : p.graph().node())
    for (const auto& o : n.output())
      if (!o.empty() && outputs.insert(o).second) p.mutable_graph()->add_output()->set_name(o);
}

TEST(InferenceOracle, OnnxRuntimeAgreesAtOpsets18To24) {
  const std::string python = test_python();
  if (python.empty()) {
    if (std::getenv("ONNX_LINT_REQUIRE_ORT")) FAIL() << "the test venv is missing";
    GTEST_SKIP() << "the test venv is missing (scripts/test_env.sh)";
  }
  const std::string dir = fresh_dir("ort_types");
  std::vector<std::string> argv{python, source_path("tests/python/ort_oracle.py"), "types"};
  for (const Case& c : kCases) {
    onnx::ModelProto p = parse_model(c.text);
    expose_intermediates(p);
    argv.push_back(write_model(std::string("ort_types/") + c.name, p));
  }
  const std::string external = source_path("../shared/models/external");
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(external, ec)) {
    if (e.path().extension() != ".onnx") continue;
    onnx::ModelProto p;
    if (!p.ParseFromString(read_file(e.path().string()))) continue;
    expose_intermediates(p);
    std::string bytes;
    p.SerializeToString(&bytes);
    argv.push_back(write_temp("ort_types/" + e.path().filename().string(), bytes));
  }
  RunResult r = run_command(argv, "", 300);
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  size_t models = 0, tensors = 0, typed = 0, shaped = 0, runtime_refused = 0;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json j = nlohmann::json::parse(line);
    const std::string path = j["model"];
    if (j.contains("error")) {
      ++runtime_refused;
      // The hand-built models are all valid; a real file ONNX Runtime cannot run is skipped.
      EXPECT_EQ(path.find(external), std::string::npos) << path << ": " << j["error"];
      std::cout << "[ort] not run: " << fs::path(path).filename() << ": " << j["error"] << "\n";
      continue;
    }
    ++models;
    LoadResult ours = read_model(path);
    ASSERT_TRUE(ours.model) << ours.error;
    EXPECT_EQ(ours.model->checker_error, "") << path;
    const Graph& g = ours.model->main();
    for (const auto& [name, truth] : j["outputs"].items()) {
      ++tensors;
      const TensorType* t = g.type_of(name);
      // The copy declares no output types, so everything here is inferred (or an input's).
      if (!t || t->elem_type == dtype::kUndefined) continue;
      ++typed;
      EXPECT_EQ(dtype::name(t->elem_type), truth["type"].get<std::string>()) << path << " " << name;
      std::vector<int64_t> dims;
      bool is_static = t->has_shape;
      for (const Dim& d : t->dims) {
        is_static = is_static && d.is_static();
        dims.push_back(d.value);
      }
      if (!is_static) continue;
      ++shaped;
      EXPECT_EQ(dims, truth["dims"].get<std::vector<int64_t>>()) << path << " " << name;
    }
  }
  std::cout << "[ort] " << models << " models run, " << tensors << " tensors: onnx-lint typed "
            << typed << " (all agreeing unless a failure is listed above), gave a static shape "
            << "for " << shaped << "; " << runtime_refused << " models ONNX Runtime did not run\n";
  EXPECT_GE(models, std::size(kCases));
  EXPECT_GE(100 * typed, 99 * tensors) << "element type coverage";
}

}  // namespace
}  // namespace onnx_lint::test
