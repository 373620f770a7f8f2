// OL403 frozen-size held to the probe's verdicts: models/generate_fidelity.py
// and generate_fidelity_real.py export each idiom and real model with dynamic
// axes, run it in ONNX Runtime at three other sizes against eager PyTorch and
// record "broken", "faithful" or "module" (eager refuses other sizes too) in
// verdicts.json beside the fixtures. The rule must report every broken export
// as an error (but the ones the graph cannot show, listed on OL403's page
// under Limits), none of the faithful ones, and a module-fixed size as one
// warning on the input.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

namespace fs = std::filesystem;

// Broken exports whose frozen value the graph does not show: TopK's k from
// `int(x.size(1)) // 2` is a literal like any other k, and k <= the axis
// holds at every larger size. docs/rules/OL403.md lists them under Limits.
const std::set<std::string> kKnownMisses = {"topk_int"};

struct Case {
  std::string stem, path, verdict, torch_export;
};

std::vector<Case> cases(const std::string& dir) {
  std::vector<Case> out;
  const nlohmann::json v = nlohmann::json::parse(read_file(source_path(dir + "/verdicts.json")));
  for (const auto& [stem, entry] : v.items()) {
    const std::string verdict = entry.at("verdict");
    if (verdict == "not exported") continue;
    out.push_back(
        {stem, source_path(dir + "/" + stem + ".onnx"), verdict, entry.value("torch_export", "")});
  }
  return out;
}

std::string idiom_of(const std::string& stem) { return stem.substr(0, stem.find('.')); }

std::vector<Diagnostic> frozen(const std::string& path) {
  return only(lint(load_fixture_path(path)), "OL403");
}

TEST(Fidelity, EveryBrokenIdiomIsAnErrorAndNoFaithfulOneIsFlagged) {
  int broken = 0, caught = 0, faithful = 0;
  for (const Case& c : cases("models/fixtures/fidelity")) {
    SCOPED_TRACE(c.stem + " (" + c.verdict + ")");
    const std::vector<Diagnostic> ds = frozen(c.path);
    if (c.verdict == "faithful") {
      ++faithful;
      EXPECT_TRUE(ds.empty()) << ds.front().message;
    } else if (c.verdict == "broken") {
      ++broken;
      if (kKnownMisses.count(idiom_of(c.stem))) {
        EXPECT_TRUE(ds.empty()) << "caught now: take it off kKnownMisses and OL403's Limits";
        continue;
      }
      // The fix's advice: torch.export refuses the same module at export time.
      EXPECT_EQ(c.torch_export.rfind("refused", 0), 0u) << c.torch_export;
      ASSERT_FALSE(ds.empty());
      ++caught;
      for (const Diagnostic& d : ds) {
        EXPECT_EQ(d.severity, Severity::kError) << d.message;
        EXPECT_TRUE(d.node.has_value()) << "reported at the node that froze the size";
        // It names the dim: an input's, or the count the data decides.
        EXPECT_TRUE(d.message.find(" of input '") != std::string::npos ||
                    d.message.find("the number of true elements NonZero") != std::string::npos)
            << d.message;
      }
      EXPECT_EQ(ds.size(), 1u) << "one finding per frozen size";
    } else {
      ASSERT_EQ(c.verdict, "module");
      ASSERT_EQ(ds.size(), 1u);
      EXPECT_EQ(ds[0].severity, Severity::kWarning);
      EXPECT_FALSE(ds[0].node.has_value());
      EXPECT_TRUE(ds[0].tensor.has_value()) << "said once, on the input";
    }
  }
  // Floors the issue set: 15 idioms, each at opset 12 and 17.
  EXPECT_GE(broken, 30);
  EXPECT_GE(caught, 28);
  EXPECT_GE(faithful, 30);
}

TEST(Fidelity, RealModelsFollowTheirVerdicts) {
  int faithful = 0;
  for (const Case& c : cases("models/fixtures/fidelity/real")) {
    SCOPED_TRACE(c.stem + " (" + c.verdict + ")");
    const std::vector<Diagnostic> ds = frozen(c.path);
    if (c.verdict == "faithful") {
      ++faithful;
      EXPECT_TRUE(ds.empty()) << ds.front().message;
    } else if (c.verdict == "module") {
      ASSERT_EQ(ds.size(), 1u);
      EXPECT_EQ(ds[0].severity, Severity::kWarning);
      EXPECT_NE(ds[0].message.find("pos_embed"), std::string::npos) << ds[0].message;
    } else {
      EXPECT_FALSE(ds.empty()) << "a broken real model the rule misses";
    }
  }
  EXPECT_GE(faithful, 7);
}

TEST(Fidelity, KnownMissesAreTheLimitsThePageLists) {
  const std::string page = read_file(source_path("docs/rules/OL403.md"));
  const size_t limits = page.find("## Limits");
  ASSERT_NE(limits, std::string::npos);
  for (const std::string& miss : kKnownMisses)
    EXPECT_NE(page.find(miss, limits), std::string::npos) << miss << " is not under Limits";
}

// Faithful forms of the same idioms with all inputs static: `int()` freezes
// nothing when nothing was free.
TEST(Fidelity, StaticModelsAndTheCorporaStaySilent) {
  for (const char* dir :
       {"models/fixtures", "models/fixtures/dynamo", "models/fixtures/torchscript"})
    for (const auto& e : fs::directory_iterator(source_path(dir))) {
      if (e.path().extension() != ".onnx") continue;
      SCOPED_TRACE(e.path().string());
      const std::vector<Diagnostic> ds = frozen(e.path().string());
      EXPECT_TRUE(ds.empty()) << ds.front().message;
    }
}

// Every report format carries it like any rule: JSON, SARIF, GitHub, JUnit.
TEST(Fidelity, EveryFormatShowsTheFinding) {
  const std::string model = source_path("models/fixtures/fidelity/zeros_cat.opset12.onnx");
  for (const char* format : {"json", "sarif", "github", "junit", "text"}) {
    SCOPED_TRACE(format);
    RunResult r = run_binary({"--isolated", "--select", "OL403", "--format", format, model});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.out.find("OL403"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("/Concat"), std::string::npos) << r.out;
  }
}

}  // namespace
}  // namespace onnx_lint::test
