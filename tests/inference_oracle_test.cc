// libonnx 1.12 as the differential oracle of onnx-lint's own type and shape
// inference and checker, on every ONNX backend test model (Debian's
// libonnx-testdata, 1,072 models) and every fixture at opset <= 17.
//
// Each model is stripped of the types a file may carry for intermediates and
// outputs (value_info, output types), so both sides infer from the inputs
// and initializers alone; then every node output of the main graph is
// compared. An element type both give must be the same; a static shape both
// give must be the same. Coverage counts too: of the tensors libonnx types,
// onnx-lint must type >= 99 %; of those libonnx gives a static shape, it must
// give the same one for >= 95 % (and for every output of the ops torch
// exports use, in the fixtures). The figures are printed.
#include <gtest/gtest.h>
#include <onnx/checker.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "test_util.h"

namespace onnx_lint::test {
namespace fs = std::filesystem;
namespace {

const char* kBackendData = "/usr/share/libonnx-testdata/data";

// Differences that are libonnx 1.12's, each with its reason. Keyed by model
// folder (backend tests) or fixture name, and the tensor.
const std::map<std::string, std::string>& known_differences() {
  static const std::map<std::string, std::string> m = {};
  return m;
}

// Models the two checkers judge differently, each with the reason.
const std::map<std::string, std::string>& known_checker_differences() {
  static const std::map<std::string, std::string> m = {
      {"external_data_classifier",
       "libonnx checks a model in memory for its external data file relative to the working "
       "directory; onnx-lint looks next to the model, and a missing file is OL902, not OL000"}};
  return m;
}

// The ops the issue lists: their outputs must have onnx-lint's shape wherever
// libonnx has a static one, in the fixtures.
const std::set<std::string>& listed_ops() {
  static const std::set<std::string> ops = {"Add",
                                            "Sub",
                                            "Mul",
                                            "Div",
                                            "Pow",
                                            "Relu",
                                            "Sigmoid",
                                            "Tanh",
                                            "Conv",
                                            "ConvTranspose",
                                            "MaxPool",
                                            "AveragePool",
                                            "GlobalAveragePool",
                                            "MatMul",
                                            "Gemm",
                                            "Reshape",
                                            "Flatten",
                                            "Squeeze",
                                            "Unsqueeze",
                                            "Transpose",
                                            "Concat",
                                            "Split",
                                            "Slice",
                                            "Gather",
                                            "Expand",
                                            "Tile",
                                            "Pad",
                                            "Resize",
                                            "ReduceMean",
                                            "ReduceSum",
                                            "ReduceMax",
                                            "Shape",
                                            "Size",
                                            "ConstantOfShape",
                                            "Range",
                                            "Cast",
                                            "Where",
                                            "NonZero",
                                            "TopK",
                                            "If",
                                            "Loop",
                                            "Scan"};
  return ops;
}

struct Tally {
  size_t compared = 0, libonnx_typed = 0, we_typed = 0, type_agree = 0;
  size_t libonnx_static = 0, we_same_static = 0, listed_static = 0, listed_same = 0;
  size_t checker_models = 0, checker_agree = 0, listed_exceptions = 0;
  std::vector<std::string> type_mismatches, shape_mismatches, listed_missing, checker_mismatches;
};

void strip_types(onnx::GraphProto& g) {
  g.clear_value_info();
  for (auto& o : *g.mutable_output()) o.clear_type();
  for (auto& n : *g.mutable_node())
    for (auto& a : *n.mutable_attribute()) {
      if (a.has_g()) strip_types(*a.mutable_g());
      for (auto& sub : *a.mutable_graphs()) strip_types(sub);
    }
}

struct OracleType {
  int32_t elem = 0;
  bool static_shape = false;
  std::vector<int64_t> dims;
};

OracleType from_proto(const onnx::TypeProto& t) {
  OracleType o;
  if (!t.has_tensor_type()) return o;
  o.elem = t.tensor_type().elem_type();
  if (!t.tensor_type().has_shape()) return o;
  o.static_shape = true;
  for (const auto& d : t.tensor_type().shape().dim()) {
    if (!d.has_dim_value()) o.static_shape = false;
    o.dims.push_back(d.dim_value());
  }
  return o;
}

bool static_dims(const TensorType& t, std::vector<int64_t>* dims) {
  if (!t.has_shape) return false;
  for (const Dim& d : t.dims) {
    if (!d.is_static()) return false;
    dims->push_back(d.value);
  }
  return true;
}

void compare_model(const std::string& label, const std::string& bytes, bool fixture_model,
                   Tally& tally) {
  onnx::ModelProto proto;
  if (!proto.ParseFromString(bytes)) return;
  // The checker: the original model, both sides.
  bool libonnx_accepts = true;
  try {
    onnx::checker::check_model(proto);
  } catch (const std::exception&) {
    libonnx_accepts = false;
  }
  LoadResult original = read_model_from_bytes(bytes, label);
  ASSERT_TRUE(original.model) << original.error;
  ++tally.checker_models;
  if (libonnx_accepts == original.model->checker_error.empty())
    ++tally.checker_agree;
  else if (known_checker_differences().count(label))
    ++tally.listed_exceptions;
  else
    tally.checker_mismatches.push_back(
        label + ": libonnx " + (libonnx_accepts ? "accepts" : "rejects") + ", onnx-lint " +
        (original.model->checker_error.empty() ? "accepts"
                                               : "rejects: " + original.model->checker_error));
  // Inference: both sides from the stripped model.
  strip_types(*proto.mutable_graph());
  std::string stripped;
  proto.SerializeToString(&stripped);
  onnx::ModelProto inferred = proto;
  try {
    onnx::shape_inference::InferShapes(inferred);
  } catch (const std::exception&) {
    return;  // libonnx cannot infer it: nothing to compare against
  }
  std::map<std::string, OracleType, std::less<>> oracle;
  for (const auto& vi : inferred.graph().value_info()) oracle[vi.name()] = from_proto(vi.type());
  for (const auto& vi : inferred.graph().output()) oracle[vi.name()] = from_proto(vi.type());
  LoadResult ours = read_model_from_bytes(stripped, label);
  ASSERT_TRUE(ours.model) << ours.error;
  const Graph& g = ours.model->main();
  for (const Node& n : g.nodes)
    for (std::string_view out : n.outputs) {
      auto it = oracle.find(out);
      if (out.empty() || it == oracle.end() || it->second.elem == 0) continue;
      const std::string where =
          label + " " + std::string(n.op_type) + " '" + std::string(out) + "'";
      const bool excused = known_differences().count(label + " " + std::string(out)) > 0;
      ++tally.compared;
      ++tally.libonnx_typed;
      const TensorType* t = g.type_of(out);
      if ((!t || t->elem_type == dtype::kUndefined) && std::getenv("ONNX_LINT_ORACLE_VERBOSE"))
        std::cout << "[oracle] no element type: " << where << "\n";
      if (t && t->elem_type != dtype::kUndefined) {
        ++tally.we_typed;
        if (t->elem_type == it->second.elem)
          ++tally.type_agree;
        else if (excused)
          ++tally.listed_exceptions;
        else
          tally.type_mismatches.push_back(where + ": libonnx " + dtype::name(it->second.elem) +
                                          ", onnx-lint " + dtype::name(t->elem_type));
      }
      if (!it->second.static_shape) continue;
      ++tally.libonnx_static;
      const bool listed = fixture_model && listed_ops().count(std::string(n.op_type));
      tally.listed_static += listed;
      std::vector<int64_t> dims;
      if (!t || !static_dims(*t, &dims)) {
        if (listed) tally.listed_missing.push_back(where);
        if (std::getenv("ONNX_LINT_ORACLE_VERBOSE"))
          std::cout << "[oracle] no static shape: " << where << "\n";
        continue;
      }
      if (dims == it->second.dims) {
        ++tally.we_same_static;
        tally.listed_same += listed;
      } else if (excused) {
        ++tally.listed_exceptions;
      } else {
        auto show = [](const std::vector<int64_t>& v) {
          std::string s;
          for (int64_t d : v) s += std::to_string(d) + "x";
          return s.empty() ? std::string("scalar") : s.substr(0, s.size() - 1);
        };
        tally.shape_mismatches.push_back(where + ": libonnx " + show(it->second.dims) +
                                         ", onnx-lint " + show(dims));
      }
    }
}

std::string percent(size_t a, size_t b) {
  return b == 0 ? "-" : std::to_string(100.0 * static_cast<double>(a) / static_cast<double>(b));
}

void report(const Tally& t, const std::string& what) {
  std::cout << "[oracle] " << what << ": " << t.compared << " tensors compared; element type "
            << t.we_typed << "/" << t.libonnx_typed << " typed ("
            << percent(t.we_typed, t.libonnx_typed) << " %), " << t.type_agree
            << " agree; static shape " << t.we_same_static << "/" << t.libonnx_static << " ("
            << percent(t.we_same_static, t.libonnx_static) << " %); listed exceptions "
            << t.listed_exceptions << "; checker agrees on " << t.checker_agree << "/"
            << t.checker_models << " models\n";
  for (const auto& m : t.type_mismatches) ADD_FAILURE() << "element type differs: " << m;
  for (const auto& m : t.shape_mismatches) ADD_FAILURE() << "shape differs: " << m;
  for (const auto& m : t.checker_mismatches) ADD_FAILURE() << "checker differs: " << m;
  EXPECT_GE(100.0 * t.we_typed, 99.0 * t.libonnx_typed) << what << ": element type coverage";
  EXPECT_GE(100.0 * t.we_same_static, 95.0 * t.libonnx_static) << what << ": shape coverage";
}

TEST(InferenceOracle, BackendTestModels) {
  if (!fs::is_directory(kBackendData)) {
    if (std::getenv("ONNX_LINT_REQUIRE_ORACLE")) FAIL() << kBackendData << " is missing";
    GTEST_SKIP() << kBackendData << " is not installed (apt-get install libonnx-testdata)";
  }
  Tally tally;
  std::vector<fs::path> models;
  for (const auto& e : fs::recursive_directory_iterator(kBackendData))
    if (e.path().filename() == "model.onnx") models.push_back(e.path());
  std::sort(models.begin(), models.end());
  ASSERT_GE(models.size(), 1000u);
  for (const fs::path& p : models) {
    const std::string label = p.parent_path().filename().string();
    SCOPED_TRACE(label);
    compare_model(label, read_file(p.string()), false, tally);
  }
  report(tally, "backend test models");
}

TEST(InferenceOracle, FixturesAtOpset17AndBelow) {
  Tally tally;
  for (const auto& e : fs::directory_iterator(source_path("models/fixtures"))) {
    if (e.path().extension() != ".onnx") continue;
    const std::string bytes = read_file(e.path().string());
    onnx::ModelProto proto;
    if (!proto.ParseFromString(bytes)) continue;
    int64_t opset = 0;
    for (const auto& o : proto.opset_import())
      if (o.domain().empty() || o.domain() == "ai.onnx") opset = o.version();
    if (opset > 17 || proto.ir_version() > 8) continue;
    compare_model(e.path().stem().string(), bytes, true, tally);
  }
  report(tally, "fixtures");
  for (const auto& m : tally.listed_missing)
    ADD_FAILURE() << "libonnx has a static shape, onnx-lint none: " << m;
}

// Hand-built invalid models, one per rule of the checker: both checkers
// reject each; the valid variants both accept.
TEST(InferenceOracle, CheckersAgreeOnHandBuiltModels) {
  struct Case {
    const char* what;
    const char* text;
    bool valid;
  };
  const Case cases[] = {
      {"valid", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2] x) => (float[2] y) { y = Relu (x) })",
       true},
      {"undefined input", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2] x) => (float[2] y) { y = Relu (ghost) })",
       false},
      {"out of order", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2] x) => (float[2] y) { y = Relu (t) t = Relu (x) })",
       false},
      {"assigned twice", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2] x) => (float[2] y) { y = Relu (x) y = Relu (x) })",
       false},
      {"unknown op", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2] x) => (float[2] y) { y = NoSuchOp (x) })",
       false},
      {"op newer than the opset", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2] x) => (float[2] y) { y = HardSwish (x) })",
       false},
      {"too many inputs", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2] x) => (float[2] y) { y = Relu (x, x) })",
       false},
      {"too few inputs", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2] x) => (float[2] y) { y = Add (x) })",
       false},
      {"unknown attribute", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2] x) => (float[2] y) { y = Relu <alpha = 1.0> (x) })",
       false},
      {"missing required attribute", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2] x) => (int64[2] y) { y = Cast (x) })",
       false},
      {"attribute of the wrong type", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2, 2] x) => (float[2, 2] y) { y = Softmax <axis = 1.5> (x) })",
       false},
      {"no opset for the domain", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2] x) => (float[2] y) { y = ai.onnx.ml.Binarizer (x) })",
       false},
      {"deprecated op", R"(<ir_version: 8, opset_import: ["" : 10]>
         g (float[1, 1, 2, 2] x) => (float[1, 1, 4, 4] y) {
           s = Constant <value = float[4] {1.0, 1.0, 2.0, 2.0}> ()
           y = Upsample (x, s) })",
       false},
      {"optional input left empty", R"(<ir_version: 8, opset_import: ["" : 13]>
         g (float[2] x) => (float[2] y) { y = Clip (x, , ) })",
       true},
      {"custom domain", R"(<ir_version: 8, opset_import: ["" : 13, "com.example" : 1]>
         g (float[2] x) => (float[2] y) { y = com.example.Anything (x) })",
       true},
  };
  size_t agree = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    onnx::ModelProto proto = parse_model(c.text);
    bool libonnx_accepts = true;
    try {
      onnx::checker::check_model(proto);
    } catch (const std::exception&) {
      libonnx_accepts = false;
    }
    Model m = load_proto(proto);
    EXPECT_EQ(libonnx_accepts, c.valid) << "the case is not what it says";
    EXPECT_EQ(m.checker_error.empty(), c.valid) << m.checker_error;
    agree += libonnx_accepts == m.checker_error.empty();
  }
  // Invalid for reasons the text syntax cannot write: a graph without a name,
  // an initializer with two data fields, an IR-3 initializer that is no input.
  onnx::ModelProto p = parse_model(cases[0].text);
  p.mutable_graph()->clear_name();
  EXPECT_FALSE(load_proto(p).checker_error.empty());
  p = parse_model(R"(<ir_version: 8, opset_import: ["" : 13]>
      g (float[2] x) => (float[2] y) { y = Add (x, x) })");
  p.mutable_graph()->mutable_node(0)->set_input(0, "");  // a required input left empty
  EXPECT_THROW(onnx::checker::check_model(p), std::exception);
  EXPECT_FALSE(load_proto(p).checker_error.empty());
  p = parse_model(R"(<ir_version: 8, opset_import: ["" : 13]>
      g (float[2] x) => (float[2] y) { y = Add (x, w) })");
  onnx::TensorProto* w = p.mutable_graph()->add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  w->add_dims(2);
  w->add_float_data(1);
  w->add_float_data(2);
  EXPECT_TRUE(load_proto(p).checker_error.empty()) << load_proto(p).checker_error;
  w->add_int64_data(1);
  EXPECT_FALSE(load_proto(p).checker_error.empty());
  w->clear_int64_data();
  p.set_ir_version(3);
  EXPECT_FALSE(load_proto(p).checker_error.empty());
  std::cout << "[oracle] hand-built models: the checkers agree on " << agree << "/"
            << std::size(cases) << "\n";
}

}  // namespace
}  // namespace onnx_lint::test
