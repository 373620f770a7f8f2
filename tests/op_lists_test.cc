// Every op each node rule reads, one case per op and per attribute form, with
// the negatives that must stay clean: the same op in a custom domain (a
// vendor op that only shares the name), and the op with what makes it fine.
#include <gtest/gtest.h>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

struct OpCase {
  const char* rule;
  int opset;
  const char* signature;  // graph inputs => outputs
  const char* body;       // the nodes; the last one is the op under test
  const char* message;    // the finding's exact message ("": checked elsewhere)
};

std::ostream& operator<<(std::ostream& os, const OpCase& c) {
  return os << c.rule << " " << c.body;
}

onnx::ModelProto build(const OpCase& c, const std::string& domain) {
  onnx::ModelProto p =
      parse_model("<ir_version: 8, opset_import: [\"\" : " + std::to_string(c.opset) +
                  ", \"vendor.ops\" : 1]>\n" + "g " + c.signature + " {\n" + c.body + "\n}\n");
  auto* nodes = p.mutable_graph()->mutable_node();
  if (!domain.empty() && !nodes->empty()) (*nodes)[nodes->size() - 1].set_domain(domain);
  return p;
}

class NodeRuleOp : public ::testing::TestWithParam<OpCase> {};

TEST_P(NodeRuleOp, FlaggedWithItsWordsOnlyInTheOnnxDomain) {
  const OpCase& c = GetParam();
  auto ds = only(lint(load_proto(build(c, ""))), c.rule);
  ASSERT_EQ(ds.size(), 1u);
  if (*c.message) EXPECT_EQ(ds[0].message, c.message);
  EXPECT_TRUE(only(lint(load_proto(build(c, "vendor.ops"))), c.rule).empty())
      << "a vendor.ops op of the same name is not ONNX's";
}

// The cheatsheet's claim, said as the cheatsheet's.
constexpr const char* kRandomTail =
    ": the team cheatsheet says TensorRT fails on a random op with \"ERROR: Network must have "
    "at least one output\"";

INSTANTIATE_TEST_SUITE_P(RandomOps, NodeRuleOp,
                         ::testing::Values(OpCase{"OL501", 12, "(float[1, 3] x) => (float[1, 3] y)",
                                                  "y = RandomNormal <shape = [1, 3]> ()", ""},
                                           OpCase{"OL501", 12, "(float[1, 3] x) => (float[1, 3] y)",
                                                  "y = RandomNormalLike (x)", ""},
                                           OpCase{"OL501", 12, "(float[1, 3] x) => (float[1, 3] y)",
                                                  "y = RandomUniform <shape = [1, 3]> ()", ""},
                                           OpCase{"OL501", 12, "(float[1, 3] x) => (float[1, 3] y)",
                                                  "y = RandomUniformLike (x)", ""},
                                           OpCase{"OL501", 12, "(float[1, 3] x) => (int32[1, 2] y)",
                                                  "y = Multinomial <sample_size = 2> (x)", ""},
                                           OpCase{"OL501", 15, "(float[1, 3] x) => (float[1, 3] y)",
                                                  "y = Bernoulli (x)", ""}));

// The random ops' messages name the torch call that exports to each.
TEST(RandomOps, EachOpNamesItsTorchIdiom) {
  struct Idiom {
    const char* op;
    int opset;
    const char* body;
    const char* idiom;
  };
  for (const Idiom& i : {
           Idiom{"RandomNormal", 12, "y = RandomNormal <shape = [1, 3]> ()",
                 "`Normal(...).rsample()` / `.sample()`, `torch.randn_like` or `torch.randn`"},
           Idiom{"RandomNormalLike", 12, "y = RandomNormalLike (x)",
                 "`Normal(...).rsample()` / `.sample()`, `torch.randn_like` or `torch.randn`"},
           Idiom{"RandomUniform", 12, "y = RandomUniform <shape = [1, 3]> ()",
                 "`Uniform(...).rsample()`, `torch.rand_like` or `torch.rand`"},
           Idiom{"RandomUniformLike", 12, "y = RandomUniformLike (x)",
                 "`Uniform(...).rsample()`, `torch.rand_like` or `torch.rand`"},
           Idiom{"Multinomial", 12, "y = Multinomial <sample_size = 2> (x)",
                 "`torch.multinomial` or `Categorical(...).sample()`"},
           Idiom{"Bernoulli", 15, "y = Bernoulli (x)",
                 "`torch.bernoulli`, `Bernoulli(...).sample()` or dropout left in training mode"},
       }) {
    const OpCase c{"OL501", i.opset, "(float[1, 3] x) => (float[1, 3] y)", i.body, ""};
    auto ds = only(lint(load_proto(build(c, ""))), "OL501");
    ASSERT_EQ(ds.size(), 1u) << i.op;
    EXPECT_EQ(ds[0].op_type, i.op);
    EXPECT_EQ(ds[0].message, std::string(i.op) + ", exported from " + i.idiom + kRandomTail);
  }
}

// Tile, ScatterND, Resize/Upsample in each mode, the data-dependent-shape ops:
// flagged in ai.onnx, not in a vendor domain.
INSTANTIATE_TEST_SUITE_P(
    OtherNodeRules, NodeRuleOp,
    ::testing::Values(
        OpCase{"OL201", 12, "(float[1, 3] x) => (float[2, 3] y)",
               "r = Constant <value = int64[2] {2, 1}> ()\n y = Tile (x, r)", ""},
        OpCase{"OL202", 12, "(float[4, 3] x, float[1, 3] u) => (float[4, 3] y)",
               "i = Constant <value = int64[1, 1] {0}> ()\n y = ScatterND (x, i, u)", ""},
        OpCase{"OL101", 13, "(float[1, 3, 8, 8] x) => (float[1, 3, 16, 16] y)",
               "s = Constant <value = float[4] {1.0, 1.0, 2.0, 2.0}> ()\n"
               " y = Resize <mode = \"linear\"> (x, , s)",
               ""},
        OpCase{"OL101", 13, "(float[1, 3, 8, 8] x) => (float[1, 3, 16, 16] y)",
               "s = Constant <value = float[4] {1.0, 1.0, 2.0, 2.0}> ()\n"
               " y = Resize <mode = \"cubic\"> (x, , s)",
               ""},
        OpCase{"OL101", 9, "(float[1, 3, 8, 8] x) => (float[1, 3, 16, 16] y)",
               "s = Constant <value = float[4] {1.0, 1.0, 2.0, 2.0}> ()\n"
               " y = Upsample <mode = \"linear\"> (x, s)",
               ""},
        OpCase{"OL102", 13, "(float[1, 3, 8, 8] x) => (float[1, 3, 16, 16] y)",
               "s = Constant <value = float[4] {1.0, 1.0, 2.0, 2.0}> ()\n"
               " y = Resize <mode = \"nearest\"> (x, , s)",
               ""},
        OpCase{"OL102", 13, "(float[1, 3, 8, 8] x) => (float[1, 3, 16, 16] y)",
               "s = Constant <value = float[4] {1.0, 1.0, 2.0, 2.0}> ()\n y = Resize (x, , s)", ""},
        OpCase{"OL401", 12, "(float[4] x) => (int64[1, N] y)", "y = NonZero (x)", ""},
        OpCase{"OL401", 12, "(float[4] x) => (float[N] y)", "y = Unique (x)", ""},
        OpCase{"OL401", 12, "(float[4] x, bool[4] c) => (float[N] y)",
               "y = Compress <axis = 0> (x, c)", ""},
        OpCase{"OL401", 12, "(float[1, 4, 4] b, float[1, 1, 4] s) => (int64[N, 3] y)",
               "y = NonMaxSuppression (b, s)", ""}));

// Each node rule, with the idiom that makes it fine, is clean.
TEST(NodeRules, TheFixedFormsAreClean) {
  const OpCase fine[] = {
      // Tile's replacement: Expand.
      {"OL201", 12, "(float[1, 3] x) => (float[2, 3] y)",
       "s = Constant <value = int64[2] {2, 3}> ()\n y = Expand (x, s)", ""},
      // A static Reshape is not a data-dependent shape.
      {"OL401", 12, "(float[2, 3] x) => (float[6] y)",
       "s = Constant <value = int64[1] {6}> ()\n y = Reshape (x, s)", ""},
      // torch.where instead of index assignment.
      {"OL202", 12, "(float[4, 3] x, float[4, 3] u, bool[4, 3] m) => (float[4, 3] y)",
       "y = Where (m, u, x)", ""},
  };
  for (const OpCase& c : fine) EXPECT_TRUE(only(lint(load_proto(build(c, ""))), c.rule).empty());
}

}  // namespace
}  // namespace onnx_lint::test
