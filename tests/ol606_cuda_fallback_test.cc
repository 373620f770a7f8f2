// OL606 cuda-fallback: under --target ort-cuda every op of the target's
// cpu_only list is reported (and an op with a CUDA kernel is not), with the
// device copies its node causes counted from its neighbours.
#include <gtest/gtest.h>

#include "engine/targets.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace {

std::vector<Diagnostic> under_cuda(const onnx::ModelProto& p) {
  LintSettings settings;
  settings.target = "ort-cuda";
  return only(lint(load_proto(p), settings), "OL606");
}

onnx::ModelProto chain(const std::string& middle) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 17]>
    g (float[2, 3, 3] x) => (float[2] y) {
      a = Relu (x)
      b = Identity (a)
      y = Relu (b)
    })");
  p.mutable_graph()->mutable_node(1)->set_op_type(middle);
  return p;
}

TEST(CudaFallbackRule, EveryCpuOnlyOpIsReported) {
  const Target* t = find_target("ort-cuda");
  ASSERT_NE(t, nullptr);
  ASSERT_GE(t->cpu_only.size(), 40u);
  for (const std::string& op : t->cpu_only) {
    auto ds = under_cuda(chain(op));
    ASSERT_EQ(ds.size(), 1u) << op;
    EXPECT_NE(ds[0].message.find(op + " has no kernel in ONNX Runtime's CUDA provider"),
              std::string::npos)
        << ds[0].message;
    EXPECT_FALSE(ds[0].fix.empty());
  }
  // Ops with CUDA kernels, and ONNX functions ONNX Runtime expands, are not.
  for (const char* op : {"Relu", "Softmax", "Mish", "CastLike", "GroupNormalization"})
    EXPECT_TRUE(under_cuda(chain(op)).empty()) << op;
}

TEST(CudaFallbackRule, CopiesAreTheTensorsThatCrossBetweenTheDevices) {
  write_model("ol606_det_between_relus", chain("Det"));
  expect_rule_golden("ol606_det_between_relus", "ol606_det_between_relus.onnx", temp_dir(),
                     {"--target", "ort-cuda", "--select", "OL606"});
  auto ds = under_cuda(chain("Det"));
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("2 tensors cross between the GPU and the CPU"), std::string::npos)
      << ds[0].message;
  // Fed by a graph input and read by the graph output only: nothing crosses.
  onnx::ModelProto alone = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 17]>
    g (float[2, 3, 3] x) => (float[2] y) { y = Det (x) })");
  auto quiet = under_cuda(alone);
  ASSERT_EQ(quiet.size(), 1u);
  EXPECT_NE(quiet[0].message.find("no copies"), std::string::npos) << quiet[0].message;
}

TEST(CudaFallbackRule, OnlyUnderTheCudaTarget) {
  EXPECT_TRUE(only(lint(load_proto(chain("Det"))), "OL606").empty());
  LintSettings trt;
  trt.target = "ort-trt";
  EXPECT_TRUE(only(lint(load_proto(chain("Det")), trt), "OL606").empty());
}

}  // namespace
}  // namespace onnx_lint::test
