// The forms opsets 16-24 added, in every rule and analysis that reads them,
// each pinned by its exact findings (tests/golden/rules/opset*.txt) or by the
// absence of one: Resize-18/19 antialias, axes and keep_aspect_ratio_policy;
// Reduce-18 axes as an input; Split-18 num_outputs; Pad-18 axes;
// ScatterND-16/18 reduction; dtypes and random ops at opsets 21-24.
#include <gtest/gtest.h>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

void expect_findings(const std::string& name, const std::string& text, const std::string& rules) {
  write_model(name, parse_model(text));
  expect_rule_golden(name, name + ".onnx", temp_dir(), {"--select", rules});
}

TEST(NewOpsets, Resize18AntialiasAxesAndAspectRatio) {
  expect_findings("opset18_resize_antialias", R"(
    <ir_version: 8, opset_import: ["" : 18]>
    g (float[1, 3, 8, 8] x) => (float[1, 3, 4, 4] y) {
      s = Constant <value = float[4] {1.0, 1.0, 0.5, 0.5}> ()
      y = Resize <mode = "linear", antialias = 1> (x, , s)
    })",
                  "OL101");
  expect_findings("opset18_resize_axes", R"(
    <ir_version: 8, opset_import: ["" : 18]>
    g (float[1, 3, 8, 8] x) => (float[1, 3, 16, 16] y) {
      s = Constant <value = float[2] {2.0, 2.0}> ()
      y = Resize <mode = "nearest", axes = [2, 3]> (x, , s)
    })",
                  "OL102");
  expect_findings("opset19_resize_keep_aspect_ratio", R"(
    <ir_version: 9, opset_import: ["" : 19]>
    g (float[1, 3, 8, 6] x) => (float[1, 3, 16, 12] y) {
      z = Constant <value = int64[2] {16, 16}> ()
      y = Resize <mode = "cubic", axes = [-2, -1], keep_aspect_ratio_policy = "not_larger",
                  coordinate_transformation_mode = "half_pixel_symmetric"> (x, , , z)
    })",
                  "OL101");
}

TEST(NewOpsets, ScatterNDReductionIsAnAccumulatingWrite) {
  expect_findings("opset16_scatternd_add", R"(
    <ir_version: 8, opset_import: ["" : 16]>
    g (float[4, 3] x, float[2, 3] v) => (float[4, 3] y) {
      i = Constant <value = int64[2, 1] {1, 1}> ()
      y = ScatterND <reduction = "add"> (x, i, v)
    })",
                  "OL202");
  expect_findings("opset18_scatternd_max", R"(
    <ir_version: 8, opset_import: ["" : 18]>
    g (float[4, 3] x, float[2, 3] v) => (float[4, 3] y) {
      i = Constant <value = int64[2, 1] {0, 2}> ()
      y = ScatterND <reduction = "max"> (x, i, v)
    })",
                  "OL202");
}

// Inputs that became shape-deciding in opset 18 make a shape dynamic when
// data feeds them, and only then.
TEST(NewOpsets, Reduce18AxesPad18AxesAndSplit18NumOutputs) {
  expect_findings("opset18_reduce_axes_from_data", R"(
    <ir_version: 8, opset_import: ["" : 18]>
    g (float[2, 3, 4] x, int64[1] a) => (float[M] y) { y = ReduceMax <keepdims = 0> (x, a) })",
                  "OL401");
  expect_findings("opset18_pad_axes_from_data", R"(
    <ir_version: 8, opset_import: ["" : 18]>
    g (float[2, 3] x, int64[1] a) => (float[M, N] y) {
      p = Constant <value = int64[2] {1, 1}> ()
      y = Pad (x, p, , a)
    })",
                  "OL401");
  for (const char* clean : {
           R"(<ir_version: 8, opset_import: ["" : 18]>
              g (float[2, 3, 4] x) => (float[2, 4] y) {
                a = Constant <value = int64[1] {1}> ()
                y = ReduceMean <keepdims = 0> (x, a)
              })",
           R"(<ir_version: 8, opset_import: ["" : 18]>
              g (float[2, 6] x) => (float[2, 3] y, float[2, 3] z) {
                y, z = Split <axis = 1, num_outputs = 2> (x)
              })",
       }) {
    EXPECT_TRUE(only(lint(load_proto(parse_model(clean))), "OL401").empty()) << clean;
  }
}

TEST(NewOpsets, DtypesAndRandomOpsAtOpsets21To24) {
  expect_findings("opset21_cast_uint8", R"(
    <ir_version: 10, opset_import: ["" : 21]>
    g (float[2, 3] x) => (float[2, 3] y) {
      q = Cast <to = 2> (x)
      y = Cast <to = 1> (q)
    })",
                  "OL301");
  expect_findings("opset22_random_normal_like", R"(
    <ir_version: 10, opset_import: ["" : 22]>
    g (float[2, 3] x) => (float[2, 3] y) { y = RandomNormalLike (x) })",
                  "OL501");
  expect_findings("opset24_tile", R"(
    <ir_version: 11, opset_import: ["" : 24]>
    g (float[1, 3] x) => (float[2, 3] y) {
      r = Constant <value = int64[2] {2, 1}> ()
      y = Tile (x, r)
    })",
                  "OL201");
}

}  // namespace
}  // namespace onnx_lint::test
