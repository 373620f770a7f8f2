// Exact corner cases built with the ONNX text syntax and the protobuf API:
// attribute defaults, every Resize signature, rules inside subgraphs, types
// known only after inference, malformed inputs to a rule.
#include <gtest/gtest.h>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

onnx::ModelProto resize_model(int opset, const std::string& op, const std::string& attrs,
                              const std::string& args) {
  return parse_model("<ir_version: 8, opset_import: [\"\" : " + std::to_string(opset) +
                     "]>\n"
                     "g (float[1, 3, 8, 8] x) => (float[1, 3, 16, 16] y) {\n"
                     "  roi = Constant <value = float[0] {}> ()\n"
                     "  scales = Constant <value = float[4] {1.0, 1.0, 2.0, 2.0}> ()\n"
                     "  sizes = Constant <value = int64[4] {1, 3, 16, 16}> ()\n"
                     "  y = " +
                     op + " " + attrs + " (" + args +
                     ")\n"
                     "}\n");
}

TEST(ResizeSignatures, EveryOpsetLayoutIsUnderstood) {
  struct Sig {
    int opset;
    const char* op;
    const char* args;
    const char* factor;
  };
  for (const Sig& s :
       {Sig{9, "Upsample", "x, scales", "2x2"}, Sig{10, "Resize", "x, scales", "2x2"},
        Sig{11, "Resize", "x, roi, scales", "2x2"}, Sig{12, "Resize", "x, roi, scales", "2x2"},
        Sig{13, "Resize", "x, roi, scales", "2x2"}, Sig{18, "Resize", "x, roi, scales", "2x2"}}) {
    Model m = load_proto(resize_model(s.opset, s.op, "<mode = \"linear\">", s.args));
    auto ds = only(lint(m), "OL101");
    ASSERT_EQ(ds.size(), 1u) << s.opset;
    EXPECT_NE(ds[0].message.find(std::string("linear mode ") + s.factor), std::string::npos)
        << s.opset << ": " << ds[0].message;
    EXPECT_TRUE(only(lint(m), "OL102").empty());
  }
}

TEST(ResizeSignatures, SizesInputAndOmittedOptionalInputs) {
  // Opset 13+: roi and scales may be "" when sizes is given.
  onnx::ModelProto p = resize_model(13, "Resize", "<mode = \"cubic\">", "x, roi, scales, sizes");
  auto* resize = p.mutable_graph()->mutable_node(3);
  resize->set_input(1, "");
  resize->set_input(2, "");
  auto ds = only(lint(load_proto(p)), "OL101");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("cubic mode to 16x16"), std::string::npos) << ds[0].message;
  // A cubic Resize is said to be cubic: the cheatsheet's word is about bilinear.
  EXPECT_NE(ds[0].message.find("cubic resizing: the team cheatsheet blacklists torch's resizers"),
            std::string::npos)
      << ds[0].message;
  EXPECT_EQ(ds[0].message.find("bilinear resizing is not supported by the team"), std::string::npos)
      << ds[0].message;
}

TEST(ResizeSignatures, Upsample7ScalesAttribute) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 3, opset_import: ["" : 7]>
    g (float[1, 3, 8, 8] x) => (float[1, 3, 24, 24] y) {
      y = Upsample <mode = "bilinear", scales = [1.0, 1.0, 3.0, 3.0]> (x)
    }
  )"));
  auto ds = only(lint(m), "OL101");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("bilinear mode 3x3"), std::string::npos) << ds[0].message;
}

TEST(ResizeDefaults, AbsentModeIsNearest) {
  for (const char* op : {"Resize", "Upsample"}) {
    int opset = std::string(op) == "Upsample" ? 9 : 12;
    const char* args = std::string(op) == "Upsample" ? "x, scales" : "x, roi, scales";
    Model m = load_proto(resize_model(opset, op, "", args));
    auto ds = only(lint(m), "OL102");
    ASSERT_EQ(ds.size(), 1u) << op;
    EXPECT_NE(ds[0].message.find("no mode attribute: nearest is the default"), std::string::npos);
    EXPECT_TRUE(only(lint(m), "OL101").empty());
  }
}

TEST(Subgraphs, RulesRunInsideIfBranchesAndLoopBodies) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1, 3, 8, 8] x, bool c, int64 n) => (float[1, 3, 16, 16] y, float[1, 3, 8, 8] z) {
      reps = Constant <value = int64[4] {1, 1, 2, 2}> ()
      y = If (c) <
        then_branch = t () => (float[1, 3, 16, 16] a) { a = Tile (x, reps) },
        else_branch = e () => (float[1, 3, 16, 16] b) { b = Tile (x, reps) }
      >
      z = Loop (n, c, x) <
        body = body (int64 i, bool ci, float[1, 3, 8, 8] acc) => (bool co, float[1, 3, 8, 8] out) {
          co = Identity (ci)
          sc = Constant <value = float[4] {1.0, 1.0, 1.0, 1.0}> ()
          roi = Constant <value = float[0] {}> ()
          up = Resize <mode = "linear"> (acc, roi, sc)
          d = Cast <to = 11> (up)
          out = Cast <to = 1> (d)
        }
      >
    }
  )"));
  auto tiles = only(lint(m), "OL201");
  ASSERT_EQ(tiles.size(), 2u);
  EXPECT_EQ(tiles[0].graph, "main/If#1.then_branch");
  EXPECT_EQ(tiles[1].graph, "main/If#1.else_branch");
  // The repeats constant lives in the enclosing graph; the rule still reads it.
  EXPECT_NE(tiles[0].message.find("repeats [1, 1, 2, 2]"), std::string::npos) << tiles[0].message;
  auto resize = only(lint(m), "OL101");
  ASSERT_EQ(resize.size(), 1u);
  EXPECT_EQ(resize[0].graph, "main/Loop#2.body");
  auto f64 = only(lint(m), "OL303");
  ASSERT_EQ(f64.size(), 1u);
  EXPECT_EQ(f64[0].graph, "main/Loop#2.body");
  EXPECT_EQ(f64[0].op_type, "Cast");
}

TEST(Dtypes, Uint8KnownOnlyAfterTypeInference) {
  // QuantizeLinear without a zero point outputs uint8; nothing in the file says so.
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[4] x) => (float[4] y) {
      s = Constant <value = float {0.5}> ()
      q = QuantizeLinear (x, s)
      r = Relu (q)
      y = DequantizeLinear (r, s)
    }
  )"));
  const TensorType* q = m.main().type_of("q");
  ASSERT_NE(q, nullptr);
  EXPECT_TRUE(q->inferred);
  auto ds = only(lint(m), "OL301");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].op_type, "QuantizeLinear");
  EXPECT_EQ(ds[0].tensor, "q");
  EXPECT_NE(ds[0].message.find("found by type inference"), std::string::npos) << ds[0].message;
  EXPECT_NE(ds[0].message.find("1 more uint8 tensor"), std::string::npos) << ds[0].message;
}

TEST(Dtypes, EveryKindOfBirthIsReportedOnceAtItsOrigin) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (int16[4] a, float[4] x) => (int16[4] out, int16[4] z) {
      k = Constant <value = int16[4] {1, 2, 3, 4}> ()
      shape = Constant <value = int64[1] {4}> ()
      z = ConstantOfShape <value = int16[1] {7}> (shape)
      c = Cast <to = 5> (x)
      s = Add (a, k)
      out = Add (s, c)
    }
  )"));
  auto ds = only(lint(m), "OL302");
  ASSERT_EQ(ds.size(), 4u);
  EXPECT_EQ(ds[0].tensor, "a");  // graph input, no node
  EXPECT_FALSE(ds[0].node.has_value());
  EXPECT_EQ(ds[1].op_type, "Constant");
  EXPECT_EQ(ds[2].op_type, "ConstantOfShape");
  EXPECT_EQ(ds[3].op_type, "Cast");
}

TEST(Dtypes, RandomOpDtypeAttribute) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g () => (double[2, 2] y) { y = RandomNormal <dtype = 11, shape = [2, 2]> () }
  )"));
  EXPECT_EQ(only(lint(m), "OL303").size(), 1u);
  EXPECT_EQ(only(lint(m), "OL501").size(), 1u);
}

TEST(Robustness, TileWithRepeatsOfTheWrongSizeStillGetsAGenericFix) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1, 3, 8, 8] x) => (float[1, 3, 8, 8] y) {
      reps = Constant <value = int64[2] {2, 2}> ()
      y = Tile (x, reps)
    }
  )"));
  auto ds = only(lint(m), "OL201");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].fix.find("use `expand` instead of `repeat`"), std::string::npos);
}

TEST(Robustness, ResizeWithMissingInputs) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1, 3, 8, 8] x) => (float[1, 3, 8, 8] y) { y = Resize <mode = "linear"> (x) }
  )"));
  auto ds = only(lint(m), "OL101");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("linear mode ("), std::string::npos) << "no factor claimed";
}

TEST(SourceMapping, Torch2NodeMetadataGivesModuleAndSource) {
  onnx::ModelProto proto = parse_model(R"(
    <ir_version: 10, opset_import: ["" : 18]>
    g (float[2, 2] x) => (float[2, 2] y) { y = RandomNormalLike (x) }
  )");
  auto* node = proto.mutable_graph()->mutable_node(0);
  node->set_name("node_randn_like");
  auto add_meta = [&](const std::string& k, const std::string& v) {
    set_node_metadata(node, k, v);
  };
  add_meta("pkg.torch.onnx.name_scopes", "['', 'policy', 'policy.head', 'randn_like']");
  add_meta("pkg.torch.onnx.stack_trace",
           "File \"/src/agent/policy.py\", line 31, in forward\n    eps = torch.randn_like(mu)\n");
  auto ds = only(lint(load_proto(proto)), "OL501");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].module, "policy.head");
  EXPECT_EQ(ds[0].source, "/src/agent/policy.py:31");
}

TEST(Clean, AModelWithNoFindings) {
  Model m = load_proto(parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1, 4] x) => (float[1, 4] y) { h = Relu (x)  y = Sigmoid (h) }
  )"));
  EXPECT_TRUE(lint(m).empty());
}

TEST(Dtypes, CastTargetKnownWithoutTypeInference) {
  // An intermediate uint8 with no declared type: without inference only the
  // Cast's `to` attribute says what it is.
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[2, 3] x) => (float[2, 3] y) {
      q = Cast <to = 2> (x)
      y = Cast <to = 1> (q)
    }
  )");
  std::string bytes;
  p.SerializeToString(&bytes);
  LoadOptions never;
  never.infer_types = InferTypes::kNever;
  LoadResult r = read_model_from_bytes(bytes, "cast.onnx", never);
  ASSERT_TRUE(r.model) << r.error;
  auto ds = only(lint(*r.model), "OL301");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].op_type, "Cast");
  EXPECT_EQ(ds[0].tensor, "q");
}

}  // namespace
}  // namespace onnx_lint::test
