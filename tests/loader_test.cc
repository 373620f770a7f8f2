// The loader on good files and on every kind of bad input: a bad file is an
// error value naming the file and the reason, never a crash.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void expect_error(const LoadResult& r, const std::string& path, const std::string& reason) {
  EXPECT_FALSE(r.model.has_value());
  EXPECT_EQ(r.error.rfind(path + ": ", 0), 0u) << r.error;  // starts with the file
  EXPECT_NE(r.error.find(reason), std::string::npos) << r.error;
  EXPECT_EQ(r.error.find('\n'), std::string::npos) << "one line: " << r.error;
}

TEST(Loader, ReadsModelFactsOfARealExport) {
  LoadResult r = load_model(fixture("classifier_opset12"));
  ASSERT_TRUE(r.model) << r.error;
  const Model& m = *r.model;
  EXPECT_EQ(m.ir_version, 7);
  EXPECT_EQ(m.opset(""), 12);
  EXPECT_EQ(m.opset("ai.onnx"), 12);
  EXPECT_EQ(m.producer_name, "pytorch");
  EXPECT_FALSE(m.producer_version.empty());
  ASSERT_EQ(m.graphs.size(), 1u);
  EXPECT_EQ(m.main().path, "main");
  EXPECT_GT(m.main().nodes.size(), 3u);
  EXPECT_EQ(m.main().nodes[0].op_type, "Conv");
  EXPECT_EQ(m.main().nodes[0].name, "/features/features.0/Conv");
  EXPECT_EQ(m.main().inputs.size(), 1u);
  EXPECT_GE(m.main().initializers.size(), 4u);
}

TEST(Loader, MissingFile) {
  const std::string path = temp_dir() + "/does-not-exist.onnx";
  expect_error(load_model(path), path, "no such file");
}

TEST(Loader, Directory) { expect_error(load_model(temp_dir()), temp_dir(), "is a directory"); }

TEST(Loader, EmptyFile) {
  const std::string path = write_temp("empty.onnx", "");
  expect_error(load_model(path), path, "empty file");
}

// Bad input said as what it is: a Git LFS pointer, a text file.
TEST(Loader, AGitLfsPointerSaysToPullIt) {
  const std::string path = write_temp(
      "lfs.onnx",
      "version https://git-lfs.github.com/spec/v1\n"
      "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n");
  expect_error(load_model(path), path, "this is a Git LFS pointer (130 bytes), not the model");
  expect_error(load_model(path), path, "run `git lfs pull`");
}

TEST(Loader, ATextFileSaysItIsText) {
  const std::string path =
      write_temp("page.onnx", "<!DOCTYPE html>\n<html><body>404</body></html>\n");
  expect_error(load_model(path), path,
               "this is a text file, not an ONNX model (it starts with \"<!DOCTYPE html>\")");
}

// An external data file shorter than a tensor's bytes, known from its size
// alone (it is never opened): OL902 says so.
TEST(Loader, AnExternalDataFileShorterThanItsTensorsIsReported) {
  const std::string dir = fresh_dir("short_data");
  onnx::ModelProto p = model_with_external_data("w.bin");
  const std::string path = dir + "/short.onnx";
  {
    std::ofstream out(path, std::ios::binary);
    p.SerializeToOstream(&out);
    std::ofstream data(dir + "/w.bin", std::ios::binary);
    data << std::string(10, '\0');  // float[4] needs 16 bytes
  }
  LoadResult r = load_model(path);
  ASSERT_TRUE(r.model) << r.error;
  auto ds = only(lint(*r.model), "OL902");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("external data file 'w.bin' is too short for 1 tensor (first "
                               "'w'): it has 10 bytes, but tensor 'w' needs bytes 0 to 16"),
            std::string::npos)
      << ds[0].message;
  // Long enough: nothing to say.
  {
    std::ofstream data(dir + "/w.bin", std::ios::binary | std::ios::trunc);
    data << std::string(16, '\0');
  }
  LoadResult whole = load_model(path);
  ASSERT_TRUE(whole.model) << whole.error;
  EXPECT_TRUE(only(lint(*whole.model), "OL902").empty());
}

TEST(Loader, FifoIsRefusedWithoutBlocking) {
  const std::string path = temp_dir() + "/pipe.onnx";
  unlink(path.c_str());
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  expect_error(load_model(path), path, "not a regular file");
}

TEST(Loader, TruncatedFileAtEveryTenthOffset) {
  const std::string good = read_bytes(fixture("resize_bilinear2d_opset12"));
  ASSERT_GT(good.size(), 100u);
  for (size_t cut = 1; cut < good.size(); cut += good.size() / 10) {
    const std::string path = write_temp("truncated.onnx", good.substr(0, cut));
    LoadResult r = load_model(path);
    EXPECT_FALSE(r.model.has_value()) << "cut at " << cut;
    EXPECT_EQ(r.error.rfind(path + ": ", 0), 0u) << r.error;
    EXPECT_EQ(r.error.find('\n'), std::string::npos) << r.error;
  }
}

TEST(Loader, TruncationNamesTheByteAndTheField) {
  const std::string good = read_bytes(fixture("classifier_opset12"));
  const std::string path = write_temp("cut.onnx", good.substr(0, good.size() / 2));
  expect_error(load_model(path), path, "truncated");
  EXPECT_NE(load_model(path).error.find("graph"), std::string::npos);
}

TEST(Loader, NotAProtobuf) {
  const std::string path = write_temp("text.onnx", "this is a README, not a model\n");
  expect_error(load_model(path), path, "not");
}

TEST(Loader, ProtobufThatIsNotAModel) {
  onnx::TensorProto tensor;  // valid protobuf, wrong message
  tensor.set_name("weights");
  tensor.add_dims(3);
  tensor.set_data_type(1);
  for (int i = 0; i < 3; ++i) tensor.add_float_data(1.0f);
  const std::string path = write_temp("tensor.onnx", tensor.SerializeAsString());
  expect_error(load_model(path), path, "not an ONNX model");
}

TEST(Loader, ModelWithoutGraph) {
  onnx::ModelProto proto;
  proto.set_ir_version(7);
  proto.add_opset_import()->set_version(12);
  const std::string path = write_temp("nograph.onnx", proto.SerializeAsString());
  expect_error(load_model(path), path, "has no graph");
}

TEST(Loader, FileOverProtobufLimitIsRefusedBeforeReading) {
  const std::string path = temp_dir() + "/huge.onnx";
  { std::ofstream(path, std::ios::binary | std::ios::trunc); }
  // Sparse: costs no disk, and the loader must refuse it from its size alone.
  ASSERT_EQ(truncate(path.c_str(), (int64_t{1} << 31) + 4096), 0);
  expect_error(load_model(path), path, "2 GiB");
  unlink(path.c_str());
}

TEST(Loader, LargeTensorsKeepOnlyMetadata) {
  LoadOptions small;
  small.max_inline_tensor_bytes = 64;
  LoadResult r = load_model(fixture("classifier_opset12"), small);
  ASSERT_TRUE(r.model) << r.error;
  const Model& m = *r.model;
  int skipped = 0;
  for (const auto& t : m.tensors) {
    if (t.storage == Storage::kSkipped) {
      ++skipped;
      EXPECT_TRUE(t.bytes.empty());
    }
  }
  EXPECT_GT(skipped, 0);
  // The conv weight [16,8,3,3] float32 is 4608 bytes: metadata kept, bytes left
  // in the file, read on demand with the same values as a full load.
  auto it = m.main().initializers.find("features.4.weight");
  ASSERT_NE(it, m.main().initializers.end());
  const TensorData& w = m.tensors[it->second];
  EXPECT_EQ(w.dims, (std::vector<int64_t>{16, 8, 3, 3}));
  EXPECT_EQ(w.storage, Storage::kSkipped);
  EXPECT_EQ(w.data_field, 9);  // raw_data
  EXPECT_EQ(w.data_length, 4608u);
  EXPECT_TRUE(m.constant(m.main(), "head.bias").has_value());  // 40 bytes: kept
  LoadOptions all;
  all.max_inline_tensor_bytes = int64_t{1} << 30;
  LoadResult full = load_model(fixture("classifier_opset12"), all);
  ASSERT_TRUE(full.model);
  auto lazy = m.constant(m.main(), "features.4.weight");
  auto eager = full.model->constant(full.model->main(), "features.4.weight");
  ASSERT_TRUE(lazy && eager);
  EXPECT_EQ(lazy->floats, eager->floats);
  EXPECT_EQ(lazy->floats.size(), 16u * 8 * 3 * 3);
}

TEST(Loader, CheckerAcceptsARealExportWhoseWeightsWereSkipped) {
  // Regression: skipped payloads once made the checker report OL000 on every
  // model with a weight over 64 KiB (found on the ResNet-50 benchmark model).
  LoadOptions small;
  small.max_inline_tensor_bytes = 64;
  for (const char* name : {"classifier_opset12", "lraspp_mobilenet_v3_small_width"}) {
    LoadResult r = read_model(fixture(name), small);
    ASSERT_TRUE(r.model) << r.error;
    EXPECT_TRUE(r.model->checker_error.empty()) << name << ": " << r.model->checker_error;
    EXPECT_TRUE(only(lint(*r.model), "OL000").empty());
  }
}

TEST(Loader, AMainGraphConstantWithALargeTensorReadsItsValuesFromTheFile) {
  // The one kind of main-graph node the skeleton rewrites (its tensor's bytes
  // stay in the file), read after the loader gave the file's pages back.
  onnx::ModelProto proto = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[20000] x) => (float[20000] y) { y = Add(x, c) }
  )");
  onnx::NodeProto constant;
  constant.set_op_type("Constant");
  constant.add_output("c");
  onnx::AttributeProto* value = constant.add_attribute();
  value->set_name("value");
  value->set_type(onnx::AttributeProto::TENSOR);
  onnx::TensorProto* t = value->mutable_t();
  t->set_data_type(onnx::TensorProto::FLOAT);
  t->add_dims(20000);  // 80,000 bytes: over the 64 KiB kept in memory
  std::string raw(20000 * sizeof(float), '\0');
  for (int i = 0; i < 20000; ++i) {
    const float f = 0.25f * static_cast<float>(i);
    std::memcpy(raw.data() + i * sizeof(float), &f, sizeof f);
  }
  t->set_raw_data(raw);
  *proto.mutable_graph()->add_node() = constant;
  proto.mutable_graph()->mutable_node()->SwapElements(0, 1);  // the Constant first
  const std::string path = write_temp("large-constant.onnx", proto.SerializeAsString());
  LoadResult r = read_model(path);
  ASSERT_TRUE(r.model) << r.error;
  const Model& m = *r.model;
  ASSERT_EQ(m.main().nodes.size(), 2u);
  EXPECT_EQ(m.main().nodes[0].op_type, "Constant");
  EXPECT_EQ(m.main().producer("c"), &m.main().nodes[0]);
  const Attribute* a = m.main().nodes[0].attr("value");
  ASSERT_TRUE(a && a->tensor >= 0);
  EXPECT_EQ(m.tensors[a->tensor].storage, Storage::kSkipped);
  auto c = m.constant(m.main(), "c");
  ASSERT_TRUE(c);
  ASSERT_EQ(c->floats.size(), 20000u);
  EXPECT_FLOAT_EQ(c->floats[19999], 0.25f * 19999);
  EXPECT_TRUE(m.checker_error.empty()) << m.checker_error;
}

TEST(Loader, SkippedTypedFieldsDecodeLazily) {
  onnx::ModelProto proto = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[100] x) => (float[100] y) { y = Add(x, w) }
  )");
  auto* w = proto.mutable_graph()->add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  w->add_dims(100);
  for (int i = 0; i < 100; ++i) w->add_float_data(0.5f * i);  // packed float_data, not raw_data
  auto* r = proto.mutable_graph()->add_initializer();
  r->set_name("r");
  r->set_data_type(onnx::TensorProto::INT64);
  r->add_dims(50);
  for (int i = 0; i < 50; ++i) r->add_int64_data(int64_t{1} << i);  // varints
  LoadOptions small;
  small.max_inline_tensor_bytes = 16;
  LoadResult loaded = load_model_from_bytes(proto.SerializeAsString(), "typed.onnx", small);
  ASSERT_TRUE(loaded.model) << loaded.error;
  const Model& m = *loaded.model;
  EXPECT_EQ(m.tensors[m.main().initializers.at("w")].storage, Storage::kSkipped);
  auto wv = m.constant(m.main(), "w");
  ASSERT_TRUE(wv);
  ASSERT_EQ(wv->floats.size(), 100u);
  EXPECT_FLOAT_EQ(wv->floats[99], 49.5f);
  auto rv = m.constant(m.main(), "r");
  ASSERT_TRUE(rv);
  ASSERT_EQ(rv->ints.size(), 50u);
  EXPECT_EQ(rv->ints[40], int64_t{1} << 40);
}

TEST(Loader, ErrorsSayWhereInTheModel) {
  // A graph whose second node has an attribute claiming 100 bytes where 3 remain.
  const std::string attribute = std::string("\x2a\x64") + "abc";    // attribute, length 100
  const std::string node0 = std::string("\x0a\x03") + "\x22\x01X";  // node: op_type "X"
  const std::string node1 = std::string("\x0a") + char(attribute.size()) + attribute;
  const std::string graph = node0 + node1;
  const std::string model = std::string("\x08\x07\x3a") + char(graph.size()) + graph;
  LoadResult r = load_model_from_bytes(model, "deep.onnx");
  ASSERT_FALSE(r.model);
  EXPECT_NE(r.error.find("in graph[0].node[1]: truncated: attribute declares 100 bytes but only 3 "
                         "remain"),
            std::string::npos)
      << r.error;
}

// The main graph's nodes are parsed one at a time: a node whose bytes walk as
// protobuf but do not parse as a NodeProto (a packed `ints` cut mid-varint) is
// named in the error, and the model is refused as it was when parsed whole.
TEST(Loader, ANodeThatDoesNotParseIsNamed) {
  const std::string ints = std::string("\x42\x01\x80");           // ints: packed, cut
  const std::string attribute = std::string("\x0a\x01k") + ints;  // name "k", ints
  const std::string node0 = std::string("\x22\x01X");             // op_type "X"
  const std::string node1 = std::string("\x22\x01Y\x2a") + char(attribute.size()) + attribute;
  const std::string graph =
      std::string("\x0a") + char(node0.size()) + node0 + "\x0a" + char(node1.size()) + node1;
  const std::string model = std::string("\x08\x07\x3a") + char(graph.size()) + graph;
  expect_error(load_model_from_bytes(model, "badnode.onnx"), "badnode.onnx",
               "not an ONNX model: the bytes are protobuf, but graph.node[1] does not parse as an "
               "ONNX NodeProto");
}

// A length-delimited protobuf field; `pad` makes its length varint that many
// bytes longer than it needs to be (protobuf's parser takes 2 to 5 bytes for a
// small length, but not 6: the skeleton writes such a header again, shorter).
std::string field(int number, const std::string& payload, int pad = 0) {
  std::string out(1, static_cast<char>(number << 3 | 2));
  uint64_t n = payload.size();
  for (int k = 0; n >= 0x80 || k < pad; ++k, n >>= 7) out += static_cast<char>(n & 0x7f | 0x80);
  out += static_cast<char>(n);
  return out + payload;
}

TEST(Loader, AMainGraphNodeReadsAsProtobufWouldHoweverItsBytesAreWritten) {
  // Nodes with only names are read from their bytes, the others by protobuf;
  // both must give what protobuf's own parse gives (onnx.proto's field numbers).
  const std::string plain = field(1, "x") + field(1, "") + field(1, "w", 2) + field(2, "y") +
                            field(3, "first") + field(3, "/layer/Add") + field(4, "Add") +
                            field(6, "model.py(3): forward") + field(7, "");
  const std::string attribute = field(1, "axis") + "\x18\x01" + "\xa0\x01\x02";  // i: 1, INT
  const std::string with_attribute =
      field(1, "y") + field(2, "z") + field(4, "Softmax") + field(5, attribute, 5);
  const std::string custom = field(1, "z") + field(2, "out") + field(4, "Scale") +
                             field(7, "com.example") + field(8, "");  // and an unknown field 8
  const std::string graph = field(1, plain) + field(1, with_attribute) + field(1, custom) +
                            field(2, "g") + field(11, field(1, "x")) + field(11, field(1, "w")) +
                            field(12, field(1, "out"));
  const std::string opsets = field(8, field(1, "") + "\x10\x0d") +  // "": 13
                             field(8, field(1, "com.example") + "\x10\x01");
  const std::string model = std::string("\x08\x08") + field(7, graph) + opsets;
  LoadResult r = load_model_from_bytes(model, "written.onnx");
  ASSERT_TRUE(r.model) << r.error;
  const Graph& g = r.model->main();
  ASSERT_EQ(g.nodes.size(), 3u);
  const Node& add = g.nodes[0];
  EXPECT_EQ(add.name, "/layer/Add");  // a repeated singular field: the last one
  EXPECT_EQ(add.op_type, "Add");
  EXPECT_TRUE(add.in_onnx_domain());
  ASSERT_EQ(add.inputs.size(), 3u);
  EXPECT_EQ(add.inputs[0], "x");
  EXPECT_EQ(add.inputs[1], "");  // an omitted optional input stays in its place
  EXPECT_EQ(add.inputs[2], "w");
  EXPECT_EQ(std::vector<std::string_view>(add.outputs.begin(), add.outputs.end()),
            std::vector<std::string_view>{"y"});
  EXPECT_EQ(add.doc_string(), "model.py(3): forward");
  // An iterator outlives the NameList it came from (a copy here).
  const auto last = [&] {
    const NameList copy = add.inputs;
    return copy.end() - 1;
  }();
  EXPECT_EQ(*last, "w");
  const Node& softmax = g.nodes[1];
  EXPECT_EQ(softmax.op_type, "Softmax");
  EXPECT_EQ(softmax.attr_int("axis", -1), 1);
  EXPECT_EQ(g.producer("y"), &add);
  EXPECT_EQ(g.producer("z"), &softmax);
  EXPECT_EQ(g.nodes[2].domain, "com.example");
  EXPECT_EQ(g.nodes[2].op_type, "Scale");
  EXPECT_EQ(g.consumers("z").size(), 1u);
}

TEST(Loader, LoadingAloneInfersNothingAndNeverLeavesIntermediatesUntyped) {
  // The load layer gives declared types only; read_model completes the model
  // unless --infer-types never says not to.
  LoadResult r = load_model(fixture("classifier_opset12"));
  ASSERT_TRUE(r.model);
  EXPECT_EQ(r.model->main().type_of(r.model->main().nodes[0].outputs[0]), nullptr);
  LoadOptions never;
  never.infer_types = InferTypes::kNever;
  r = read_model(fixture("classifier_opset12"), never);
  ASSERT_TRUE(r.model);
  EXPECT_EQ(r.model->main().type_of(r.model->main().nodes[0].outputs[0]), nullptr);
  r = read_model(fixture("classifier_opset12"));
  ASSERT_TRUE(r.model);
  const TensorType* t = r.model->main().type_of(r.model->main().nodes[0].outputs[0]);
  ASSERT_NE(t, nullptr);
  EXPECT_TRUE(t->inferred);
  EXPECT_EQ(t->elem_type, dtype::kFloat);
}

TEST(Loader, ExternalDataIsRecordedNotRead) {
  onnx::ModelProto proto = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[4] x) => (float[4] y) { y = Add(x, w) }
  )");
  auto* w = proto.mutable_graph()->add_initializer();
  w->set_name("w");
  w->set_data_type(1);
  w->add_dims(4);
  w->set_data_location(onnx::TensorProto::EXTERNAL);
  auto* kv = w->add_external_data();
  kv->set_key("location");
  kv->set_value("../../etc/passwd");  // data, never a path to open
  Model m = load_proto(proto);
  auto it = m.main().initializers.find("w");
  ASSERT_NE(it, m.main().initializers.end());
  const TensorData& t = m.tensors[it->second];
  EXPECT_EQ(t.storage, Storage::kExternal);
  EXPECT_EQ(t.external_location, "../../etc/passwd");
  EXPECT_TRUE(t.bytes.empty());
  EXPECT_FALSE(m.constant(m.main(), "w").has_value());
}

}  // namespace
}  // namespace onnx_lint::test

namespace onnx_lint::test {
namespace {

// Typed (not raw) payloads of every width, left in the file and decoded on
// demand: the packed varints narrow to the element type's width.
TEST(Loader, SkippedTypedPayloadsDecodeToTheirValues) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 12]>
    g (float[1] x) => (float[1] y) { y = Identity (x) }
  )");
  auto add = [&](const char* name, onnx::TensorProto::DataType type) {
    auto* t = p.mutable_graph()->add_initializer();
    t->set_name(name);
    t->set_data_type(type);
    t->add_dims(3);
    return t;
  };
  auto* i32 = add("i32", onnx::TensorProto::INT32);
  for (int32_t v : {1, -2, 300}) i32->add_int32_data(v);
  auto* i8 = add("i8", onnx::TensorProto::INT8);
  for (int32_t v : {-1, 2, -128}) i8->add_int32_data(v);
  auto* i64 = add("i64", onnx::TensorProto::INT64);
  for (int64_t v : {int64_t{1} << 40, int64_t{-5}, int64_t{7}}) i64->add_int64_data(v);
  auto* f = add("f", onnx::TensorProto::FLOAT);
  for (float v : {0.5f, -1.0f, 3.0f}) f->add_float_data(v);
  std::string bytes;
  p.SerializeToString(&bytes);
  LoadOptions skip_all;
  skip_all.max_inline_tensor_bytes = 0;
  LoadResult r = load_model_from_bytes(bytes, "typed.onnx", skip_all);
  ASSERT_TRUE(r.model) << r.error;
  const Model& m = *r.model;
  for (const auto& t : m.tensors) EXPECT_EQ(t.storage, Storage::kSkipped) << t.name;
  EXPECT_EQ(m.constant(m.main(), "i32")->ints, (std::vector<int64_t>{1, -2, 300}));
  EXPECT_EQ(m.constant(m.main(), "i8")->ints, (std::vector<int64_t>{-1, 2, -128}));
  EXPECT_EQ(m.constant(m.main(), "i64")->ints, (std::vector<int64_t>{int64_t{1} << 40, -5, 7}));
  EXPECT_EQ(m.constant(m.main(), "f")->floats, (std::vector<double>{0.5, -1.0, 3.0}));
}

}  // namespace
}  // namespace onnx_lint::test
