// The HTML report: a golden page for the demo model, and hostile strings from
// a model that must stay text (a model is untrusted input, its page too).
#include <gtest/gtest.h>

#include <regex>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

TEST(Html, GoldenPageOfTheDemoModel) {
  RunResult r =
      run_binary({"--isolated", "--format", "html", "models/demo.onnx"}, ONNX_LINT_SOURCE_DIR);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  expect_golden("report.html", std::regex_replace(r.out, std::regex(ONNX_LINT_VERSION), "VERSION"));
}

// A one-Tile model (OL201), whose names the tests replace with hostile ones.
onnx::ModelProto tile_model() {
  return parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1, 3] x) => (float[2, 3] y) {
      r = Constant <value = int64[2] {2, 1}> ()
      y = Tile (x, r)
    }
  )");
}

TEST(Html, HostileNamesAndMetadataRenderAsText) {
  const std::string script = "<script>alert(1)</script>";
  const std::string nasty = script + "\"'><img src=x onerror=alert(2)>]]>\x01\x1b[31m";
  onnx::ModelProto p = tile_model();
  p.mutable_graph()->mutable_node(1)->set_name(nasty);
  p.mutable_graph()->mutable_node(0)->set_name(std::string(100 * 1024, 'n'));  // 100 KB
  p.set_producer_name(nasty);
  set_node_metadata(p.mutable_graph()->mutable_node(1), "pkg.torch.onnx.name_scopes",
                    "['', '" + nasty + "']");
  p.mutable_graph()->mutable_input(0)->set_name(nasty);
  p.mutable_graph()->mutable_node(1)->set_input(0, nasty);
  const std::string model = write_model("hostile", p);
  const std::string page = temp_dir() + "/hostile.html";
  RunResult r = run_binary({"--isolated", "--format", "html", "-o", page, model});
  ASSERT_LE(r.exit_code, 1) << r.err;
  const std::string html = read_file(page);
  EXPECT_EQ(html.find(script), std::string::npos) << "markup from the model reached the page";
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find('\x01'), std::string::npos);
  EXPECT_EQ(html.find('\x1b'), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_LT(html.size(), 64u * 1024) << "a 100 KB name is cut, not copied whole";
  // The parser sees one script (the page's own) and no resource from elsewhere.
  RunResult check = run_command({"/usr/bin/python3", source_path("tests/check_html.py"), page});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

// Messages write code between backticks; the page shows it as code, and a
// model's own backticks around markup stay text.
TEST(Html, BackticksInMessagesAreCodeAndModelMarkupStaysText) {
  const std::string page = temp_dir() + "/demo-code.html";
  RunResult r =
      run_binary({"--isolated", "--format", "html", "-o", page, source_path("models/demo.onnx")});
  ASSERT_LE(r.exit_code, 1) << r.err;
  const std::string html = read_file(page);
  EXPECT_NE(html.find("which is what <code>Tensor.repeat</code> exports to"), std::string::npos);
  EXPECT_EQ(html.find("which is what `Tensor.repeat` exports to"), std::string::npos);
  onnx::ModelProto p = tile_model();
  p.mutable_graph()->mutable_node(1)->set_name("`<i>tile</i>`");
  const std::string hostile = temp_dir() + "/code-hostile.html";
  run_binary({"--isolated", "--format", "html", "-o", hostile, write_model("code_hostile", p)});
  const std::string h = read_file(hostile);
  EXPECT_EQ(h.find("<i>tile</i>"), std::string::npos) << "markup from the model reached the page";
  EXPECT_NE(h.find("&lt;i&gt;tile&lt;/i&gt;"), std::string::npos);
}

TEST(Html, SubgraphFindingsAreDrawnInsideTheirBodyWithTheParentNamed) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1, 3, 8, 8] x, bool c, int64 n) => (float[1, 3, 8, 8] z) {
      z = Loop (n, c, x) <
        body = body (int64 i, bool ci, float[1, 3, 8, 8] acc) => (bool co, float[1, 3, 8, 8] out) {
          co = Identity (ci)
          reps = Constant <value = int64[4] {1, 1, 1, 1}> ()
          out = Tile (acc, reps)
        }
      >
    }
  )");
  const std::string page = temp_dir() + "/loop.html";
  RunResult r = run_binary(
      {"--isolated", "--select", "OL201", "--format", "html", "-o", page, write_model("loop", p)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string html = read_file(page);
  EXPECT_NE(html.find("<g id=\"clust1\" class=\"cluster\">"), std::string::npos);
  EXPECT_NE(html.find(">Loop &#39;#0&#39; body, in main</text>"), std::string::npos) << html;
}

TEST(Html, AFrozenSizeMarksTheNodeThatFrozeIt) {
  const std::string page = temp_dir() + "/frozen.html";
  RunResult r = run_binary({"--isolated", "--select", "OL403", "--format", "html", "-o", page,
                            source_path("models/fixtures/fidelity/view_int_size.opset12.onnx")});
  ASSERT_EQ(r.exit_code, 1) << r.err;  // an error-level finding
  const std::string html = read_file(page);
  const size_t flagged = html.find("class=\"node flagged\">");
  ASSERT_NE(flagged, std::string::npos);
  EXPECT_EQ(html.find("xlink:title=\"/Reshape\"", flagged), html.find("xlink:title=", flagged))
      << "the flagged node is the Reshape to [2, 2, 2]";
  EXPECT_NE(html.find("frozen-size"), std::string::npos);
}

}  // namespace
}  // namespace onnx_lint::test
