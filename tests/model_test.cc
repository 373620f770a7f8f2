// The in-memory graph: lookups, subgraph paths, types, constants, metadata.
#include <gtest/gtest.h>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

constexpr const char* kIfLoop = R"(
  <ir_version: 8, opset_import: ["" : 13]>
  agraph (float[N, 4] x, bool cond, int64 trips) => (float[N, 4] y, float[N, 4] z) {
    one = Constant <value = float[1] {1.0}> ()
    y = If (cond) <
      then_branch = then_g () => (float[N, 4] t) { t = Add(x, one) },
      else_branch = else_g () => (float[N, 4] e) { e = Sub(x, one) }
    >
    z = Loop (trips, cond, x) <
      body = body_g (int64 i, bool c_in, float[N, 4] acc) => (bool c_out, float[N, 4] acc_out) {
        c_out = Identity(c_in)
        acc_out = Mul(acc, one)
      }
    >
  }
)";

TEST(Graph, ProducerAndConsumers) {
  Model m = load_fixture("classifier_opset12");
  const Graph& g = m.main();
  const Node& conv = g.nodes[0];
  ASSERT_EQ(conv.op_type, "Conv");
  EXPECT_EQ(g.producer(conv.outputs[0]), &conv);
  EXPECT_EQ(g.producer(g.inputs[0]), nullptr);  // graph inputs have no producer
  ASSERT_EQ(g.consumers(g.inputs[0]).size(), 1u);
  EXPECT_EQ(g.consumers(g.inputs[0])[0], 0);
  EXPECT_TRUE(g.is_graph_input(g.inputs[0]));
}

TEST(Graph, SubgraphsHavePathsParentsAndOuterScope) {
  Model m = load_proto(parse_model(kIfLoop));
  ASSERT_EQ(m.graphs.size(), 4u);
  std::vector<std::string> paths;
  for (const auto& g : m.graphs) paths.push_back(g.path);
  EXPECT_EQ(paths[0], "main");
  EXPECT_NE(std::find(paths.begin(), paths.end(), "main/If#1.then_branch"), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "main/If#1.else_branch"), paths.end());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "main/Loop#2.body"), paths.end());
  for (size_t i = 1; i < m.graphs.size(); ++i) {
    EXPECT_EQ(m.graphs[i].parent, 0);
    EXPECT_EQ(m.graphs[i].depth, 1);
    EXPECT_EQ(m.graphs[i].kind, GraphKind::kSubgraph);
  }
  EXPECT_EQ(m.node_count(), 2u + 1u + 1u + 2u + 1u);  // main has Constant, If, Loop
  // A subgraph reads `one` from the enclosing graph: the accessor follows scope.
  const Graph& then_g = m.graphs[1];
  auto one = m.constant(then_g, "one");
  ASSERT_TRUE(one.has_value());
  ASSERT_EQ(one->floats.size(), 1u);
  EXPECT_FLOAT_EQ(one->floats[0], 1.0f);
}

TEST(Graph, NamedSubgraphOwnerUsesNodeName) {
  onnx::ModelProto proto = parse_model(kIfLoop);
  proto.mutable_graph()->mutable_node(1)->set_name("If_3");
  Model m = load_proto(proto);
  EXPECT_EQ(m.graphs[1].path, "main/If_3.then_branch");
}

TEST(Graph, SymbolicAndStaticDims) {
  Model m = load_fixture("classifier_dynamic_batch");
  const TensorType* t = m.main().type_of("image");
  ASSERT_NE(t, nullptr);
  ASSERT_TRUE(t->has_shape);
  ASSERT_EQ(t->dims.size(), 4u);
  EXPECT_FALSE(t->dims[0].is_static());
  EXPECT_EQ(t->dims[0].param, "batch");
  EXPECT_EQ(t->dims[1].value, 3);
  EXPECT_EQ(t->elem_type, dtype::kFloat);
  EXPECT_FALSE(t->inferred);
}

TEST(Graph, TypeInferenceFillsIntermediateTensors) {
  Model m = load_fixture("classifier_opset12");
  const Graph& g = m.main();
  const TensorType* t = g.type_of(g.nodes[0].outputs[0]);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->elem_type, dtype::kFloat);
  EXPECT_TRUE(m.inference_note.empty()) << m.inference_note;
}

TEST(Graph, ConstantValuesFromNodesAndInitializers) {
  Model m = load_fixture("repeat_cls_token");  // Tile repeats come from a Constant node
  const Graph& g = m.main();
  const Node* tile = nullptr;
  for (const auto& n : g.nodes)
    if (n.op_type == "Tile") tile = &n;
  ASSERT_NE(tile, nullptr);
  auto repeats = m.constant(g, tile->inputs[1]);
  ASSERT_TRUE(repeats.has_value());
  EXPECT_EQ(repeats->elem_type, dtype::kInt64);
  EXPECT_EQ(repeats->ints, (std::vector<int64_t>{2, 1, 1}));
  auto cls = m.constant(g, "cls");  // a small initializer
  ASSERT_TRUE(cls.has_value());
  EXPECT_EQ(cls->floats.size(), 16u);
  EXPECT_FALSE(m.constant(g, tile->outputs[0]).has_value());  // computed, not constant
  EXPECT_FALSE(m.constant(g, g.inputs[0]).has_value());       // fed at run time
}

// Shape arithmetic folds a scalar against an empty tensor to an empty one,
// and leaves unfolded an operand whose values do not fill its dims (a
// malformed initializer: ASan saw reads past its values before).
TEST(Graph, ShapeArithmeticFoldsOnlyWhatItsDimsHold) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 17]>
    g (float[2] x) => (int64[0] y, int64[0] z, int64[3] w) {
      e = Constant <value = int64[0] {}> ()
      s = Constant <value = int64 {3}> ()
      y = Mul(s, e)
      z = Add(e, s)
      w = Add(full, short)
    }
  )");
  auto* full = p.mutable_graph()->add_initializer();
  full->set_name("full");
  full->set_data_type(onnx::TensorProto::INT64);
  full->add_dims(3);
  for (int64_t v : {1, 2, 3}) full->add_int64_data(v);
  auto* short_ = p.mutable_graph()->add_initializer();
  short_->CopyFrom(*full);
  short_->set_name("short");
  short_->clear_int64_data();
  for (int64_t v : {1, 2}) short_->add_int64_data(v);
  std::string bytes;
  p.SerializeToString(&bytes);
  LoadResult r = read_model_from_bytes(bytes, "fold.onnx");
  ASSERT_TRUE(r.model) << r.error;
  const Graph& g = r.model->main();
  for (const char* name : {"y", "z"}) {
    auto it = g.folded.find(name);
    ASSERT_NE(it, g.folded.end()) << name;
    EXPECT_EQ(it->second.dims, (std::vector<int64_t>{0})) << name;
    EXPECT_TRUE(it->second.ints.empty()) << name;
  }
  EXPECT_EQ(g.folded.count("w"), 0u);
}

// A slice assignment's indices at a known batch (torch's
// `arange(batch).view(-1, 1) + arange(0, 2)`): Range, then a broadcast Add.
TEST(Graph, RangeAndBroadcastArithmeticFold) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 17]>
    g (float[3, 4] x) => (int64[3, 2] y) {
      shape = Shape(x)
      zero = Constant <value = int64 {0}> ()
      one = Constant <value = int64 {1}> ()
      two = Constant <value = int64 {2}> ()
      i0 = Constant <value = int64[1] {0}> ()
      b = Gather <axis = 0> (shape, zero)
      rows = Range(zero, b, one)
      col = Constant <value = int64[2] {-1, 1}> ()
      rows2 = Reshape(rows, col)
      cols = Range(zero, two, one)
      y = Add(rows2, cols)
      empty = Range(two, zero, one)
    }
  )"));
  const Graph& g = m.main();
  auto y = g.folded.find("y");
  ASSERT_NE(y, g.folded.end());
  EXPECT_EQ(y->second.dims, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(y->second.ints, (std::vector<int64_t>{0, 1, 1, 2, 2, 3}));
  auto empty = g.folded.find("empty");
  ASSERT_NE(empty, g.folded.end());
  EXPECT_EQ(empty->second.dims, (std::vector<int64_t>{0}));
}

TEST(Graph, NodeMetadataPropsFromNewerIrAreRead) {
  onnx::ModelProto proto = parse_model(R"(
    <ir_version: 10, opset_import: ["" : 18]>
    g (float[4] x) => (float[4] y) { y = Relu(x) }
  )");
  set_node_metadata(proto.mutable_graph()->mutable_node(0), "pkg.torch.onnx.name_scopes",
                    "['', 'encoder', 'encoder.act', 'relu']");
  Model m = load_proto(proto);
  EXPECT_EQ(m.main().nodes[0].meta("pkg.torch.onnx.name_scopes"),
            "['', 'encoder', 'encoder.act', 'relu']");
}

}  // namespace
}  // namespace onnx_lint::test
