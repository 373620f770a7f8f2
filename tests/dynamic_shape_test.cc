// OL401 / OL402 on real exports and on exact graphs.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "analysis/shape_flow.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace {

struct Positive {
  const char* fixture;
  const char* op_type;  // the root-cause node
  const char* in_message;
};

std::ostream& operator<<(std::ostream& os, const Positive& p) { return os << p.fixture; }

class DynamicPositive : public ::testing::TestWithParam<Positive> {};

TEST_P(DynamicPositive, OneFindingAtTheRootCause) {
  const Positive& p = GetParam();
  auto ds = only(lint(load_fixture(p.fixture)), "OL401");
  ASSERT_EQ(ds.size(), 1u) << p.fixture;
  EXPECT_EQ(ds[0].op_type, p.op_type);
  EXPECT_NE(ds[0].message.find(p.in_message), std::string::npos) << ds[0].message;
  EXPECT_NE(ds[0].fix.find("ORT_ONNX_BACKEND_EXCLUDE_PROVIDERS=TensorrtExecutionProvider"),
            std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(
    RealExports, DynamicPositive,
    ::testing::Values(Positive{"dynamic_mask_select", "NonZero", "3 downstream nodes"},
                      Positive{"dynamic_nonzero", "NonZero", "`torch.nonzero`"},
                      Positive{"dynamic_view_from_data", "Reshape", "shape input"},
                      Positive{"dynamic_topk_tensor_k", "TopK", "k"},
                      Positive{"dynamic_arange_from_data", "Range", "limit input"}));

// The cheatsheet's own example, `new[mask] = torch.zeros_like(new[mask])`:
// torch exports a NonZero for the read and one for the write, and each gets
// its own finding and fix (the second one's is the masked write's).
// The CUDA fallback works the way the user runs the model: the environment
// variable only for onnxruntime.backend, providers= for an InferenceSession.
TEST(DynamicShape, TheFallbackAdviceFitsBothWaysOfRunningOnnxRuntime) {
  auto ds = only(lint(load_fixture("dynamic_nonzero")), "OL401");
  ASSERT_FALSE(ds.empty());
  for (const Diagnostic& d : ds) {
    EXPECT_NE(d.fix.find("through `onnxruntime.backend` (the team's deploy path) set "
                         "ORT_ONNX_BACKEND_EXCLUDE_PROVIDERS=TensorrtExecutionProvider"),
              std::string::npos)
        << d.fix;
    EXPECT_NE(d.fix.find("an `InferenceSession` ignores that variable: pass it `providers=["),
              std::string::npos)
        << d.fix;
  }
}

TEST(DynamicShape, TheCheatsheetIndexResetHasAFindingPerNonZero) {
  auto ds = only(lint(load_fixture("dynamic_cheatsheet_index_reset")), "OL401");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].node, "/NonZero");
  EXPECT_EQ(ds[1].node, "/NonZero_1");
  EXPECT_NE(ds[1].fix.find("only locates the masked write at ScatterND '/ScatterND'"),
            std::string::npos)
      << ds[1].fix;
}

// Every op whose output size the data decides is its own finding, even
// downstream of another: each is a line of PyTorch to change. The real
// torchvision detectors (torch 2.14's TorchScript exporter, opset 17; the
// dynamo exporter refuses both), counted by hand with onnx.load and a walk of
// every graph:
//   Faster R-CNN MobileNetV3-320: 1,573 nodes; NonZero in rpn (2),
//     roi_heads.box_roi_pool (2) and roi_heads (2); NonMaxSuppression in the
//     else-branches of If_1559 and If_1970 (2): 8 findings.
//   SSDlite320 MobileNetV3: 3,531 nodes; NonZero 180 (two per class for the
//     90 classes: the score filter and the top-k candidates), one
//     NonMaxSuppression in If_4408's else-branch: 181 findings.
void expect_a_finding_per_data_sized_op(const std::string& fixture, size_t nonzero, size_t nms) {
  const Model m = load_fixture_path(source_path("models/fixtures/" + fixture + ".onnx"));
  std::set<std::string> want;
  size_t seen_nonzero = 0, seen_nms = 0;
  for (const Graph& g : m.graphs)
    for (const Node& n : g.nodes)
      if (n.op_type == "NonZero" || n.op_type == "NonMaxSuppression") {
        want.insert(std::string(n.name));
        (n.op_type == "NonZero" ? seen_nonzero : seen_nms)++;
      }
  EXPECT_EQ(seen_nonzero, nonzero) << "the hand count is off";
  EXPECT_EQ(seen_nms, nms) << "the hand count is off";
  std::set<std::string> got;
  int downstream = 0;
  for (const Diagnostic& d : only(lint(m), "OL401")) {
    got.insert(d.node.value_or(""));
    EXPECT_TRUE(d.op_type == "NonZero" || d.op_type == "NonMaxSuppression") << d.node.value_or("");
    const size_t at = d.message.find("it makes ");
    if (at != std::string::npos) downstream += std::stoi(d.message.substr(at + 9));
  }
  EXPECT_EQ(got, want);
  // Counted once each: the sum is at most the graph's node count.
  EXPECT_LE(downstream, static_cast<int>(m.node_count()));
}

TEST(DynamicShape, EveryDataSizedOpOfTheRealFasterRcnnIsItsOwnFinding) {
  expect_a_finding_per_data_sized_op("torchscript/fasterrcnn_mobilenet_v3_large_320_fpn", 6, 2);
}

TEST(DynamicShape, EveryDataSizedOpOfTheRealSsdliteIsItsOwnFinding) {
  expect_a_finding_per_data_sized_op("torchscript/ssdlite320_mobilenet_v3_large", 180, 1);
}

TEST(DynamicShape, CheatsheetWhereRewriteIsClean) {
  auto ds = lint(load_fixture("dynamic_fixed_cheatsheet_where"));
  EXPECT_TRUE(only(ds, "OL401").empty());
}

TEST(DynamicShape, ViewFromShapeIsCleanAndOnlyTheDynamicInputIsReported) {
  auto ds = lint(load_fixture("dynamic_fixed_view_from_shape"));
  EXPECT_TRUE(only(ds, "OL401").empty());
  EXPECT_EQ(only(ds, "OL402").size(), 1u);
}

TEST(DynamicShape, DynamicBatchClassifierGetsOnlyOL402) {
  auto ds = lint(load_fixture("classifier_dynamic_batch"));
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].rule, "OL402");
  EXPECT_EQ(ds[0].severity, Severity::kInfo);
  EXPECT_EQ(ds[0].tensor, "image");
  EXPECT_NE(ds[0].message.find("dim 0 'batch'"), std::string::npos) << ds[0].message;
  EXPECT_NE(ds[0].fix.find(
                "--minShapes=image:1x3x8x8 --optShapes=image:8x3x8x8 --maxShapes=image:32x3x8x8"),
            std::string::npos)
      << ds[0].fix;
}

TEST(DynamicShape, NoFindingOnAnyStaticFixture) {
  for (const char* name :
       {"classifier_opset12", "resize_bilinear2d_opset12", "repeat_channels", "assign_slice",
        "assign_row", "dtype_uint8_input", "random_rsample", "lraspp_mobilenet_v3_small_width"}) {
    auto ds = lint(load_fixture(name));
    EXPECT_TRUE(only(ds, "OL401").empty()) << name << ": " << only(ds, "OL401")[0].message;
    EXPECT_TRUE(only(ds, "OL402").empty()) << name;
  }
}

constexpr const char* kReshapeHeader = R"(
  <ir_version: 8, opset_import: ["" : 13]>
  g (float[N, 4, 6] x) => (float[N, 24] y) {
)";

TEST(DynamicShape, ReshapeFedByShapeArithmeticIsClean) {
  Model m = load_proto(parse_model(std::string(kReshapeHeader) + R"(
      s = Shape (x)
      i0 = Constant <value = int64[1] {0}> ()
      b = Gather <axis = 0> (s, i0)
      minus1 = Constant <value = int64[1] {-1}> ()
      shape = Concat <axis = 0> (b, minus1)
      y = Reshape (x, shape)
    }
  )"));
  EXPECT_TRUE(find_dynamic_shape_roots(m).empty());
}

TEST(DynamicShape, TheSameReshapeFedByAReduceMaxOfTheDataFires) {
  Model m = load_proto(parse_model(std::string(kReshapeHeader) + R"(
      mx = ReduceMax <keepdims = 0> (x)
      n = Cast <to = 7> (mx)
      one = Constant <value = int64[1] {1}> ()
      n1 = Reshape (n, one)
      minus1 = Constant <value = int64[1] {-1}> ()
      shape = Concat <axis = 0> (n1, minus1)
      r = Reshape (x, shape)
      y = Relu (r)
    }
  )"));
  auto ds = only(lint(m), "OL401");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].node, "#6");
  EXPECT_EQ(ds[0].op_type, "Reshape");
  EXPECT_EQ(ds[0].tensor, "shape");
  EXPECT_NE(
      ds[0].message.find("it makes 1 downstream node data-dependent that no earlier root did"),
      std::string::npos)
      << ds[0].message;
}

TEST(DynamicShape, LoopTripCountFromData) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[4] x) => (float[4] last, float[K, 4] stacked) {
      mx = ReduceMax <keepdims = 0> (x)
      trips = Cast <to = 7> (mx)
      cond = Constant <value = bool {1}> ()
      last, stacked = Loop (trips, cond, x) <
        body = body (int64 i, bool c, float[4] acc) => (bool co, float[4] next, float[4] scan) {
          co = Identity (c)
          next = Relu (acc)
          scan = Identity (next)
        }
      >
    }
  )"));
  auto roots = find_dynamic_shape_roots(m);
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(roots[0].kind, RootKind::kLoopTripCount);
  EXPECT_EQ(roots[0].input, "trips");
  auto ds = only(lint(m), "OL401");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].op_type, "Loop");
  EXPECT_NE(ds[0].message.find("trip count"), std::string::npos);
}

TEST(DynamicShape, LoopWithConstantTripCountIsClean) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[4] x) => (float[4] last, float[3, 4] stacked) {
      trips = Constant <value = int64 {3}> ()
      cond = Constant <value = bool {1}> ()
      last, stacked = Loop (trips, cond, x) <
        body = body (int64 i, bool c, float[4] acc) => (bool co, float[4] next, float[4] scan) {
          co = Identity (c)
          next = Relu (acc)
          scan = Identity (next)
        }
      >
    }
  )"));
  EXPECT_TRUE(find_dynamic_shape_roots(m).empty());
}

TEST(DynamicShape, RootInsideAnIfBranchIsReportedInItsGraph) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[4] x, bool c) => (float[4] y) {
      y = If (c) <
        then_branch = t () => (float[4] a) { nz = NonZero (x)  f = Cast <to = 1> (nz)  a = Relu (x) },
        else_branch = e () => (float[4] b) { b = Relu (x) }
      >
    }
  )"));
  auto ds = only(lint(m), "OL401");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].graph, "main/If#0.then_branch");
  EXPECT_EQ(ds[0].op_type, "NonZero");
}

TEST(DynamicShape, IfOnDataWithDifferentBranchShapes) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[4] x) => (float[M] y) {
      s = ReduceSum <keepdims = 0> (x)
      zero = Constant <value = float {0}> ()
      c = Greater (s, zero)
      y = If (c) <
        then_branch = t () => (float[4] a) { a = Relu (x) },
        else_branch = e () => (float[8] b) { b = Concat <axis = 0> (x, x) }
      >
    }
  )"));
  auto roots = find_dynamic_shape_roots(m);
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(roots[0].kind, RootKind::kIfCondition);
}

}  // namespace
}  // namespace onnx_lint::test

namespace onnx_lint::test {
namespace {

// A data-driven trip count changes a shape only through what the Loop stacks
// or grows: updating a value in place is no dynamic shape.
TEST(DynamicShape, LoopThatStacksNothingAndKeepsItsShapesIsClean) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[4] x) => (float[4] last) {
      mx = ReduceMax <keepdims = 0> (x)
      trips = Cast <to = 7> (mx)
      cond = Constant <value = bool {1}> ()
      last = Loop (trips, cond, x) <
        body = body (int64 i, bool c, float[4] acc) => (bool co, float[4] next) {
          co = Identity (c)
          next = Relu (acc)
        }
      >
    }
  )"));
  EXPECT_TRUE(find_dynamic_shape_roots(m).empty());
  EXPECT_TRUE(only(lint(m), "OL401").empty());
}

TEST(DynamicShape, LoopThatGrowsACarriedValueIsDynamic) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[4] x) => (float[N] grown) {
      mx = ReduceMax <keepdims = 0> (x)
      trips = Cast <to = 7> (mx)
      cond = Constant <value = bool {1}> ()
      grown = Loop (trips, cond, x) <
        body = body (int64 i, bool c, float[M] acc) => (bool co, float[K] next) {
          co = Identity (c)
          next = Concat <axis = 0> (acc, acc)
        }
      >
    }
  )"));
  auto ds = only(lint(m), "OL401");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].op_type, "Loop");
}

}  // namespace
}  // namespace onnx_lint::test
