// Every cheatsheet rule on real torch.onnx.export outputs: it fires on each
// positive fixture and on none of the fixes the cheatsheet recommends.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "onnx_lint/registry.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace {

struct Case {
  const char* fixture;
  const char* rule;
  size_t count;            // findings of `rule` expected
  const char* op_type;     // where they are reported ("" for tensors)
  const char* in_message;  // a phrase the message must carry
};

std::ostream& operator<<(std::ostream& os, const Case& c) {
  return os << c.fixture << "/" << c.rule;
}

class RuleOnFixture : public ::testing::TestWithParam<Case> {};

TEST_P(RuleOnFixture, FiresAsExpected) {
  const Case& c = GetParam();
  auto ds = only(lint(load_fixture(c.fixture)), c.rule);
  ASSERT_EQ(ds.size(), c.count) << c.fixture;
  for (const auto& d : ds) {
    if (*c.op_type) {
      EXPECT_EQ(d.op_type, c.op_type);
    } else {
      EXPECT_FALSE(d.node.has_value());
      EXPECT_TRUE(d.tensor.has_value());
    }
    EXPECT_NE(d.message.find(c.in_message), std::string::npos) << d.message;
    EXPECT_FALSE(d.fix.empty());
    EXPECT_FALSE(d.cheatsheet.empty());
    EXPECT_EQ(d.doc, "docs/rules/" + d.rule + ".md");
  }
}

INSTANTIATE_TEST_SUITE_P(
    Positive, RuleOnFixture,
    ::testing::Values(
        Case{"resize_bilinear2d_opset11", "OL101", 1, "Resize", "nn.UpsamplingBilinear2d"},
        Case{"resize_bilinear2d_opset12", "OL101", 1, "Resize", "align_corners"},
        Case{"resize_bilinear2d_opset13", "OL101", 1, "Resize", "2x2"},
        Case{"resize_bilinear2d_opset17", "OL101", 1, "Resize", "linear mode 2x2"},
        Case{"resize_interp_bilinear", "OL101", 1, "Resize", "align_corners=False"},
        Case{"resize_interp_bicubic", "OL101", 1, "Resize", "bicubic"},
        Case{"resize_interp_bilinear_size", "OL101", 1, "Resize", "linear"},
        Case{"resize_upsample_bilinear_fn", "OL101", 1, "Resize", "F.upsample_bilinear"},
        Case{"resize_interp_bilinear_opset9", "OL101", 1, "Upsample", "Upsample in linear"},
        Case{"lraspp_mobilenet_v3_small_width", "OL101", 2, "Resize", "torchvision"},
        Case{"resize_nearest2d_opset9", "OL102", 1, "Upsample", "nearest mode 2x2"},
        Case{"resize_nearest2d_opset12", "OL102", 1, "Resize", "nn.UpsamplingNearest2d"},
        Case{"resize_nearest2d_opset13", "OL102", 1, "Resize", "nearest mode 2x2"},
        Case{"resize_interp_nearest", "OL102", 1, "Resize", "F.interpolate(mode='nearest')"},
        Case{"resize_upsample_nearest_fn", "OL102", 1, "Resize", "nearest"},
        Case{"repeat_channels", "OL201", 1, "Tile", "repeats [1, 2, 1, 1] of a [1, 3, 8, 8]"},
        Case{"repeat_batch", "OL201", 1, "Tile", "repeats [4, 1, 1, 1]"},
        Case{"repeat_cls_token", "OL201", 1, "Tile", "of a [1, 1, 16] tensor"},
        Case{"assign_row", "OL202", 1, "ScatterND", "`x[0] = y`"},
        Case{"assign_slice", "OL202", 1, "ScatterND", "`x[:, a:b] = y`"},
        Case{"assign_slice_opset17", "OL202", 1, "ScatterND", "slice assignment"},
        Case{"assign_index_tensor", "OL202", 1, "ScatterND", "`x[idx] = y`"},
        Case{"assign_accumulate_pillars", "OL202", 1, "ScatterND", "accumulate=True"},
        Case{"assign_index_into_zeros", "OL202", 1, "ScatterND", "`x[idx] = y`"},
        Case{"assign_masked_scatter", "OL202", 1, "ScatterND", "`x.masked_scatter(mask, src)`"},
        Case{"assign_mask_same_shape", "OL202", 1, "ScatterND", "`x[mask] = y[mask]`"},
        Case{"dtype_uint8_input", "OL301", 1, "", "graph input"},
        Case{"dtype_uint8_output", "OL301", 1, "Cast", "Cast to uint8"},
        Case{"dtype_int16_cast", "OL302", 1, "Cast", "Cast to int16"},
        Case{"dtype_float64_cast", "OL303", 1, "Cast", "`.double()`"},
        Case{"random_rsample", "OL501", 1, "RandomNormalLike", "rsample()"},
        Case{"random_randn_like", "OL501", 1, "RandomNormalLike", "torch.randn_like"},
        Case{"random_bernoulli", "OL501", 1, "RandomUniformLike", "torch.rand_like"},
        Case{"random_dropout_training_mode", "OL501", 1, "Dropout", "training_mode set to true"},
        Case{"dtype_uint8_mask_buffer", "OL301", 1, "", "initializer 'mask' is uint8"},
        Case{"dtype_float64_scripted_scale_factor", "OL303", 1, "Constant", "becomes the scales"},
        Case{"resize_from_1x1_image_pooling", "OL101", 1, "Resize", "linear mode"}));

TEST(RuleOnFixture, Float64InitializerAndCastAreTwoBirths) {
  auto ds = only(lint(load_fixture("dtype_float64_initializer")), "OL303");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].tensor, "scale");  // the buffer, reported as a tensor
  EXPECT_FALSE(ds[0].node.has_value());
  EXPECT_EQ(ds[1].op_type, "Cast");  // x.double()
  // The Mul of the two float64 tensors is counted, not reported again.
  EXPECT_NE(ds[1].message.find("1 more float64 tensor"), std::string::npos) << ds[1].message;
}

struct Fixed {
  const char* fixture;
  const char* rule;
};

std::ostream& operator<<(std::ostream& os, const Fixed& c) {
  return os << c.fixture << "/" << c.rule;
}

class FixedIdiom : public ::testing::TestWithParam<Fixed> {};

TEST_P(FixedIdiom, IsNotFlagged) {
  auto ds = only(lint(load_fixture(GetParam().fixture)), GetParam().rule);
  EXPECT_TRUE(ds.empty()) << ds.front().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cheatsheet, FixedIdiom,
    ::testing::Values(
        Fixed{"resize_fixed_bilinear_matmul", "OL101"},
        Fixed{"resize_fixed_bilinear_matmul", "OL102"},
        Fixed{"resize_fixed_nearest_expand", "OL101"},
        Fixed{"resize_fixed_nearest_expand", "OL102"},
        Fixed{"resize_fixed_nearest_expand", "OL201"}, Fixed{"repeat_fixed_expand", "OL201"},
        Fixed{"repeat_fixed_cls_token_expand", "OL201"}, Fixed{"assign_fixed_scatter", "OL202"},
        Fixed{"assign_fixed_where", "OL202"}, Fixed{"dtype_fixed_int32_input", "OL301"},
        Fixed{"dtype_fixed_int32_input", "OL302"}, Fixed{"dtype_fixed_int32_input", "OL303"},
        Fixed{"random_fixed_mean", "OL501"}, Fixed{"random_fixed_dropout_eval", "OL501"},
        Fixed{"dtype_fixed_bool_mask_buffer", "OL301"}, Fixed{"resize_fixed_1x1_expand", "OL101"},
        Fixed{"resize_fixed_1x1_expand", "OL102"},
        Fixed{"assign_fixed_scatter_add_opset16", "OL202"},
        Fixed{"dtype_fixed_scripted_size", "OL303"}));

TEST(FixedIdiom, FixedExportsHaveNoFindingAtAll) {
  for (const char* name :
       {"resize_fixed_bilinear_matmul", "resize_fixed_nearest_expand", "repeat_fixed_expand",
        "assign_fixed_scatter", "assign_fixed_where", "dtype_fixed_int32_input",
        "random_fixed_mean", "classifier_opset12", "assign_fixed_accumulate_onehot",
        "assign_fixed_masked_cumsum", "assign_fixed_mask_where", "dynamic_fixed_unique_as_mask",
        "random_fixed_noise_input"}) {
    auto ds = lint(load_fixture(name));
    EXPECT_TRUE(ds.empty()) << name << ": " << ds.front().rule << " " << ds.front().message;
  }
}

// tests/python/ort_oracle.py proves fixed exports equal to their originals in
// ONNX Runtime; a fixed fixture it does not know would go unproven.
TEST(FixedIdiom, EveryFixedFixtureIsCheckedInOnnxRuntimeOrSaysWhyNot) {
  std::set<std::string> named;
  std::istringstream lines(read_file(source_path("tests/python/pairs.txt")));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    for (std::string w; words >> w;) named.insert(w);
  }
  int fixed = 0;
  for (const auto& e : std::filesystem::directory_iterator(source_path("models/fixtures"))) {
    const std::string stem = e.path().stem().string();
    if (e.path().extension() != ".onnx" || stem.find("_fixed_") == std::string::npos) continue;
    ++fixed;
    EXPECT_TRUE(named.count(stem)) << stem << " is not in tests/python/pairs.txt";
  }
  EXPECT_GT(fixed, 0);
}

TEST(Fixes, RepeatFixUsesTheKnownShape) {
  auto batch = only(lint(load_fixture("repeat_batch")), "OL201");
  ASSERT_EQ(batch.size(), 1u);
  EXPECT_NE(batch[0].fix.find("`x.expand(4, -1, -1, -1)`"), std::string::npos) << batch[0].fix;
  auto channels = only(lint(load_fixture("repeat_channels")), "OL201");
  ASSERT_EQ(channels.size(), 1u);
  EXPECT_NE(channels[0].fix.find("dim 1 has size 3, not 1"), std::string::npos) << channels[0].fix;
  EXPECT_NE(channels[0].fix.find("x.unsqueeze(1).expand(-1, 2, -1, -1, -1).reshape(1, 6, 8, 8)"),
            std::string::npos)
      << channels[0].fix;
}

TEST(Fixes, NearestFixGivesTheIntegerFactor) {
  auto ds = only(lint(load_fixture("resize_nearest2d_opset12")), "OL102");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].fix.find("expand(b, c, h, 2, w, 2)"), std::string::npos) << ds[0].fix;
}

TEST(SourceMapping, RuleFindingsCarryModuleAndSource) {
  auto ds = only(lint(load_fixture("verbose_resize_bilinear")), "OL101");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].module, "decoder.0.up");
  ASSERT_TRUE(ds[0].source.has_value());
  EXPECT_NE(ds[0].source->find("generate.py:"), std::string::npos);
  // Without verbose=True there is no stack trace, but the scope still gives the module.
  auto plain = only(lint(load_fixture("resize_bilinear2d_opset12")), "OL101");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].module, "decoder.0.up");
  EXPECT_FALSE(plain[0].source.has_value());
}

TEST(Registry, AllRulesWithUniqueCodesNamesAndDocPages) {
  const auto& rules = all_rules();
  ASSERT_FALSE(rules.empty());
  std::set<std::string_view> codes, names;
  for (const auto& r : rules) {
    codes.insert(r->meta().code);
    names.insert(r->meta().name);
    EXPECT_EQ(find_rule(r->meta().name), r.get());
    EXPECT_FALSE(rule_info(*r).markdown.empty()) << r->meta().code << " has no doc page";
  }
  EXPECT_EQ(codes.size(), rules.size());
  EXPECT_EQ(names.size(), rules.size());
}

}  // namespace
}  // namespace onnx_lint::test
