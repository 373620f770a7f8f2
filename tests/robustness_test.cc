// Hostile and broken models: never a crash, a hang or an unbounded allocation;
// always a one-line error naming the file, or a lint as far as the graph allows.
// Inputs are generated here, not committed.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "onnx_lint/fix.h"
#include "test_util.h"

namespace onnx_lint::test {
namespace fs = std::filesystem;
namespace {

std::string bytes_of(const std::string& path) { return read_file(path); }

// Loads and lints in process; a crash fails the whole suite, which is the point.
void survive(const std::string& bytes, const std::string& what) {
  LoadResult r = read_model_from_bytes(bytes, "fuzzed.onnx");
  if (!r.model) {
    EXPECT_EQ(r.error.rfind("fuzzed.onnx: ", 0), 0u) << what << ": " << r.error;
    EXPECT_EQ(r.error.find('\n'), std::string::npos) << what;
    return;
  }
  lint_model(*r.model, LintSettings{});
}

TEST(Hostile, TruncationAtEveryOffset) {
  const std::string good = bytes_of(fixture("resize_bilinear2d_opset13"));
  for (size_t cut = 0; cut < good.size(); ++cut) survive(good.substr(0, cut), "cut");
}

TEST(Hostile, BitFlips) {
  const std::string good = bytes_of(fixture("dynamic_cheatsheet_index_reset"));
  std::mt19937 rng(1234);
  for (int i = 0; i < 3000; ++i) {
    std::string bad = good;
    bad[rng() % bad.size()] ^= static_cast<char>(1 << (rng() % 8));
    if (i % 3 == 0) bad[rng() % bad.size()] ^= static_cast<char>(1 << (rng() % 8));
    survive(bad, "flip");
  }
}

TEST(Hostile, EmptyNamesEverywhere) {
  // Regression (found by Hostile.BitFlips): an empty value_info name as the
  // first name the model's string pool ever sees crashed the loader.
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[4] x) => (float[4] y) { y = Relu (x) }
  )");
  p.mutable_graph()->add_value_info()->set_name("");
  auto* init = p.mutable_graph()->add_initializer();
  init->set_data_type(onnx::TensorProto::FLOAT);
  init->add_dims(1);
  init->add_float_data(1.0f);
  survive(p.SerializeAsString(), "empty names");
}

// Every input a fuzzer ever crashed or exhausted, kept in tests/fuzz/regressions/.
TEST(Hostile, FuzzRegressions) {
  size_t n = 0;
  for (const auto& entry : fs::directory_iterator(source_path("tests/fuzz/regressions"))) {
    ++n;
    survive(read_file(entry.path().string()), entry.path().filename().string());
    // And the fix planner, which rewires nodes: --diff plans and applies every
    // fix, unsafe ones too, and writes nothing.
    FixJob job;
    job.diff = job.unsafe = true;
    const FixReport fixed = fix_file(entry.path().string(), job);
    EXPECT_FALSE(fixed.written) << entry.path();
  }
  EXPECT_GE(n, 9u);
  // Inputs that once crashed libonnx's inference or made it allocate without
  // bound: onnx-lint's own inference leaves what it cannot know unknown.
  LoadResult fpe =
      read_model(source_path("tests/fuzz/regressions/fpe-libonnx-conv-stride-zero.onnx"));
  ASSERT_TRUE(fpe.model) << fpe.error;
  for (const Node& n : fpe.model->main().nodes)
    if (n.op_type == "Conv") {
      const TensorType* t = fpe.model->main().type_of(n.outputs[0]);
      EXPECT_TRUE(!t || !t->has_shape || !t->dims[3].is_static()) << "a stride of 0 has no size";
    }
  LoadResult parsedata =
      read_model(source_path("tests/fuzz/regressions/segv-libonnx-parsedata.onnx"));
  ASSERT_TRUE(parsedata.model) << parsedata.error;
  EXPECT_FALSE(parsedata.model->checker_error.empty());
  LoadResult r =
      read_model(source_path("tests/fuzz/regressions/oom-expand-rank-from-constantofshape.onnx"));
  ASSERT_TRUE(r.model) << r.error;
  const Graph& g = r.model->main();
  for (size_t id = 0; id < g.types.size(); ++id)
    EXPECT_LE(g.types[id].dims.size(), 64u) << g.tensors.name(static_cast<TensorId>(id));
}

TEST(Hostile, RandomBytes) {
  std::mt19937 rng(99);
  for (int i = 0; i < 500; ++i) {
    std::string junk(rng() % 2048, '\0');
    for (char& c : junk) c = static_cast<char>(rng());
    survive(junk, "random");
  }
}

std::string varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) out.push_back(static_cast<char>(v | 0x80)), v >>= 7;
  out.push_back(static_cast<char>(v));
  return out;
}
std::string field(int number, const std::string& payload) {
  return varint(static_cast<uint64_t>(number) << 3 | 2) + varint(payload.size()) + payload;
}

TEST(Hostile, LengthsAndVarintsThatLie) {
  // A graph field claiming 2^32-1 bytes; a varint of 11 bytes; a length past the end.
  survive(std::string("\x3a\xff\xff\xff\xff\x0f", 6) + "abc", "huge length");
  survive(std::string("\x08") + std::string(11, '\xff'), "endless varint");
  survive(std::string("\x3a\x05\x0a\x10", 4), "inner overrun");
  // A tensor whose dims claim 2^62 elements, with 4 bytes of data.
  std::string tensor = std::string("\x08") + varint(int64_t{1} << 62) + "\x10\x01" + field(8, "w") +
                       field(9, "abcd");
  std::string graph = field(5, tensor) + field(1, field(4, "Relu") + field(1, "w") + field(2, "y"));
  LoadResult r = load_model_from_bytes(
      std::string("\x08\x07", 2) + field(8, "\x10\x0c") + field(7, graph), "lie.onnx");
  ASSERT_TRUE(r.model) << r.error;
  EXPECT_FALSE(r.model->constant(r.model->main(), "w").has_value());
  lint_model(*r.model, LintSettings{});
}

TEST(Hostile, SubgraphsNestedAHundredThousandLevels) {
  // Built as bytes, not through the protobuf API, which would itself recurse
  // 300 000 frames to serialise it. Each level only puts a header in front of
  // the graph it wraps (If node > then_branch attribute > graph), so the
  // headers are computed inside out and joined once: linear, even under ASan.
  const std::string base = field(1, field(4, "Relu"));
  std::vector<std::string> headers;
  size_t inner = base.size();
  for (int level = 0; level < 100000; ++level) {
    const std::string attribute_head = field(1, "then_branch") + std::string("\xa0\x01\x05", 3) +
                                       varint(6 << 3 | 2) + varint(inner);
    const size_t attribute_size = attribute_head.size() + inner;
    const std::string node_head = field(4, "If") + varint(5 << 3 | 2) + varint(attribute_size);
    const size_t node_size = node_head.size() + attribute_size;
    const std::string graph_head = varint(1 << 3 | 2) + varint(node_size);
    headers.push_back(graph_head + node_head + attribute_head);
    inner = graph_head.size() + node_size;
  }
  std::string graph;
  graph.reserve(inner);
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) graph += *it;
  graph += base;
  ASSERT_EQ(graph.size(), inner);
  const std::string model = std::string("\x08\x07", 2) + field(8, "\x10\x0c") + field(7, graph);
  LoadResult r = load_model_from_bytes(model, "deep.onnx");
  ASSERT_FALSE(r.model);
  EXPECT_NE(r.error.find("nested deeper than 96 protobuf messages"), std::string::npos) << r.error;
}

TEST(Hostile, CyclicDanglingAndDuplicateGraphs) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1, 3, 8, 8] x) => (float[1, 3, 8, 8] y) {
      a = Add (x, b)
      b = Tile (a, reps)
      c = Reshape (ghost, b)
      y = Relu (c)
      y = Sigmoid (c)
    }
  )");
  p.mutable_graph()->mutable_node(3)->set_name("same");
  p.mutable_graph()->mutable_node(4)->set_name("same");
  Model m = load_proto(p);
  auto ds = lint(m);
  EXPECT_EQ(only(ds, "OL201").size(), 1u) << "rules still run on a cyclic graph";
  EXPECT_EQ(only(ds, "OL000").size(), 1u) << "and the checker's complaint is reported";
  EXPECT_EQ(m.main().producer("y")->op_type, "Relu") << "the first producer wins";
}

TEST(Hostile, HugeNegativeAndUnknownValues) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1, 3] x) => (float[1, 3] y) {
      reps = Constant <value = int64[2] {4611686018427387904, -5}> ()
      t = Tile (x, reps)
      s = Constant <value = float[4] {1.0, 1.0, 1.0e38, -1.0}> ()
      roi = Constant <value = float[0] {}> ()
      r = Resize <mode = "nearest"> (t, roi, s)
      c = Cast <to = 999> (r)
      y = Identity (c)
    }
  )");
  auto* dim = p.mutable_graph()
                  ->mutable_input(0)
                  ->mutable_type()
                  ->mutable_tensor_type()
                  ->mutable_shape()
                  ->mutable_dim(0);
  dim->set_dim_value(int64_t{1} << 62);
  auto* w = p.mutable_graph()->add_initializer();
  w->set_name("weird");
  w->set_data_type(999);
  w->add_dims(-7);
  Model m = load_proto(p);
  auto ds = lint(m);
  EXPECT_EQ(only(ds, "OL201").size(), 1u);
  EXPECT_EQ(only(ds, "OL102").size(), 1u);
}

TEST(Hostile, AttributesOfTheWrongType) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1, 3, 8, 8] x) => (float[1, 3, 8, 8] y) {
      s = Constant <value = float[4] {1.0, 1.0, 2.0, 2.0}> ()
      roi = Constant <value = float[0] {}> ()
      r = Resize <mode = 3> (x, roi, s)
      c = Cast <to = "DOUBLE"> (r)
      y = Identity (c)
    }
  )");
  Model m = load_proto(p);
  auto ds = lint(m);
  EXPECT_EQ(only(ds, "OL102").size(), 1u) << "a non-string mode reads as the default";
}

TEST(Hostile, FilesystemOddities) {
  const std::string dir = fresh_dir("odd");
  // A symlink loop.
  fs::create_symlink(dir + "/loop-b.onnx", dir + "/loop-a.onnx");
  fs::create_symlink(dir + "/loop-a.onnx", dir + "/loop-b.onnx");
  auto loop = run_binary({"--isolated", dir + "/loop-a.onnx"}, "", 20);
  EXPECT_FALSE(loop.timed_out);
  EXPECT_EQ(loop.exit_code, 2);
  EXPECT_NE(loop.out.find("loop-a.onnx: Too many levels of symbolic links"), std::string::npos)
      << loop.out;
  // A FIFO: refused without blocking on it.
  ASSERT_EQ(mkfifo((dir + "/pipe.onnx").c_str(), 0600), 0);
  auto fifo = run_binary({"--isolated", dir + "/pipe.onnx"}, "", 20);
  EXPECT_FALSE(fifo.timed_out);
  EXPECT_EQ(fifo.exit_code, 2);
}

TEST(Hostile, UnreadableFileIsAnErrorNamingIt) {
  const std::string dir = fresh_dir("unreadable");
  fs::copy_file(fixture("classifier_opset12"), dir + "/secret.onnx");
  ASSERT_EQ(chmod((dir + "/secret.onnx").c_str(), 0), 0);
  std::vector<std::string> command{ONNX_LINT_BINARY, "--isolated", dir + "/secret.onnx"};
  if (geteuid() == 0) {
    // Root reads anything: run as nobody, who may walk to the file but not read it.
    if (!fs::exists("/usr/bin/setpriv")) GTEST_SKIP() << "root, and no setpriv to drop to nobody";
    for (const fs::path& d : {fs::path(temp_dir()), fs::path(dir)})
      fs::permissions(d, fs::perms::others_exec, fs::perm_options::add);
    command.insert(command.begin(),
                   {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"});
  }
  auto r = run_command(command);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out.rfind("error: " + dir + "/secret.onnx: Permission denied\n", 0), 0u) << r.out;
}

TEST(Hostile, BadFilesNeverHideTheOthers) {
  const std::string dir = fresh_dir("mixed");
  fs::copy_file(fixture("repeat_batch"), dir + "/a-good.onnx");
  std::ofstream(dir + "/b-junk.onnx") << std::string(5000, '\x07');
  std::ofstream(dir + "/c-cut.onnx") << bytes_of(fixture("repeat_batch")).substr(0, 100);
  fs::copy_file(fixture("assign_row"), dir + "/d-good.onnx");
  auto r = run_binary({"--isolated", "--format", "json", "-j", "2", dir});
  EXPECT_EQ(r.exit_code, 2);
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["files"].size(), 4u);
  EXPECT_EQ(j["files"][0]["status"], "ok");
  EXPECT_EQ(j["files"][1]["status"], "error");
  EXPECT_EQ(j["files"][2]["status"], "error");
  EXPECT_EQ(j["files"][3]["status"], "ok");
  EXPECT_FALSE(j["files"][3]["diagnostics"].empty());
}

// --- external data -----------------------------------------------------------

struct External {
  const char* location;
  const char* rule;
  const char* why;
};

std::ostream& operator<<(std::ostream& os, const External& e) { return os << e.location; }

class ExternalData : public ::testing::TestWithParam<External> {};

TEST_P(ExternalData, IsCheckedWithoutBeingOpened) {
  const std::string root = fresh_dir("ext");
  fs::create_directories(root + "/models");
  // Opening a FIFO blocks: if onnx-lint opened any of these, the run would time out.
  ASSERT_EQ(mkfifo((root + "/outside.fifo").c_str(), 0600), 0);
  ASSERT_EQ(mkfifo((root + "/models/inside.fifo").c_str(), 0600), 0);
  fs::create_symlink(root + "/outside.fifo", root + "/models/link.data");
  fs::create_symlink("link.data", root + "/models/chain.data");  // a chain, each step inside
  std::ofstream(root + "/models/ok.data") << std::string(16, '\0');
  std::ofstream(root + "/models/m.onnx", std::ios::binary)
      << model_with_external_data(GetParam().location, {"w", "w2"}).SerializeAsString();
  // OL000 too: the checker must not trip over data it is not given.
  auto r = run_binary(
      {"--isolated", "--format", "json", "--select", "OL9,OL000", root + "/models/m.onnx"}, "", 20);
  ASSERT_FALSE(r.timed_out) << "onnx-lint opened external data";
  auto j = nlohmann::json::parse(r.out);
  const auto& ds = j["files"][0]["diagnostics"];
  if (std::string(GetParam().rule).empty()) {
    EXPECT_TRUE(ds.empty()) << ds.dump();
    return;
  }
  ASSERT_EQ(ds.size(), 1u) << ds.dump();
  EXPECT_EQ(ds[0]["rule"], GetParam().rule);
  EXPECT_EQ(ds[0]["tensor"], "w");
  EXPECT_NE(ds[0]["message"].get<std::string>().find(GetParam().why), std::string::npos)
      << ds[0]["message"];
}

INSTANTIATE_TEST_SUITE_P(
    Locations, ExternalData,
    ::testing::Values(External{"/etc/passwd", "OL901", "absolute path"},
                      External{"../outside.fifo", "OL901", "contains '..'"},
                      External{"sub/../../outside.fifo", "OL901", "contains '..'"},
                      External{"link.data", "OL901", "outside the model's directory"},
                      External{"missing.data", "OL902", "no such file"},
                      External{"inside.fifo", "OL902", "not a regular file"},
                      External{"ok.data", "", ""},
                      // Windows spellings are refused on every platform: a model travels.
                      External{"..\\outside.fifo", "OL901", "contains '..'"},
                      External{"\\outside.fifo", "OL901", "absolute path"},
                      External{"C:\\weights.bin", "OL901", "absolute path"},
                      External{"//server/share/w.bin", "OL901", "absolute path"},
                      External{"chain.data", "OL901", "outside the model's directory"},
                      // Data, not a URL: never decoded, so it names a folder that is not there.
                      External{"%2e%2e/outside.fifo", "OL902", "no such file"}));

TEST(ExternalData, RealExportWithItsDataFileIsCleanAndNeverRead) {
  // generate.py saves a torch export's weights with onnx.save_model(...,
  // save_as_external_data=True), the way models over 2 GB ship.
  Model m = load_fixture("external_data_classifier");
  size_t external = 0;
  for (const auto& [name, index] : m.main().initializers) {
    const TensorData& t = m.tensors[index];
    if (t.storage != Storage::kExternal) continue;
    ++external;
    EXPECT_EQ(t.external_check, ExternalCheck::kInside) << name;
    EXPECT_FALSE(m.constant(m.main(), name).has_value()) << "external data is never read";
  }
  EXPECT_EQ(external, 6u);
  auto ds = lint(m);
  EXPECT_TRUE(only(ds, "OL901").empty());
  EXPECT_TRUE(only(ds, "OL902").empty());
  EXPECT_TRUE(only(ds, "OL000").empty()) << only(ds, "OL000")[0].message;
}

TEST(ExternalData, RealExportCopiedWithoutItsDataFile) {
  const std::string dir = fresh_dir("ext-real");
  fs::copy_file(fixture("external_data_classifier"), dir + "/model.onnx");
  auto r = run_binary({"--isolated", "--format", "json", dir + "/model.onnx"});
  EXPECT_EQ(r.exit_code, 1);
  auto j = nlohmann::json::parse(r.out);
  const auto& ds = j["files"][0]["diagnostics"];
  ASSERT_EQ(ds.size(), 1u) << ds.dump();
  EXPECT_EQ(ds[0]["rule"], "OL902");
  EXPECT_NE(ds[0]["message"].get<std::string>().find("used by 6 tensors"), std::string::npos);
}

TEST(Checker, ANewerIrVersionIsNotAnInvalidModel) {
  // torch 2.x writes IR 10 even at opset 16/17: libonnx 1.12 (IR 8) rejected
  // it for being new. onnx-lint's checker knows what onnx 1.23.2 does (IR 14,
  // the table's "ir" line); past it, a note, and every note that applies.
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 13, opset_import: ["" : 25]>
    g (float[1, 3] x) => (float[1, 3] y) { y = Relu (x) }
  )");
  Model m = load_proto(p);
  EXPECT_TRUE(only(lint(m), "OL000").empty()) << m.checker_error;
  EXPECT_EQ(m.checker_note, "");
  p.set_ir_version(15);
  p.mutable_opset_import(0)->set_version(29);
  Model newer = load_proto(p);
  EXPECT_TRUE(only(lint(newer), "OL000").empty()) << newer.checker_error;
  EXPECT_EQ(newer.checker_note,
            "IR version 15 is newer than onnx-lint's checker knows (up to 14); checked as IR 14; "
            "opset 29 of ai.onnx is newer than onnx-lint's operator table (up to 28); its ops "
            "were not checked");
}

// Opsets 25 and 26 are checked like any other: CumProd and BitCast came in
// opset 26, so at opset 25 they are ops that do not exist yet.
TEST(Checker, AnOpUsedBeforeItsSinceVersionIsInvalid) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 13, opset_import: ["" : 26]>
    g (float[4] x, int64 axis) => (float[4] y) { y = CumProd (x, axis) }
  )");
  Model m = load_proto(p);
  EXPECT_EQ(m.checker_error, "");
  EXPECT_EQ(m.checker_note, "");
  const TensorType* y = m.main().type_of("y");
  ASSERT_NE(y, nullptr);
  EXPECT_EQ(y->elem_type, dtype::kFloat);
  p.mutable_opset_import(0)->set_version(25);
  Model older = load_proto(p);
  EXPECT_EQ(older.checker_error, "node #0 (CumProd) in main: ai.onnx has no CumProd at opset 25");
  EXPECT_EQ(only(lint(older), "OL000").size(), 1u);
}

}  // namespace
}  // namespace onnx_lint::test
