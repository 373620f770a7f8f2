// The TensorRT releases told apart: the same small models linted under 10.1,
// 10.8, 10.13, 10.15, 11.0 and 11.5 get what each release's data says
// (targets/tensorrt_matrix.toml, generated from onnx-tensorrt's operators.md at
// each release's commit; 11.5 from targets/tensorrt_release_notes.toml).
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "engine/targets.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace {

// The codes of what a release supports (OL601-OL603, OL607); OL608, said once
// for every float32 model under 11.x, only when the row is about typing.
std::set<std::string> target_codes(const std::string& model_text, const std::string& target,
                                   bool typing) {
  LintSettings settings;
  settings.target = target;
  std::set<std::string> got;
  for (const Diagnostic& d : lint(load_proto(parse_model(model_text)), settings))
    if (d.rule == "OL601" || d.rule == "OL602" || d.rule == "OL603" || d.rule == "OL607" ||
        (typing && d.rule == "OL608"))
      got.insert(d.rule);
  return got;
}

std::string model(int opset, const std::string& graph) {
  return "<ir_version: 10, opset_import: [\"\" : " + std::to_string(opset) +
         ", \"trt.plugins\" : 1]>\n" + graph;
}

struct Row {
  std::string what, text;
  std::map<std::string, std::set<std::string>> want;  // target -> OL6xx codes
  bool typing = false;
};

const std::set<std::string> kNone;

std::vector<Row> rows() {
  return {
      {"Slice whose axes come from the model's inputs (fine from 10.3: Changelog)",
       model(17, R"(g (float[4, 8] x, int64[1] axes) => (float[4, 2] y)
                    <int64[1] s = {0}, int64[1] e = {2}> { y = Slice (x, s, e, axes) })"),
       {{"trt-10.1", {"OL603"}}, {"trt-10.8", kNone}, {"trt-10.15", kNone}, {"trt-11.5", kNone}}},
      {"Pad whose axes come from the model's inputs (fine from 10.4)",
       model(18, R"(g (float[4, 8] x, int64[1] axes) => (float[4, 10] y)
                    <int64[2] p = {1, 1}> { y = Pad (x, p, , axes) })"),
       {{"trt-10.1", {"OL603"}}, {"trt-10.8", kNone}, {"trt-11.5", kNone}}},
      {"Squeeze whose axes fold to a constant (fine from 10.8)",
       model(17, R"(g (float[4, 1] x) => (float[4] y)
                    <int64[1] a = {1}> { axes = Identity (a) y = Squeeze (x, axes) })"),
       {{"trt-10.1", {"OL603"}},
        {"trt-10.6", {"OL603"}},
        {"trt-10.8", kNone},
        {"trt-10.15", kNone},
        {"trt-11.0", kNone}}},
      {"Squeeze whose axes come from the model's inputs (never)",
       model(17, R"(g (float[4, 1] x, int64[1] axes) => (float[4] y) { y = Squeeze (x, axes) })"),
       {{"trt-10.1", {"OL603"}}, {"trt-10.8", {"OL603"}}, {"trt-11.5", {"OL603"}}}},
      {"Attention on 4-D tensors (10.14+; opset 23 is past 10.8's window)",
       model(23, R"(g (float[1, 2, 4, 8] q) => (float[1, 2, 4, 8] y) { y = Attention (q, q, q) })"),
       {{"trt-10.1", {"OL602"}},
        {"trt-10.8", {"OL602"}},
        {"trt-10.13", {"OL601"}},
        {"trt-10.15", kNone},
        {"trt-11.0", kNone},
        {"trt-11.5", kNone}}},
      {"Attention on 3-D tensors (its 4-D restriction)",
       model(23, R"(g (float[1, 4, 8] q) => (float[1, 4, 8] y) { y = Attention (q, q, q) })"),
       {{"trt-10.15", {"OL603"}}, {"trt-11.5", {"OL603"}}}},
      {"RMSNormalization (10.15+)",
       model(23,
             R"(g (float[2, 8] x, float[8] s) => (float[2, 8] y) { y = RMSNormalization (x, s) })"),
       {{"trt-10.13", {"OL601"}}, {"trt-10.15", kNone}, {"trt-11.0", kNone}}},
      {"RotaryEmbedding with int64 position ids (10.15+)",
       model(23, R"(g (float[1, 2, 4, 8] x, float[16, 4] c, float[16, 4] s, int64[1, 4] p)
                    => (float[1, 2, 4, 8] y) { y = RotaryEmbedding (x, c, s, p) })"),
       {{"trt-10.13", {"OL601"}}, {"trt-10.15", kNone}}},
      {"TensorScatter (10.15+; opset 24)",
       model(24, R"(g (float[1, 2, 16, 8] c, float[1, 2, 1, 8] u) => (float[1, 2, 16, 8] y)
                    { y = TensorScatter (c, u) })"),
       {{"trt-10.13", {"OL602"}}, {"trt-10.15", kNone}, {"trt-11.5", kNone}}},
      {"Swish (11.0+)",
       model(24, R"(g (float[2, 8] x) => (float[2, 8] y) { y = Swish (x) })"),
       {{"trt-10.15", {"OL601"}}, {"trt-11.0", kNone}, {"trt-11.5", kNone}}},
      {"an opset-25 model (11.5 only)",
       model(25, R"(g (float[2, 8] x) => (float[2, 8] y) { y = Relu (x) })"),
       {{"trt-10.15", {"OL602"}}, {"trt-11.0", {"OL602"}}, {"trt-11.5", kNone}}},
      {"BF16 into NonZero (no matrix lists it)",
       model(17, R"(g (bfloat16[8] x) => (int64[1, 8] y) { y = NonZero (x) })"),
       {{"trt-10.1", {"OL607"}},
        {"trt-10.8", {"OL607"}},
        {"trt-10.15", {"OL607"}},
        {"trt-11.0", {"OL607"}},
        {"trt-11.5", {"OL607"}}}},
      {"FP16 into NonZero (listed)",
       model(17, R"(g (float16[8] x) => (int64[1, 8] y) { y = NonZero (x) })"),
       {{"trt-10.1", kNone}, {"trt-11.5", kNone}}},
      {"FP16 into STFT (FP32 only)",
       model(17, R"(g (float16[1, 64, 1] x) => (float16[1, 15, 5, 2] y)
                    <int64 step = {4}> { y = STFT (x, step, , ) })"),
       {{"trt-10.6", {"OL607"}}, {"trt-11.5", {"OL607"}}}},
      {"DFT (11.2+)",
       model(20, R"(g (float[1, 16, 1] x) => (float[1, 16, 2] y) { y = DFT (x) })"),
       {{"trt-10.15", {"OL601"}}, {"trt-11.0", {"OL601"}}, {"trt-11.5", kNone}}},
      {"5-D GridSample (11.2+)",
       model(20,
             R"(g (float[1, 3, 4, 8, 8] x, float[1, 4, 8, 8, 3] grid) => (float[1, 3, 4, 8, 8] y)
                    { y = GridSample (x, grid) })"),
       {{"trt-10.15", {"OL603"}}, {"trt-11.0", {"OL603"}}, {"trt-11.5", kNone}}},
      {"Squeeze without axes over a dynamic batch (11.5+)",
       model(17, R"(g (float[batch, 1, 8] x) => (float[batch, 8] y) { y = Squeeze (x) })"),
       {{"trt-10.1", {"OL603"}}, {"trt-11.0", {"OL603"}}, {"trt-11.5", kNone}}},
      {"a plugin TensorRT 11.0 removed",
       model(
           17,
           R"(g (float[2, 8] x) => (float[2, 8] y) { y = trt.plugins.CustomGeluPluginDynamic (x) })"),
       {{"trt-10.15", kNone}, {"trt-11.0", {"OL601"}}, {"trt-11.5", {"OL601"}}}},
      {"a float32 model (strongly typed 11.x builds it in FP32)",
       model(17, R"(g (float[2, 8] x) => (float[2, 8] y) { y = Relu (x) })"),
       {{"trt-10.15", kNone}, {"trt-11.0", {"OL608"}}, {"trt-11.5", {"OL608"}}},
       true},
      {"a float16 model (its types are its precisions)",
       model(17, R"(g (float16[2, 8] x) => (float16[2, 8] y) { y = Relu (x) })"),
       {{"trt-11.0", kNone}, {"trt-11.5", kNone}},
       true},
  };
}

TEST(TargetReleases, EachReleaseGetsWhatItsDataSays) {
  for (const Row& row : rows())
    for (const auto& [target, want] : row.want)
      EXPECT_EQ(target_codes(row.text, target, row.typing), want)
          << row.what << " under " << target;
}

TEST(TargetReleases, FindingsNameTheReleaseAndItsDocument) {
  LintSettings settings;
  settings.target = "trt-10.15";
  auto ds = only(
      lint(load_proto(parse_model(model(
               23, R"(g (float[1, 4, 8] q) => (float[1, 4, 8] y) { y = Attention (q, q, q) })"))),
           settings),
      "OL603");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].message,
            "TensorRT 10.15: Attention's Q, K, V and attn_mask must be 4-D ([batch, heads, "
            "sequence, head size]) (onnx-tensorrt docs/operators.md @ 10.15-GA), and its Q has "
            "rank 3 (the [batch, sequence, hidden] form)");
  settings.target = "trt-11.5";
  auto grid = only(lint(load_proto(parse_model(model(
                            20, R"(g (float[1, 3, 8] x, float[1, 8, 1] grid) => (float[1, 3, 8] y)
                                   { y = GridSample (x, grid) })"))),
                        settings),
                   "OL603");
  ASSERT_EQ(grid.size(), 1u);
  // A change the release notes made cites the note, not the matrix.
  EXPECT_NE(grid[0].message.find("TensorRT 11.5: GridSample's input must be 4-D or 5-D (TensorRT "
                                 "11.2.1 release notes, GridSample 3D support)"),
            std::string::npos)
      << grid[0].message;
}

TEST(TargetReleases, AliasesNameTheNewestOfEachMajor) {
  EXPECT_EQ(find_target("trt-10")->name, "trt-10.15");
  EXPECT_EQ(find_target("trt-11")->name, "trt-11.5");
  const Target& t11 = *find_target("trt-11.5");
  EXPECT_EQ(t11.min_opset, 9);
  EXPECT_EQ(t11.max_opset, 25);
  EXPECT_TRUE(t11.strongly_typed);
  EXPECT_FALSE(t11.unsupported.count("DFT"));
  EXPECT_TRUE(find_target("trt-11.0")->unsupported.count("DFT"));
}

}  // namespace
}  // namespace onnx_lint::test
