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
