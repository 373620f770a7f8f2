// Every entry of the per-op advice tables is pinned by its exact words: OL601's
// "what exports it / what to write instead" (rules/unsupported_op.cc) under
// trt-8.6 and trt-10, and OL606's (rules/cuda_fallback.cc) under ort-cuda.
// One model per op; renaming an entry's op, or changing its words, changes
// tests/golden/rules/advice_ol601.txt or advice_ol606.txt.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

// One op per table entry (a family's entry by one of its members).
const std::vector<std::string> kOl601Ops = {"Unique",
                                            "Bernoulli",
                                            "Multinomial",
                                            "Compress",
                                            "Hardmax",
                                            "SequenceAt",
                                            "SplitToSequence",
                                            "ConcatFromSequence",
                                            "Optional",
                                            "DFT",
                                            "STFT",
                                            "HannWindow",
                                            "HammingWindow",
                                            "BlackmanWindow",
                                            "MelWeightMatrix",
                                            "ConvInteger",
                                            "MatMulInteger",
                                            "DynamicQuantizeLinear",
                                            "QLinearConv",
                                            "Det",
                                            "MaxUnpool",
                                            "MaxRoiPool",
                                            "Col2Im",
                                            "AffineGrid",
                                            "BitwiseAnd",
                                            "BitShift",
                                            "CenterCropPad",
                                            "StringNormalizer",
                                            "RegexFullMatch",
                                            "TfIdfVectorizer",
                                            "ImageDecoder",
                                            "NegativeLogLikelihoodLoss",
                                            "SoftmaxCrossEntropyLoss"};
const std::vector<std::string> kOl606Ops = {"NonMaxSuppression", "Unique", "Multinomial"};

// A one-node model of `op` (its signature is not the point: --select keeps
// only the rule under test, which reads the op type).
std::string one_node_model(const std::string& op) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 20]>
    g (float[4] x) => (float[4] y) { y = Relu (x) }
  )");
  p.mutable_graph()->mutable_node(0)->set_op_type(op);
  p.mutable_graph()->mutable_node(0)->set_name("/model/" + op);
  write_model("advice/" + op, p);
  return "advice/" + op + ".onnx";  // relative to temp_dir(), where the binary runs
}

std::string findings(const std::vector<std::string>& ops, const std::string& rule,
                     const std::vector<std::string>& targets) {
  std::string out;
  std::set<std::string> found;
  fresh_dir("advice");
  for (const std::string& target : targets)
    for (const std::string& op : ops) {
      RunResult r = run_binary({"--isolated", "--quiet", "--color", "never", "--no-group",
                                "--target", target, "--select", rule, one_node_model(op)},
                               temp_dir());
      EXPECT_LE(r.exit_code, 1) << r.err;
      out += "== " + target + " " + op + "\n" + (r.out.empty() ? "(no finding)\n" : r.out);
      if (!r.out.empty()) found.insert(op);
    }
  // An entry that no target reports would pin nothing.
  for (const std::string& op : ops) EXPECT_TRUE(found.count(op)) << op << ": no finding";
  return out;
}

TEST(AdviceTables, EveryUnsupportedOperatorEntryIsPinned) {
  expect_golden("rules/advice_ol601.txt", findings(kOl601Ops, "OL601", {"trt-8.6", "trt-10"}));
}

TEST(AdviceTables, EveryCudaFallbackEntryIsPinned) {
  expect_golden("rules/advice_ol606.txt", findings(kOl606Ops, "OL606", {"ort-cuda"}));
}

}  // namespace
}  // namespace onnx_lint::test
