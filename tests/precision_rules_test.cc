// OL701-OL703 on real exports: every precision idiom torch 1.13 and torch
// 2.14's dynamo exporter wrote is reported at fp16 by the rule it is about,
// its fixed form by none, and nothing is said at fp32 about a float32 model.
// The rounding the rules use is checked against IEEE 754's binary16 and
// bfloat16 values.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "analysis/float_formats.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace {

namespace fs = std::filesystem;

void write_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

TEST(FloatFormats, RoundToFp16AndBf16AsACastDoes) {
  EXPECT_EQ(kFp16.max(), 65504.0);
  EXPECT_EQ(kFp16.min_positive(), std::ldexp(1.0, -24));
  EXPECT_EQ(round_to(kFp16, 65504.0), 65504.0);
  EXPECT_EQ(round_to(kFp16, 65519.0), 65504.0);       // below the halfway point to 2^16
  EXPECT_TRUE(std::isinf(round_to(kFp16, 65520.0)));  // the tie rounds to even: 2^16, inf
  EXPECT_TRUE(std::isinf(round_to(kFp16, -1e9)));
  EXPECT_LT(round_to(kFp16, -1e9), 0);
  EXPECT_EQ(round_to(kFp16, 1e-12), 0.0);                 // BERT's LayerNorm epsilon
  EXPECT_EQ(round_to(kFp16, std::ldexp(1.0, -25)), 0.0);  // half the least subnormal: to even, 0
  EXPECT_GT(round_to(kFp16, 1e-7), 0.0);                  // a subnormal, not zero
  EXPECT_EQ(round_to(kFp16, 1.0 / 3), 0.333251953125);    // 0x3555
  EXPECT_EQ(round_to(kFp16, -1e4), -10000.0);
  // bf16 keeps float32's exponents: -1e9 stays finite, float32's lowest does not.
  EXPECT_TRUE(std::isfinite(round_to(kBf16, -1e9)));
  EXPECT_TRUE(std::isinf(round_to(kBf16, -3.4028234663852886e38)));
  EXPECT_GT(round_to(kBf16, 1e-12), 0.0);
  EXPECT_EQ(round_to(kBf16, 1.0 / 3), 0.333984375);  // 0x3EAB
}

template <typename T>
std::string raw(std::initializer_list<T> values) {
  std::string bytes(values.size() * sizeof(T), '\0');
  size_t i = 0;
  for (T v : values) std::memcpy(bytes.data() + sizeof(T) * i++, &v, sizeof v);
  return bytes;
}

TEST(FloatFormats, OutOfRangeScansTheStoredElements) {
  // float32 as fp16: 65519 rounds to 65504, 65520 and beyond to inf; NaN is not counted.
  const OutOfRange f32 = out_of_range(
      dtype::kFloat, raw<float>({65519.0f, 65520.0f, -1e9f, NAN, -INFINITY, 1.0f}), kFp16);
  EXPECT_EQ(f32.total, 6);
  EXPECT_EQ(f32.count, 3);
  EXPECT_EQ(f32.first, 65520.0);
  EXPECT_TRUE(std::isinf(f32.largest));
  // The same as bf16: only the inf is out of its range.
  EXPECT_EQ(out_of_range(dtype::kFloat, raw<float>({65520.0f, -1e9f, -INFINITY}), kBf16).count, 1);
  // float16 bits: +inf, -inf, a NaN and 65504.
  const OutOfRange f16 =
      out_of_range(dtype::kFloat16, raw<uint16_t>({0x7c00, 0xfc00, 0x7e00, 0x7bff}), kFp16);
  EXPECT_EQ(f16.count, 2);
  EXPECT_EQ(f16.first, INFINITY);
  // bfloat16 bits: -inf, and float32's largest finite (0x7f7f).
  const OutOfRange b16 = out_of_range(dtype::kBfloat16, raw<uint16_t>({0xff80, 0x7f7f}), kBf16);
  EXPECT_EQ(b16.count, 1);
  EXPECT_EQ(b16.first, -INFINITY);
}

// Codes of OL7 findings in a fixture linted at this precision.
std::set<std::string> precision_codes(const std::string& path, const std::string& precision) {
  RunResult r = run_binary(
      {"--isolated", "--format", "json", "--select", "OL7", "--precision", precision, path},
      ONNX_LINT_SOURCE_DIR);
  std::set<std::string> codes;
  const nlohmann::json report = nlohmann::json::parse(r.out);
  for (const auto& file : report["files"])
    for (const auto& d : file["diagnostics"]) codes.insert(d["rule"].get<std::string>());
  return codes;
}

// Each idiom and the rules it must meet at fp16 (torch 1.13 and dynamo).
struct Idiom {
  std::string fixture;
  std::set<std::string> fp16;
};

TEST(PrecisionRules, EveryIdiomIsReportedAtFp16ByItsRule) {
  const std::vector<Idiom> idioms = {
      {"precision_bert_attention", {"OL701", "OL702", "OL703"}},  // opset 12: LayerNorm written out
      {"precision_bert_attention_opset17", {"OL701", "OL702"}},
      {"precision_causal_inf_mask", {"OL701"}},
      {"precision_hand_rmsnorm", {"OL703"}},
      {"precision_hand_softmax", {"OL703"}},
      {"precision_large_weights", {"OL701"}},
      {"dynamo/precision_bert_attention", {"OL701", "OL702"}},
      {"dynamo/precision_bert_attention_half", {"OL701", "OL702"}},
      {"dynamo/precision_causal_inf_mask", {"OL701"}},
      {"dynamo/precision_causal_inf_mask_half", {"OL701"}},
      {"dynamo/precision_hand_rmsnorm", {"OL703"}},
      {"dynamo/precision_hand_rmsnorm_half", {"OL703"}},
      {"dynamo/precision_hand_softmax", {"OL703"}},
      {"dynamo/precision_hand_softmax_half", {"OL703"}},
      {"dynamo/precision_large_weights", {"OL701"}},
      {"dynamo/precision_rmsnorm_module", {"OL703"}},  // nn.RMSNorm below opset 23
      {"dynamo/decoder_block", {"OL701", "OL703"}},
  };
  for (const Idiom& i : idioms)
    EXPECT_EQ(precision_codes("models/fixtures/" + i.fixture + ".onnx", "fp16"), i.fp16)
        << i.fixture;
}

TEST(PrecisionRules, NoFixedIdiomIsReportedAtFp16OrBf16) {
  int fixed = 0;
  for (const auto& e : fs::recursive_directory_iterator(source_path("models/fixtures"))) {
    const std::string name = e.path().filename().string();
    if (name.rfind("precision_fixed_", 0) != 0 || e.path().extension() != ".onnx") continue;
    ++fixed;
    for (const std::string precision : {"fp16", "bf16"})
      EXPECT_TRUE(precision_codes(e.path().string(), precision).empty())
          << name << " at " << precision;
  }
  EXPECT_GE(fixed, 15);  // torch 1.13's, and dynamo's at three opsets and in half
}

TEST(PrecisionRules, Float32ModelsHearNothingAtFp32) {
  for (const auto& e : fs::recursive_directory_iterator(source_path("models/fixtures"))) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".onnx" || name.find("_half") != std::string::npos) continue;
    EXPECT_TRUE(precision_codes(e.path().string(), "fp32").empty()) << name;
  }
}

TEST(PrecisionRules, Bf16KeepsFloat32sRange) {
  // -1e9 and 1e-12 fit bf16, the -inf mask buffer and float32's lowest do not,
  // and no square or exp overflows where float32 does not.
  EXPECT_TRUE(precision_codes("models/fixtures/precision_bert_attention.onnx", "bf16").empty());
  EXPECT_EQ(precision_codes("models/fixtures/precision_causal_inf_mask.onnx", "bf16"),
            std::set<std::string>{"OL701"});
  EXPECT_EQ(precision_codes("models/fixtures/dynamo/decoder_block.onnx", "bf16"),
            std::set<std::string>{"OL701"});
}

TEST(PrecisionRules, StronglyTypedTargetsReadTheModelsOwnTypes) {
  // TensorRT 11 runs a float32 model in FP32 whatever --precision says; a
  // half model's -inf mask is still what it is.
  RunResult f32 =
      run_binary({"--isolated", "--quiet", "--select", "OL7", "--precision", "fp16", "--target",
                  "trt-11", "models/fixtures/precision_bert_attention_opset17.onnx"},
                 ONNX_LINT_SOURCE_DIR);
  EXPECT_EQ(f32.out, "");
  RunResult half = run_binary({"--isolated", "--quiet", "--select", "OL7", "--target", "trt-11",
                               "models/fixtures/dynamo/precision_bert_attention_half.onnx"},
                              ONNX_LINT_SOURCE_DIR);
  EXPECT_NE(half.out.find("OL701"), std::string::npos) << half.out;
}

TEST(PrecisionRules, ThePrecisionIsAConfigSettingAndInTheJsonReport) {
  const std::string dir = temp_dir() + "/precision_config";
  fs::create_directories(dir);
  fs::copy_file(source_path("models/fixtures/precision_hand_softmax.onnx"), dir + "/m.onnx",
                fs::copy_options::overwrite_existing);
  write_file(dir + "/.onnx-lint.toml", "precision = \"fp16\"\n");
  RunResult r = run_binary({"--format", "json", "m.onnx"}, dir);
  EXPECT_NE(r.out.find("\"precision\": \"fp16\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"OL703\""), std::string::npos) << r.out;
  write_file(dir + "/.onnx-lint.toml", "precision = \"fp8\"\n");
  r = run_binary({"m.onnx"}, dir);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("'precision' must be \"fp32\", \"fp16\" or \"bf16\""), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace onnx_lint::test
