// Writes the benchmark models into a directory, built with the ONNX protobuf
// API at run time so nothing large is committed:
//   weights_1gb.onnx      16 x MatMul [4096, 4096] float32: 1 GiB of weights, 32 nodes
//   resnet50.onnx         ResNet-50's layers and weight sizes (25.5 M parameters)
//   transformer.onnx      a BERT-base-shaped encoder: 12 layers, hidden 768 (110 M parameters)
//   synthetic_10k.onnx, synthetic_100k.onnx, synthetic_1m.onnx
//                         chains of small ops with torch-style scoped names
//   small/*.onnx          400 small models, for the -j speed-up
// Usage: make_models OUTDIR [--skip-large | --chain-1m]
#include <fmt/format.h>
#include <onnx/onnx_pb.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace fs = std::filesystem;
using onnx::GraphProto;
using onnx::ModelProto;
using onnx::NodeProto;
using onnx::TensorProto;

namespace {

ModelProto new_model(int opset) {
  ModelProto m;
  m.set_ir_version(7);
  m.set_producer_name("onnx-lint-bench");
  m.add_opset_import()->set_version(opset);
  return m;
}

void add_io(GraphProto* g, bool input, const std::string& name,
            std::initializer_list<int64_t> dims) {
  auto* vi = input ? g->add_input() : g->add_output();
  vi->set_name(name);
  auto* t = vi->mutable_type()->mutable_tensor_type();
  t->set_elem_type(TensorProto::FLOAT);
  for (int64_t d : dims) t->mutable_shape()->add_dim()->set_dim_value(d);
}

// A float initializer whose bytes are a cheap pattern (not zeros, so nothing
// is sparse on disk).
void add_weight(GraphProto* g, const std::string& name, std::initializer_list<int64_t> dims) {
  auto* t = g->add_initializer();
  t->set_name(name);
  t->set_data_type(TensorProto::FLOAT);
  int64_t n = 1;
  for (int64_t d : dims) t->add_dims(d), n *= d;
  std::string* raw = t->mutable_raw_data();
  raw->resize(static_cast<size_t>(n) * 4);
  for (size_t i = 0; i < raw->size(); i += 4) (*raw)[i] = static_cast<char>(i >> 2);
}

void add_ints(GraphProto* g, const std::string& name, std::vector<int64_t> values) {
  auto* t = g->add_initializer();
  t->set_name(name);
  t->set_data_type(TensorProto::INT64);
  t->add_dims(static_cast<int64_t>(values.size()));
  for (int64_t v : values) t->add_int64_data(v);
}

NodeProto* node(GraphProto* g, const std::string& op, const std::string& name,
                std::vector<std::string> in, std::vector<std::string> out) {
  auto* n = g->add_node();
  n->set_op_type(op);
  n->set_name(name);
  for (auto& s : in) n->add_input(s);
  for (auto& s : out) n->add_output(s);
  return n;
}

void attr_ints(NodeProto* n, const std::string& name, std::vector<int64_t> v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t x : v) a->add_ints(x);
}

void attr_int(NodeProto* n, const std::string& name, int64_t v) {
  auto* a = n->add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}

void save(const ModelProto& m, const fs::path& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!m.SerializeToOstream(&out)) throw std::runtime_error("cannot write " + path.string());
  std::cout << fmt::format("{:<28} {:>12} bytes, {} nodes\n", path.filename().string(),
                           fs::file_size(path), m.graph().node_size());
}

void weights_1gb(const fs::path& dir) {
  ModelProto m = new_model(12);
  GraphProto* g = m.mutable_graph();
  g->set_name("mlp");
  add_io(g, true, "x", {1, 4096});
  std::string cur = "x";
  for (int i = 0; i < 16; ++i) {
    const std::string w = fmt::format("layers.{}.weight", i);
    add_weight(g, w, {4096, 4096});
    node(g, "MatMul", fmt::format("/layers.{}/MatMul", i), {cur, w}, {fmt::format("mm{}", i)});
    node(g, "Relu", fmt::format("/layers.{}/Relu", i), {fmt::format("mm{}", i)},
         {fmt::format("h{}", i)});
    cur = fmt::format("h{}", i);
  }
  add_io(g, false, cur, {1, 4096});
  save(m, dir / "weights_1gb.onnx");
}

struct Conv {
  GraphProto* g;
  int count = 0;
  std::string operator()(const std::string& scope, const std::string& x, int64_t cin, int64_t cout,
                         int64_t k, int64_t stride, bool relu) {
    const std::string w = scope + ".weight", b = scope + ".bias";
    add_weight(g, w, {cout, cin, k, k});
    add_weight(g, b, {cout});
    const std::string y = fmt::format("/{}/Conv_output_0", scope);
    auto* n = node(g, "Conv", fmt::format("/{}/Conv", scope), {x, w, b}, {y});
    attr_ints(n, "kernel_shape", {k, k});
    attr_ints(n, "strides", {stride, stride});
    attr_ints(n, "pads", {k / 2, k / 2, k / 2, k / 2});
    if (!relu) return y;
    node(g, "Relu", fmt::format("/{}/Relu", scope), {y}, {y + "_relu"});
    return y + "_relu";
  }
};

void resnet50(const fs::path& dir) {
  ModelProto m = new_model(12);
  GraphProto* g = m.mutable_graph();
  g->set_name("resnet50");
  add_io(g, true, "input", {1, 3, 224, 224});
  Conv conv{g};
  std::string x = conv("conv1", "input", 3, 64, 7, 2, true);
  auto* pool = node(g, "MaxPool", "/maxpool/MaxPool", {x}, {"pool"});
  attr_ints(pool, "kernel_shape", {3, 3});
  attr_ints(pool, "strides", {2, 2});
  attr_ints(pool, "pads", {1, 1, 1, 1});
  x = "pool";
  int64_t cin = 64;
  const int blocks[] = {3, 4, 6, 3};
  for (int stage = 0; stage < 4; ++stage) {
    const int64_t width = 64 << stage, cout = width * 4;
    for (int b = 0; b < blocks[stage]; ++b) {
      const std::string s = fmt::format("layer{}.{}", stage + 1, b);
      const int64_t stride = (b == 0 && stage > 0) ? 2 : 1;
      std::string y = conv(s + ".conv1", x, cin, width, 1, 1, true);
      y = conv(s + ".conv2", y, width, width, 3, stride, true);
      y = conv(s + ".conv3", y, width, cout, 1, 1, false);
      std::string shortcut = b == 0 ? conv(s + ".downsample.0", x, cin, cout, 1, stride, false) : x;
      node(g, "Add", fmt::format("/{}/Add", s), {y, shortcut}, {s + "_sum"});
      node(g, "Relu", fmt::format("/{}/Relu_out", s), {s + "_sum"}, {s + "_out"});
      x = s + "_out";
      cin = cout;
    }
  }
  node(g, "GlobalAveragePool", "/avgpool/GlobalAveragePool", {x}, {"gap"});
  node(g, "Flatten", "/Flatten", {"gap"}, {"flat"});
  add_weight(g, "fc.weight", {1000, 2048});
  add_weight(g, "fc.bias", {1000});
  auto* fc = node(g, "Gemm", "/fc/Gemm", {"flat", "fc.weight", "fc.bias"}, {"logits"});
  attr_int(fc, "transB", 1);
  add_io(g, false, "logits", {1, 1000});
  save(m, dir / "resnet50.onnx");
}

void transformer(const fs::path& dir) {
  const int64_t hidden = 768, ffn = 3072, heads = 12, seq = 128, vocab = 30522, layers = 12;
  ModelProto m = new_model(12);
  GraphProto* g = m.mutable_graph();
  g->set_name("encoder");
  auto* ids = g->add_input();
  ids->set_name("input_ids");
  ids->mutable_type()->mutable_tensor_type()->set_elem_type(TensorProto::INT64);
  ids->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(1);
  ids->mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(seq);
  add_weight(g, "embeddings.word_embeddings.weight", {vocab, hidden});
  node(g, "Gather", "/embeddings/word_embeddings/Gather",
       {"embeddings.word_embeddings.weight", "input_ids"}, {"emb"});
  add_ints(g, "shape_heads", {1, seq, heads, hidden / heads});
  add_ints(g, "shape_hidden", {1, seq, hidden});
  std::string x = "emb";
  for (int64_t l = 0; l < layers; ++l) {
    const std::string s = fmt::format("encoder.layer.{}", l);
    auto linear = [&](const std::string& name, const std::string& in, int64_t a, int64_t b) {
      add_weight(g, s + "." + name + ".weight", {a, b});
      add_weight(g, s + "." + name + ".bias", {b});
      node(g, "MatMul", fmt::format("/{}/{}/MatMul", s, name), {in, s + "." + name + ".weight"},
           {s + name + "_mm"});
      node(g, "Add", fmt::format("/{}/{}/Add", s, name),
           {s + name + "_mm", s + "." + name + ".bias"}, {s + name + "_out"});
      return s + name + "_out";
    };
    auto heads_of = [&](const std::string& t, const std::string& tag, std::vector<int64_t> perm) {
      node(g, "Reshape", fmt::format("/{}/attention/Reshape_{}", s, tag), {t, "shape_heads"},
           {t + "_r"});
      auto* tr = node(g, "Transpose", fmt::format("/{}/attention/Transpose_{}", s, tag), {t + "_r"},
                      {t + "_t"});
      attr_ints(tr, "perm", perm);
      return t + "_t";
    };
    std::string q = heads_of(linear("attention.query", x, hidden, hidden), "q", {0, 2, 1, 3});
    std::string k = heads_of(linear("attention.key", x, hidden, hidden), "k", {0, 2, 3, 1});
    std::string v = heads_of(linear("attention.value", x, hidden, hidden), "v", {0, 2, 1, 3});
    node(g, "MatMul", fmt::format("/{}/attention/MatMul_qk", s), {q, k}, {s + "_scores"});
    add_weight(g, s + ".scale", {1});
    node(g, "Div", fmt::format("/{}/attention/Div", s), {s + "_scores", s + ".scale"},
         {s + "_scaled"});
    auto* sm =
        node(g, "Softmax", fmt::format("/{}/attention/Softmax", s), {s + "_scaled"}, {s + "_p"});
    attr_int(sm, "axis", -1);
    node(g, "MatMul", fmt::format("/{}/attention/MatMul_pv", s), {s + "_p", v}, {s + "_ctx"});
    auto* tr = node(g, "Transpose", fmt::format("/{}/attention/Transpose_ctx", s), {s + "_ctx"},
                    {s + "_ctx_t"});
    attr_ints(tr, "perm", {0, 2, 1, 3});
    node(g, "Reshape", fmt::format("/{}/attention/Reshape_ctx", s), {s + "_ctx_t", "shape_hidden"},
         {s + "_ctx_r"});
    std::string att = linear("attention.output.dense", s + "_ctx_r", hidden, hidden);
    node(g, "Add", fmt::format("/{}/attention/Add_residual", s), {att, x}, {s + "_res1"});
    std::string h = linear("intermediate.dense", s + "_res1", hidden, ffn);
    node(g, "Erf", fmt::format("/{}/intermediate/Erf", s), {h}, {s + "_gelu"});
    std::string o = linear("output.dense", s + "_gelu", ffn, hidden);
    node(g, "Add", fmt::format("/{}/output/Add_residual", s), {o, s + "_res1"}, {s + "_out"});
    x = s + "_out";
  }
  add_io(g, false, x, {1, seq, hidden});
  save(m, dir / "transformer.onnx");
}

// The first dim of every graph input and output becomes `batch` (dim_param).
void dynamic_batch(GraphProto* g) {
  for (auto* list : {g->mutable_input(), g->mutable_output()})
    for (auto& vi : *list) {
      auto* shape = vi.mutable_type()->mutable_tensor_type()->mutable_shape();
      if (shape->dim_size() > 0) shape->mutable_dim(0)->set_dim_param("batch");
    }
}

// A chain of n small ops, named like torch scopes, with a few shared constants.
// With a dynamic batch, the size analysis of OL403 follows it through every node.
ModelProto synthetic(int64_t n, bool dynamic = false) {
  ModelProto m = new_model(12);
  GraphProto* g = m.mutable_graph();
  g->set_name("synthetic");
  add_io(g, true, "x", {1, 64});
  add_weight(g, "bias", {64});
  add_weight(g, "scale", {64});
  std::string cur = "x";
  static const char* kOps[] = {"Add", "Relu", "Mul", "Sigmoid"};
  for (int64_t i = 0; i < n; ++i) {
    const char* op = kOps[i % 4];
    const std::string out = fmt::format("/blocks.{}/{}_output_0", i / 4, op);
    std::vector<std::string> in{cur};
    if (i % 4 == 0) in.push_back("bias");
    if (i % 4 == 2) in.push_back("scale");
    node(g, op, fmt::format("/blocks.{}/{}", i / 4, op), in, {out});
    cur = out;
  }
  add_io(g, false, cur, {1, 64});
  if (dynamic) dynamic_batch(g);
  return m;
}

// A chain whose every other op is a Tile (what `Tensor.repeat` exports to):
// n/2 OL201 findings in one model, for the HTML report's size and render time.
ModelProto tile_chain(int64_t n) {
  ModelProto m = new_model(12);
  GraphProto* g = m.mutable_graph();
  g->set_name("tiles");
  add_io(g, true, "x", {1, 64});
  add_ints(g, "reps", {1, 1});
  std::string cur = "x";
  for (int64_t i = 0; i < n; ++i) {
    const bool tile = i % 2 == 0;
    const std::string out = fmt::format("/blocks.{}/{}_output_0", i / 2, tile ? "Tile" : "Relu");
    node(g, tile ? "Tile" : "Relu", fmt::format("/blocks.{}/{}", i / 2, tile ? "Tile" : "Relu"),
         tile ? std::vector<std::string>{cur, "reps"} : std::vector<std::string>{cur}, {out});
    cur = out;
  }
  add_io(g, false, cur, {1, 64});
  return m;
}

void findings_batch(const fs::path& dir) {
  fs::create_directories(dir / "findings_5k");
  for (int i = 0; i < 25; ++i) {
    std::ofstream out(dir / "findings_5k" / fmt::format("tiles_{:02d}.onnx", i), std::ios::binary);
    tile_chain(400).SerializeToOstream(&out);
  }
  std::cout << "findings_5k/                 25 models with 200 Tile findings each\n";
}

void small_models(const fs::path& dir) {
  fs::create_directories(dir / "small");
  for (int i = 0; i < 400; ++i) {
    ModelProto m = synthetic(200 + i % 7);
    std::ofstream out(dir / "small" / fmt::format("model_{:03d}.onnx", i), std::ios::binary);
    m.SerializeToOstream(&out);
  }
  std::cout << "small/                       400 models of about 200 nodes\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: make_models OUTDIR [--skip-large | --chain-1m]\n";
    return 2;
  }
  const fs::path dir = argv[1];
  if (argc > 2 && std::string(argv[2]) == "--chain-1m") {  // only what tests/bench/peers.sh needs
    fs::create_directories(dir);
    save(synthetic(1'000'000), dir / "synthetic_1m.onnx");
    save(synthetic(1'000'000, true), dir / "synthetic_1m_dynamic.onnx");
    return 0;
  }
  const bool skip_large = argc > 2 && std::string(argv[2]) == "--skip-large";
  fs::create_directories(dir);
  try {
    if (!skip_large) weights_1gb(dir);
    resnet50(dir);
    if (!skip_large) transformer(dir);
    save(synthetic(10'000), dir / "synthetic_10k.onnx");
    save(synthetic(100'000), dir / "synthetic_100k.onnx");
    if (!skip_large) save(synthetic(1'000'000), dir / "synthetic_1m.onnx");
    if (!skip_large) save(synthetic(1'000'000, true), dir / "synthetic_1m_dynamic.onnx");
    small_models(dir);
    findings_batch(dir);
  } catch (const std::exception& e) {
    std::cerr << "make_models: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
