// OL403's analysis where the fixtures do not reach: sizes into If branches,
// Loop bodies and model-local functions, expressions and their text, and the
// faithful forms next to each frozen one.
#include <gtest/gtest.h>

#include "analysis/sym_expr.h"
#include "analysis/sym_shapes.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace {

std::vector<Diagnostic> frozen(const std::string& text) {
  return only(lint(load_proto(parse_model(text))), "OL403");
}

TEST(FrozenSize, AReshapeInAnIfBranchFreezesTheOuterBatch) {
  auto ds = frozen(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[batch, 4] x, bool c) => (float[batch, 2, 2] y) {
      y = If (c) <
        then_branch = t () => (float[batch, 2, 2] a) {
          s = Constant <value = int64[3] {2, 2, 2}> ()
          a = Reshape (x, s)
        },
        else_branch = e () => (float[batch, 2, 2] b) {
          s2 = Constant <value = int64[3] {-1, 2, 2}> ()
          b = Reshape (x, s2)
        }
      >
    }
  )");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].graph, "main/If#0.then_branch");
  EXPECT_EQ(ds[0].op_type, "Reshape");
  EXPECT_NE(ds[0].message.find("the export froze 'batch' (dim 0 of input 'x') at 2"),
            std::string::npos)
      << ds[0].message;
}

TEST(FrozenSize, ALoopBodyReadsTheOuterSizes) {
  auto ds = frozen(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[batch, 4] x) => (float[3, 6] stacked) {
      trips = Constant <value = int64 {3}> ()
      cond = Constant <value = bool {1}> ()
      stacked = Loop (trips, cond) <
        body = body (int64 i, bool c) => (bool co, float[6] row) {
          co = Identity (c)
          z = Constant <value = float[2, 4] {0, 0, 0, 0, 0, 0, 0, 0}> ()
          both = Concat <axis = 1> (x, z)
          row = ReduceMean <keepdims = 0, axes = [0]> (both)
        }
      >
    }
  )");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].graph, "main/Loop#2.body");
  EXPECT_EQ(ds[0].op_type, "Concat");
}

TEST(FrozenSize, AModelLocalFunctionGetsItsCallersSizes) {
  const std::string frozen_body = R"(
    <ir_version: 8, opset_import: ["" : 13, "local" : 1]>
    g (float[batch, 4] x) => (float[batch, 2, 2] y) {
      y = local.Split2 (x)
    }
    <domain: "local", opset_import: ["" : 13]>
    Split2 (t) => (u) {
      s = Constant <value = int64[3] {SHAPE}> ()
      u = Reshape (t, s)
    }
  )";
  std::string text = frozen_body;
  text.replace(text.find("SHAPE"), 5, "2, 2, 2");
  auto ds = frozen(text);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].graph, "function:local.Split2");
  // The faithful body: -1 follows the batch.
  text = frozen_body;
  text.replace(text.find("SHAPE"), 5, "-1, 2, 2");
  EXPECT_TRUE(frozen(text).empty());
}

TEST(FrozenSize, ShapeArithmeticFollowsTheInput) {
  // x.view(x.size(0), 2, 2): Shape -> Gather -> Unsqueeze -> Concat -> Reshape.
  EXPECT_TRUE(frozen(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[batch, 4] x) => (float[batch, 2, 2] y) {
      sh = Shape (x)
      zero = Constant <value = int64 {0}> ()
      b = Gather <axis = 0> (sh, zero)
      ax = Constant <value = int64[1] {0}> ()
      b1 = Unsqueeze (b, ax)
      rest = Constant <value = int64[2] {2, 2}> ()
      target = Concat <axis = 0> (b1, rest)
      y = Reshape (x, target)
    }
  )")
                  .empty());
}

TEST(FrozenSize, ABiasOverADynamicBatchIsNoRequirement) {
  EXPECT_TRUE(frozen(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[batch, 3] x) => (float[batch, 3] y) {
      bias = Constant <value = float[3] {0.1, -0.7, 2.3}> ()
      one = Constant <value = float[1, 3] {1, 1, 1}> ()
      a = Add (x, bias)
      y = Mul (a, one)
    }
  )")
                  .empty());
}

TEST(FrozenSize, NothingFreeNothingFrozen) {
  // int() in a model whose inputs are all static: a constant target is exact.
  EXPECT_TRUE(frozen(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[2, 4] x) => (float[2, 2, 2] y) {
      s = Constant <value = int64[3] {2, 2, 2}> ()
      y = Reshape (x, s)
    }
  )")
                  .empty());
}

TEST(FrozenSize, ADataDecidedCountFrozenInAReshape) {
  auto ds = frozen(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[8, 4] x) => (float[3, 2, 2] y) {
      zero = Constant <value = float {0}> ()
      col = Constant <value = int64 {0}> ()
      first = Gather <axis = 1> (x, col)
      keep = Greater (first, zero)
      idx = NonZero (keep)
      rows = Transpose <perm = [1, 0]> (idx)
      picked = GatherND (x, rows)
      s = Constant <value = int64[3] {3, 2, 2}> ()
      y = Reshape (picked, s)
    }
  )");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("the number of true elements NonZero"), std::string::npos)
      << ds[0].message;
  EXPECT_NE(ds[0].message.find("at 3"), std::string::npos) << ds[0].message;
}

TEST(FrozenSize, ExpressionsReadAsSizes) {
  AtomTable atoms;
  const SymExpr b = SymExpr::atom(atoms.named_dim("batch", "x", 0));
  const SymExpr s = SymExpr::atom(atoms.named_dim("seq", "x", 1));
  const auto four_b = SymExpr::mul(b, SymExpr::constant(4));
  ASSERT_TRUE(four_b);
  EXPECT_EQ(atoms.text(*four_b), "4*batch");
  EXPECT_EQ(atoms.text(*SymExpr::sub(s, SymExpr::constant(1))), "seq - 1");
  EXPECT_EQ(atoms.text(atoms.floor_div(*SymExpr::sub(s, SymExpr::constant(16)), 16)),
            "floor((seq - 16)/16)");
  // x[:, :5] clamps to the axis: read where the axis is long enough.
  EXPECT_EQ(atoms.text(atoms.min(s, SymExpr::constant(5))), "5");
  // Exact division stays a polynomial; an inexact one is a floor atom that evaluates.
  EXPECT_EQ(atoms.floor_div(*four_b, 2), *SymExpr::mul(b, SymExpr::constant(2)));
  const SymExpr half = atoms.floor_div(b, 2);
  std::vector<int64_t> values(atoms.size() + 1, 0);
  values[0] = 7;
  EXPECT_EQ(atoms.eval(half, values), 3);
  EXPECT_EQ(atoms.bases(half)->size(), 1u);
  // A convolution window larger than its input is no size.
  values[0] = 3;
  EXPECT_FALSE(atoms.eval(atoms.floor_div(*SymExpr::sub(b, SymExpr::constant(5)), 2), values));
  // Overflow is no size either.
  const auto huge = SymExpr::mul(SymExpr::constant(int64_t{1} << 62), SymExpr::constant(4));
  EXPECT_FALSE(huge.has_value());
}

}  // namespace
}  // namespace onnx_lint::test
