#include "test_util.h"

#include <fcntl.h>
#include <google/protobuf/unknown_field_set.h>
#include <gtest/gtest.h>
#include <onnx/defs/parser.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "engine/selection.h"
#include "onnx_lint/writers.h"

extern char** environ;

namespace onnx_lint::test {

std::string source_path(const std::string& relative) {
  return std::string(ONNX_LINT_SOURCE_DIR) + "/" + relative;
}

std::string fixture(const std::string& name) {
  return source_path("models/fixtures/" + name + ".onnx");
}

onnx::ModelProto parse_model(const std::string& text) {
  onnx::ModelProto proto;
  onnx::OnnxParser parser(text.c_str());
  auto status = parser.Parse(proto);
  EXPECT_TRUE(status.IsOK()) << status.ErrorMessage() << "\n" << text;
  return proto;
}

Model load_proto(const onnx::ModelProto& proto) {
  std::string bytes;
  proto.SerializeToString(&bytes);
  LoadResult r = read_model_from_bytes(bytes, "test.onnx");
  EXPECT_TRUE(r.model.has_value()) << r.error;
  return r.model ? std::move(*r.model) : Model{};
}

std::string test_python() {
  const char* venv = std::getenv("ONNX_LINT_TEST_VENV");
  const std::string python = (venv ? std::string(venv) : source_path(".venv-test")) + "/bin/python";
  return std::filesystem::exists(python) ? python : "";
}

std::vector<std::string> ort_pairs_command(const std::string& dir, const std::string& pairs) {
  return {test_python(), source_path("tests/python/ort_oracle.py"), "pairs", dir, pairs};
}

Model load_fixture_path(const std::string& path) {
  LoadResult r = read_model(path);
  EXPECT_TRUE(r.model.has_value()) << r.error;
  return r.model ? std::move(*r.model) : Model{};
}

Model load_fixture(const std::string& name) {
  LoadResult r = read_model(fixture(name));
  EXPECT_TRUE(r.model.has_value()) << r.error;
  return r.model ? std::move(*r.model) : Model{};
}

std::string temp_dir() {
  // Never destroyed: the exit handler that removes the folder runs after
  // static destructors would have run.
  static const std::string* dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "onnx-lint-test-XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    EXPECT_NE(made, nullptr);
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(*dir, ec);
    });
    return new std::string(tmpl);
  }();
  return *dir;
}

std::string write_temp(const std::string& name, const std::string& bytes) {
  std::string path = temp_dir() + "/" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

std::vector<Diagnostic> only(const std::vector<Diagnostic>& ds, const std::string& code) {
  std::vector<Diagnostic> out;
  for (const auto& d : ds)
    if (d.rule == code) out.push_back(d);
  return out;
}

std::vector<Diagnostic> lint(const Model& m, const LintSettings& o) { return lint_model(m, o); }

std::string render(const std::string& format, const RunReport& run) {
  const Writer* writer = find_writer(format);
  EXPECT_NE(writer, nullptr) << format;
  std::ostringstream out;
  if (writer) writer->write(run, WriteStyle{}, out);
  return out.str();
}

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
}  // namespace

void expect_golden(const std::string& relative, const std::string& actual) {
  const std::string path = source_path("tests/golden/" + relative);
  if (std::getenv("ONNX_LINT_UPDATE_GOLDEN")) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path))
      << "no golden " << path << "; create it with ONNX_LINT_UPDATE_GOLDEN=1 and review it";
  EXPECT_EQ(actual, slurp(path))
      << "golden " << path << " differs; see the diff with ONNX_LINT_UPDATE_GOLDEN=1 and git diff";
}

void expect_rule_golden(const std::string& name, const std::string& model, const std::string& cwd,
                        const std::vector<std::string>& args) {
  std::vector<std::string> argv{"--isolated", "--quiet", "--color", "never"};
  argv.insert(argv.end(), args.begin(), args.end());
  argv.push_back(model);
  RunResult r = run_binary(argv, cwd);
  EXPECT_LE(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.err, "");
  expect_golden("rules/" + name + ".txt", r.out);
}

void set_node_metadata(onnx::NodeProto* node, const std::string& key, const std::string& value) {
  onnx::StringStringEntryProto entry;
  entry.set_key(key);
  entry.set_value(value);
  node->GetReflection()->MutableUnknownFields(node)->AddLengthDelimited(9,
                                                                        entry.SerializeAsString());
}

onnx::ModelProto model_with_external_data(const std::string& location,
                                          const std::vector<std::string>& weights) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[4] x) => (float[4] y) { y = Add (x, w) }
  )");
  for (const std::string& name : weights) {
    auto* w = p.mutable_graph()->add_initializer();
    w->set_name(name);
    w->set_data_type(onnx::TensorProto::FLOAT);
    w->add_dims(4);
    w->set_data_location(onnx::TensorProto::EXTERNAL);
    auto* kv = w->add_external_data();
    kv->set_key("location");
    kv->set_value(location);
  }
  return p;
}

std::string write_model(const std::string& name, const onnx::ModelProto& proto) {
  const std::string path = temp_dir() + "/" + name + ".onnx";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  proto.SerializeToOstream(&out);
  return path;
}

std::string fresh_dir(const std::string& name) {
  std::string dir = temp_dir() + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::string read_file(const std::string& path) { return slurp(path); }

RunResult run_binary(const std::vector<std::string>& args, const std::string& cwd,
                     int timeout_seconds) {
  std::vector<std::string> argv{ONNX_LINT_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, cwd, timeout_seconds);
}

RunResult run_command(const std::vector<std::string>& command, const std::string& cwd,
                      int timeout_seconds) {
  static int counter = 0;
  const std::string base = temp_dir() + "/run" + std::to_string(counter++);
  const std::string out_path = base + ".out", err_path = base + ".err";
  std::vector<std::string> argv_storage = command;
  std::vector<char*> argv;
  for (auto& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
  pid_t pid;
  RunResult r;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    ADD_FAILURE() << "cannot run " << argv[0];
    return r;
  }
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      r.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  return r;
}

size_t rules_of_target(const std::string& target) {
  LintSettings settings;
  settings.target = target;
  return enabled_rules(settings).size();
}

}  // namespace onnx_lint::test
