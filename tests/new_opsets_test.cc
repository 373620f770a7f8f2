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

// Dtypes that only type inference sees (no Cast names them, no value_info
// declares them), at opsets libonnx 1.12 could not infer: each is found, and
// with --infer-types never it is not, so inference is what found it.
TEST(NewOpsets, InferenceFindsDtypeBirthsAtOpsets18To24) {
  struct Case {
    const char* name;
    const char* rule;
    bool only_inference_sees_it;  // no Cast or ConstantOfShape names the dtype
    const char* text;
  };
  const Case cases[] = {
      {"opset18_reduce_of_int16_input", "OL302", false, R"(
    <ir_version: 8, opset_import: ["" : 18]>
    g (float[2, 3] x, int16[2, 3] k) => (float[2, 1] y) {
      a = Constant <value = int64[1] {1}> ()
      s = ReduceMax (k, a)
      y = Cast <to = 1> (s)
    })"},
      {"opset19_quantize_without_zero_point", "OL301", true, R"(
    <ir_version: 9, opset_import: ["" : 19]>
    g (float[2, 3] x) => (float[2, 3] y) {
      s = Constant <value = float {0.5}> ()
      q = QuantizeLinear (x, s)
      y = DequantizeLinear (q, s)
    })"},
      {"opset20_constant_of_shape_uint8", "OL301", false, R"(
    <ir_version: 9, opset_import: ["" : 20]>
    g (float[2, 3] x) => (float[2, 3] y) {
      shape = Shape (x)
      m = ConstantOfShape <value = uint8[1] {1}> (shape)
      f = Cast <to = 1> (m)
      y = Mul (x, f)
    })"},
      {"opset21_quantize_output_dtype_int16", "OL302", true, R"(
    <ir_version: 10, opset_import: ["" : 21]>
    g (float[2, 3] x) => (float[2, 3] y) {
      s = Constant <value = float {0.5}> ()
      q = QuantizeLinear <output_dtype = 5> (x, s)
      y = DequantizeLinear (q, s)
    })"},
      {"opset22_float64_from_constant_of_shape", "OL303", false, R"(
    <ir_version: 10, opset_import: ["" : 22]>
    g (float[2, 3] x) => (float[2, 3] y) {
      shape = Shape (x)
      d = ConstantOfShape <value = double[1] {1.0}> (shape)
      r = Sqrt (d)
      f = Cast <to = 1> (r)
      y = Mul (x, f)
    })"},
      {"opset24_int16_in_if_branch", "OL302", false, R"(
    <ir_version: 11, opset_import: ["" : 24]>
    g (float[2, 3] x, bool c) => (float[2, 3] y) {
      y = If (c) <
        then_branch = t () => (float[2, 3] a) {
          k = Cast <to = 5> (x)
          m = Abs (k)
          a = Cast <to = 1> (m)
        },
        else_branch = e () => (float[2, 3] b) { b = Identity (x) }>
    })"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    expect_findings(c.name, c.text, c.rule);
    RunResult never = run_binary(
        {"--isolated", "--infer-types", "never", "--select", c.rule, std::string(c.name) + ".onnx"},
        temp_dir());
    if (c.only_inference_sees_it) EXPECT_EQ(never.out.find(c.rule), std::string::npos) << never.out;
  }
}

// torch's dynamo exporter wraps modules in model-local functions: a float64
// born inside one is found in its body, and the call's output is typed from
// the body instantiated with the caller's input types.
TEST(NewOpsets, CastInsideAModelLocalFunctionAtOpset18) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 10, opset_import: ["" : 18, "pkg.torch" : 1]>
    g (float[2, 3] x) => (float[2, 3] y) { y = pkg.torch.Scale (x) })");
  onnx::FunctionProto* fn = p.add_functions();
  fn->set_domain("pkg.torch");
  fn->set_name("Scale");
  fn->add_input("a");
  fn->add_output("b");
  auto* opset = fn->add_opset_import();
  opset->set_domain("");
  opset->set_version(18);
  onnx::NodeProto* up = fn->add_node();
  up->set_op_type("Cast");
  up->add_input("a");
  up->add_output("d");
  auto* to = up->add_attribute();
  to->set_name("to");
  to->set_type(onnx::AttributeProto::INT);
  to->set_i(onnx::TensorProto::DOUBLE);
  onnx::NodeProto* twice = fn->add_node();
  twice->set_op_type("Add");
  twice->add_input("d");
  twice->add_input("d");
  twice->add_output("e");
  onnx::NodeProto* down = fn->add_node();
  down->set_op_type("Cast");
  down->add_input("e");
  down->add_output("b");
  *down->add_attribute() = *to;
  down->mutable_attribute(0)->set_i(onnx::TensorProto::FLOAT);
  Model m = load_proto(p);
  EXPECT_EQ(m.checker_error, "");
  const auto found = only(lint(m), "OL303");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].op_type, "Cast");
  const Graph* body = nullptr;
  for (const Graph& g : m.graphs)
    if (g.kind == GraphKind::kFunction) body = &g;
  ASSERT_NE(body, nullptr);
  const TensorType* e = body->type_of("e");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->elem_type, dtype::kDouble);
  ASSERT_TRUE(e->has_shape) << "the body is instantiated with the call's [2, 3]";
  EXPECT_EQ(e->dims.size(), 2u);
}

}  // namespace
}  // namespace onnx_lint::test
