// OL607 unsupported-type: a float type the target's matrix does not list for
// the op is a warning, a quantized type outside Q/DQ an error; the fixed idiom
// (a listed type, a Q/DQ pair) is not flagged, and no type is judged under a
// target without type facts.
#include <gtest/gtest.h>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

std::vector<Diagnostic> under(const std::string& target, const std::string& text) {
  LintSettings settings;
  settings.target = target;
  return only(lint(load_proto(parse_model(text)), settings), "OL607");
}

constexpr const char* kBf16NonZero = R"(
  <ir_version: 10, opset_import: ["" : 17]>
  g (bfloat16[8] scores) => (int64[1, 8] keep) { keep = NonZero (scores) })";

TEST(UnsupportedTypeRule, FlagsAFloatTypeTheMatrixDoesNotList) {
  write_model("ol607_positive", parse_model(kBf16NonZero));
  expect_rule_golden("ol607_positive", "ol607_positive.onnx", temp_dir(),
                     {"--select", "OL607", "--target", "trt-10.15"});
  auto ds = under("trt-10.15", kBf16NonZero);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kWarning);
  EXPECT_EQ(ds[0].message,
            "TensorRT 10.15's support matrix lists float32, float16 for NonZero (onnx-tensorrt "
            "docs/operators.md @ 10.15-GA), and its input 'scores' is bfloat16: the parser may "
            "refuse the node, or the build may give it another precision");
  EXPECT_NE(ds[0].fix.find("`x.to(torch.float16)`"), std::string::npos) << ds[0].fix;
}

TEST(UnsupportedTypeRule, AListedTypeIsClean) {
  EXPECT_TRUE(under("trt-10.15", R"(
    <ir_version: 10, opset_import: ["" : 17]>
    g (float16[8] scores) => (int64[1, 8] keep) { keep = NonZero (scores) })")
                  .empty());
  // BOOL is not judged: the importer takes it although the column omits it.
  EXPECT_TRUE(under("trt-10.15", R"(
    <ir_version: 10, opset_import: ["" : 17]>
    g (bool[8] mask) => (int64[1, 8] keep) { keep = NonZero (mask) })")
                  .empty());
}

TEST(UnsupportedTypeRule, AQuantizedTypeOutsideQdqIsAnError) {
  auto ds = under("trt-10.15", R"(
    <ir_version: 10, opset_import: ["" : 17]>
    g (int8[2, 8] x) => (int8[2, 8] y) { y = Relu (x) })");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kError);
  EXPECT_NE(ds[0].message.find("TensorRT 10.15 takes int8 only through quantization"),
            std::string::npos)
      << ds[0].message;
  // The same int8 tensor into a DequantizeLinear is how TensorRT takes it.
  EXPECT_TRUE(under("trt-10.15", R"(
    <ir_version: 10, opset_import: ["" : 17]>
    g (int8[2, 8] x) => (float[2, 8] y) <float s = {0.1}> { y = DequantizeLinear (x, s) })")
                  .empty());
}

TEST(UnsupportedTypeRule, NoTypeFactsNoFinding) {
  EXPECT_TRUE(under("cheatsheet", kBf16NonZero).empty());
  EXPECT_TRUE(under("ort-cuda", kBf16NonZero).empty());
}

}  // namespace
}  // namespace onnx_lint::test
