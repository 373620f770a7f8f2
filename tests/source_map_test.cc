// Mapping nodes back to PyTorch module paths and source lines.
#include "analysis/source_map.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

TEST(SourceMap, ModuleFromTorchScriptScopes) {
  EXPECT_EQ(module_from_scoped_name("/decoder/decoder.0/up/Resize"), "decoder.0.up");
  EXPECT_EQ(module_from_scoped_name("/enc/enc.0/enc.0.0/conv/Conv"), "enc.0.0.conv");
  EXPECT_EQ(module_from_scoped_name("/mu/Gemm"), "mu");
  EXPECT_EQ(module_from_scoped_name("/Tile"), std::nullopt);  // top-level module code
  EXPECT_EQ(module_from_scoped_name("Constant_4"), std::nullopt);
  EXPECT_EQ(module_from_scoped_name(""), std::nullopt);
}

TEST(SourceMap, ModuleFromDynamoNameScopes) {
  EXPECT_EQ(module_from_name_scopes("['', 'network', 'network.0', 'linear']"), "network.0");
  EXPECT_EQ(module_from_name_scopes("['', 'linear_8']"), std::nullopt);
  EXPECT_EQ(module_from_name_scopes("garbage"), std::nullopt);
  // torch's placeholder for "no module on the stack" is no module path.
  EXPECT_EQ(module_from_name_scopes("['', '_empty_nn_module_stack_from_metadata_hook', 'sigmoid']"),
            std::nullopt);
  EXPECT_EQ(
      module_from_name_scopes("['', 'actor', '_empty_nn_module_stack_from_metadata_hook', 'mul']"),
      "actor");
}

TEST(SourceMap, TorchScriptDocStringPicksInnermostUserFrame) {
  const char* trace =
      "/usr/lib/python3/dist-packages/torch/nn/functional.py(3950): interpolate\n"
      "/usr/lib/python3/dist-packages/torch/nn/modules/upsampling.py(156): forward\n"
      "/home/me/proj/model.py(42): forward\n"
      "/home/me/proj/train.py(7): <module>\n";
  EXPECT_EQ(user_frame(trace), "/home/me/proj/model.py:42");
}

TEST(SourceMap, PythonTracebackPicksInnermostUserFrame) {
  const char* trace =
      "File \"/home/me/export.py\", line 10, in main\n    torch.onnx.export(m)\n"
      "  File \"/home/me/model.py\", line 96, in forward\n    return self.up(x)\n"
      "  File \"/opt/venv/lib/python3.11/site-packages/torch/nn/modules/module.py\", line 1736, "
      "in _call_impl\n";
  EXPECT_EQ(user_frame(trace), "/home/me/model.py:96");
}

TEST(SourceMap, OnlyTorchFramesGiveNothing) {
  EXPECT_EQ(user_frame("/usr/lib/python3/dist-packages/torch/nn/functional.py(3950): f\n"),
            std::nullopt);
  EXPECT_EQ(user_frame(""), std::nullopt);
}

TEST(SourceMap, VerboseExportMapsTheResizeToTheUserModule) {
  Model m = load_fixture("verbose_resize_bilinear");
  const Node* resize = nullptr;
  for (const auto& n : m.main().nodes)
    if (n.op_type == "Resize") resize = &n;
  ASSERT_NE(resize, nullptr);
  SourceLocation loc = source_of(*resize);
  EXPECT_EQ(loc.module, "decoder.0.up");
  ASSERT_TRUE(loc.source.has_value());
  // The innermost non-torch frame is the Decoder.forward line in generate.py.
  EXPECT_NE(loc.source->find("generate.py:"), std::string::npos) << *loc.source;
}

}  // namespace
}  // namespace onnx_lint::test

namespace onnx_lint::test {
namespace {

// torch 2.x dynamo metadata, as the real exports in ../shared/models/external carry it.
TEST(SourceMap, RootClassAndCodeLineFromDynamoMetadata) {
  EXPECT_EQ(root_class("['lstm_autoencoder.LSTMAutoencoder', 'aten.repeat.default']"),
            "LSTMAutoencoder");
  EXPECT_EQ(root_class("['Net']"), "Net");
  EXPECT_EQ(root_class(""), std::nullopt);
  const char* trace =
      "File \"C:\\\\Users\\\\me\\\\src\\\\lstm_autoencoder.py\", line 30, in forward\n"
      "    decoded_input = self.decoder_input(z).repeat(1, x.size(1), 1)";
  EXPECT_EQ(user_frame(trace), "C:\\\\Users\\\\me\\\\src\\\\lstm_autoencoder.py:30");
  EXPECT_EQ(user_code(trace), "decoded_input = self.decoder_input(z).repeat(1, x.size(1), 1)");
  // The code under the innermost user frame, not under an outer one or torch's.
  const char* nested =
      "File \"/home/me/model.py\", line 12, in forward\n    y = self.block(x)\n"
      "File \"/home/me/block.py\", line 5, in forward\n    return x.repeat(1, 2)\n"
      "File \"/venv/lib/python3.11/site-packages/torch/nn/modules/module.py\", line 1736, in "
      "_call_impl\n    return forward_call(*args)";
  EXPECT_EQ(user_frame(nested), "/home/me/block.py:5");
  EXPECT_EQ(user_code(nested), "return x.repeat(1, 2)");
  // A TorchScript doc_string has no code lines.
  EXPECT_EQ(user_code("/home/me/model.py(42): forward\n"), std::nullopt);
}

TEST(SourceMap, GraphInputFindingPointsAtItsFirstConsumer) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (uint8[1, 3, 4, 4] image) => (float[1, 3, 4, 4] y) { y = Cast <to = 1> (image) }
  )");
  auto* cast = p.mutable_graph()->mutable_node(0);
  set_node_metadata(cast, "pkg.torch.onnx.name_scopes", "['', 'prep', 'to']");
  set_node_metadata(cast, "pkg.torch.onnx.stack_trace",
                    "File \"/src/net.py\", line 8, in forward\n    x = image.float()");
  auto ds = only(lint(load_proto(p)), "OL301");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].tensor, "image");
  EXPECT_EQ(ds[0].module, "prep");
  EXPECT_EQ(ds[0].source, "/src/net.py:8");
  EXPECT_EQ(ds[0].code, "x = image.float()");
}

TEST(SourceMap, FindingInAFunctionNamesItsCallSite) {
  // torch 2.1-2.4 dynamo exports: each module a model-local function.
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12, "pkg.torch" : 1]>
    g (float[1, 3] x) => (float[2, 3] y) {
      a = pkg.torch.Block (x)
      y = pkg.torch.Block (a)
    }
    <domain: "pkg.torch", opset_import: ["" : 12]>
    Block (t) => (u) {
      r = Constant <value = int64[2] {2, 1}> ()
      u = Tile (t, r)
    }
  )");
  set_node_metadata(p.mutable_graph()->mutable_node(0), "pkg.torch.onnx.name_scopes",
                    "['', 'blocks.0', 'block']");
  set_node_metadata(p.mutable_graph()->mutable_node(0), "pkg.torch.onnx.stack_trace",
                    "File \"/src/net.py\", line 20, in forward\n    a = self.blocks[0](x)");
  auto ds = only(lint(load_proto(p)), "OL201");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].graph, "function:pkg.torch.Block");
  EXPECT_EQ(ds[0].module, "blocks.0 (and 1 more call site)");
  EXPECT_EQ(ds[0].source, "/src/net.py:20");
  EXPECT_EQ(ds[0].code, "a = self.blocks[0](x)");
}

}  // namespace
}  // namespace onnx_lint::test
