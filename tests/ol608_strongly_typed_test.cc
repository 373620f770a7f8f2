// OL608 strongly-typed: under TensorRT 11 a float32 model is told once that it
// builds an FP32 engine; a model already in FP16 or BF16, and every 10.x
// target, hear nothing.
#include <gtest/gtest.h>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

std::vector<Diagnostic> under(const std::string& target, const std::string& text) {
  LintSettings settings;
  settings.target = target;
  return only(lint(load_proto(parse_model(text)), settings), "OL608");
}

constexpr const char* kFloat32 = R"(
  <ir_version: 10, opset_import: ["" : 17]>
  g (float[2, 8] x) => (float[2, 8] y) <float[8] w = {1, 1, 1, 1, 1, 1, 1, 1}> {
    a = Mul (x, w)
    y = Relu (a)
  })";

TEST(StronglyTypedRule, AFloat32ModelIsToldOnce) {
  write_model("ol608_positive", parse_model(kFloat32));
  expect_rule_golden("ol608_positive", "ol608_positive.onnx", temp_dir(),
                     {"--select", "OL608", "--target", "trt-11"});
  auto ds = under("trt-11.0", kFloat32);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kInfo);
  EXPECT_NE(ds[0].message.find("TensorRT 11.0 builds strongly typed networks only"),
            std::string::npos)
      << ds[0].message;
  EXPECT_NE(ds[0].fix.find("`model.half()`"), std::string::npos) << ds[0].fix;
}

TEST(StronglyTypedRule, AHalfModelAndTensorRt10AreSilent) {
  EXPECT_TRUE(under("trt-11.5", R"(
    <ir_version: 10, opset_import: ["" : 17]>
    g (float16[2, 8] x) => (float16[2, 8] y) { y = Relu (x) })")
                  .empty());
  EXPECT_TRUE(under("trt-11.5", R"(
    <ir_version: 10, opset_import: ["" : 17]>
    g (float[2, 8] x) => (float[2, 8] y) { h = Cast <to = 16> (x)  r = Relu (h)  y = Cast <to = 1> (r) })")
                  .empty());
  EXPECT_TRUE(under("trt-10.15", kFloat32).empty());
}

}  // namespace
}  // namespace onnx_lint::test
