// Target profiles (targets/*.toml): every entry of every target's data has a
// test here, built with the protobuf API, that makes the rule fire, and a
// clean counterpart that does not; then real exports under each target.
#include "engine/targets.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <map>

#include "test_util.h"

namespace onnx_lint::test {
namespace {

using Build = std::function<void(onnx::GraphProto&, onnx::NodeProto&)>;

onnx::TensorProto* int_tensor(onnx::GraphProto& g, const std::string& name,
                              const std::vector<int64_t>& values,
                              int type = onnx::TensorProto::INT64, bool scalar = false) {
  onnx::TensorProto* t = g.add_initializer();
  t->set_name(name);
  t->set_data_type(type);
  if (!scalar) t->add_dims(static_cast<int64_t>(values.size()));
  for (int64_t v : values) {
    if (type == onnx::TensorProto::INT64)
      t->add_int64_data(v);
    else
      t->add_int32_data(static_cast<int32_t>(v));
  }
  return t;
}

void float_tensor(onnx::GraphProto& g, const std::string& name, const std::vector<float>& values) {
  onnx::TensorProto* t = g.add_initializer();
  t->set_name(name);
  t->set_data_type(onnx::TensorProto::FLOAT);
  t->add_dims(static_cast<int64_t>(values.size()));
  for (float v : values) t->add_float_data(v);
}

// `y = op(x, ...)` with x float[1, 3, 8, 8] (or the dims given) at `opset`.
onnx::ModelProto single_node(const std::string& op, int opset, const Build& build,
                             std::vector<int64_t> dims = {1, 3, 8, 8}) {
  onnx::ModelProto m;
  m.set_ir_version(8);
  m.add_opset_import()->set_version(opset);
  onnx::GraphProto& g = *m.mutable_graph();
  g.set_name("g");
  auto* x = g.add_input();
  x->set_name("x");
  auto* type = x->mutable_type()->mutable_tensor_type();
  type->set_elem_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims) type->mutable_shape()->add_dim()->set_dim_value(d);
  onnx::NodeProto& n = *g.add_node();
  n.set_op_type(op);
  n.set_name("node");
  n.add_input("x");
  n.add_output("y");
  g.add_output()->set_name("y");
  if (build) build(g, n);
  return m;
}

void attr_int(onnx::NodeProto& n, const std::string& name, int64_t v) {
  auto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INT);
  a->set_i(v);
}

void attr_ints(onnx::NodeProto& n, const std::string& name, const std::vector<int64_t>& v) {
  auto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::INTS);
  for (int64_t i : v) a->add_ints(i);
}

void attr_string(onnx::NodeProto& n, const std::string& name, const std::string& v) {
  auto* a = n.add_attribute();
  a->set_name(name);
  a->set_type(onnx::AttributeProto::STRING);
  a->set_s(v);
}

// A tensor computed in the graph (from x's shape), never a constant.
std::string computed(onnx::GraphProto& g) {
  onnx::NodeProto* s = g.add_node();
  s->set_op_type("Shape");
  s->add_input("x");
  s->add_output("computed");
  // The Shape node must come first: move it before the node under test.
  g.mutable_node()->SwapElements(0, g.node_size() - 1);
  return "computed";
}

// How to break one restriction check, and how to meet it, for an op.
struct Case {
  std::function<onnx::ModelProto(const std::string&op, int opset)> broken, clean;
};

// A graph input of int64[1]: a value known only at run time, which no folding reaches.
std::string runtime_input(onnx::GraphProto& g, const std::string& name) {
  auto* in = g.add_input();
  in->set_name(name);
  auto* type = in->mutable_type()->mutable_tensor_type();
  type->set_elem_type(onnx::TensorProto::INT64);
  type->mutable_shape()->add_dim()->set_dim_value(1);
  return name;
}

// x's first dim made dynamic (a batch named at export).
void dynamic_batch(onnx::ModelProto& m) {
  m.mutable_graph()
      ->mutable_input(0)
      ->mutable_type()
      ->mutable_tensor_type()
      ->mutable_shape()
      ->mutable_dim(0)
      ->set_dim_param("batch");
}

// Axes that are not an initializer but fold to one (Identity of a constant),
// against axes fed at run time.
Case foldable_axes_case() {
  auto make = [](bool foldable) {
    return [foldable](const std::string& op, int opset) {
      return single_node(op, opset, [&](onnx::GraphProto& g, onnx::NodeProto& n) {
        std::string axes = "axes";
        if (foldable) {
          int_tensor(g, "axes_init", {1}, onnx::TensorProto::INT64, op == "CumSum");
          onnx::NodeProto* id = g.add_node();
          id->set_op_type("Identity");
          id->add_input("axes_init");
          id->add_output("axes");
          g.mutable_node()->SwapElements(0, g.node_size() - 1);
        } else {
          axes = runtime_input(g, "axes_in");
        }
        n.add_input(axes);
      });
    };
  };
  return {make(false), make(true)};
}

Case with_attr(const std::string& name, int64_t bad, int64_t good) {
  auto make = [name](int64_t v) {
    return [name, v](const std::string& op, int opset) {
      return single_node(op, opset,
                         [&](onnx::GraphProto&, onnx::NodeProto& n) { attr_int(n, name, v); });
    };
  };
  return {make(bad), make(good)};
}

Case axes_case() {
  auto make = [](bool constant) {
    return [constant](const std::string& op, int opset) {
      return single_node(op, opset, [&](onnx::GraphProto& g, onnx::NodeProto& n) {
        std::string axes = "axes";
        if (constant)
          int_tensor(g, "axes", {1}, onnx::TensorProto::INT64, op == "CumSum");
        else
          axes = computed(g);
        if (op == "Slice") {
          int_tensor(g, "starts", {0});
          int_tensor(g, "ends", {2});
          n.add_input("starts");
          n.add_input("ends");
        } else if (op == "Pad") {
          int_tensor(g, "pads", {0, 1});
          n.add_input("pads");
          n.add_input("");
        }
        n.add_input(axes);
      });
    };
  };
  return {make(false), make(true)};
}

Case resize_case(const std::string& attr, const std::string& bad, const std::string& good) {
  auto make = [attr](std::string value) {
    return [attr, value](const std::string& op, int opset) {
      return single_node(op, opset, [&](onnx::GraphProto& g, onnx::NodeProto& n) {
        float_tensor(g, "scales", {1, 1, 2, 2});
        n.add_input("");
        n.add_input("scales");
        if (attr == "antialias")
          attr_int(n, attr, std::stoi(value));
        else
          attr_string(n, attr, value);
      });
    };
  };
  return {make(bad), make(good)};
}

Case topk_case(int64_t bad_k, int64_t good_k, int64_t sorted_bad, std::vector<int64_t> dims) {
  auto make = [dims](int64_t k, int64_t sorted) {
    return [dims, k, sorted](const std::string& op, int opset) {
      return single_node(
          op, opset,
          [&](onnx::GraphProto& g, onnx::NodeProto& n) {
            int_tensor(g, "k", {k});
            n.add_input("k");
            n.add_output("indices");
            attr_int(n, "sorted", sorted);
          },
          dims);
    };
  };
  return {make(bad_k, sorted_bad), make(good_k, 1)};
}

const std::map<std::string, Case>& cases() {
  static const std::map<std::string, Case> table = [] {
    std::map<std::string, Case> t;
    auto pool = [](std::vector<int64_t> dims, std::vector<int64_t> kernel) {
      return [dims, kernel](const std::string& op, int opset) {
        return single_node(
            op, opset,
            [&](onnx::GraphProto&, onnx::NodeProto& n) { attr_ints(n, "kernel_shape", kernel); },
            dims);
      };
    };
    t["pool-rank"] = {pool({1, 3, 8}, {2}), pool({1, 3, 8, 8}, {2, 2})};
    auto indices = [](bool used) {
      return [used](const std::string& op, int opset) {
        return single_node(op, opset, [&](onnx::GraphProto& g, onnx::NodeProto& n) {
          attr_ints(n, "kernel_shape", {2, 2});
          if (!used) return;
          n.add_output("indices");
          g.add_output()->set_name("indices");
        });
      };
    };
    t["maxpool-indices"] = {indices(true), indices(false)};
    auto dilations = [](std::vector<int64_t> d) {
      return [d](const std::string& op, int opset) {
        return single_node(op, opset, [&](onnx::GraphProto&, onnx::NodeProto& n) {
          attr_ints(n, "kernel_shape", {2, 2});
          attr_ints(n, "dilations", d);
        });
      };
    };
    t["pool-dilations"] = {dilations({2, 2}), dilations({1, 1})};
    auto einsum = [](std::string eq) {
      return [eq](const std::string& op, int opset) {
        return single_node(op, opset, [&](onnx::GraphProto&, onnx::NodeProto& n) {
          n.add_input("x");
          attr_string(n, "equation", eq);
        });
      };
    };
    t["einsum-ellipsis"] = {einsum("...ij,...jk->...ik"), einsum("bcij,bcjk->bcik")};
    auto zero_point = [](int64_t z) {
      return [z](const std::string& op, int opset) {
        return single_node(op, opset, [&](onnx::GraphProto& g, onnx::NodeProto& n) {
          float_tensor(g, "scale", {0.1f});
          int_tensor(g, "zp", {z}, onnx::TensorProto::INT32, true)
              ->set_data_type(onnx::TensorProto::INT8);
          n.add_input("scale");
          n.add_input("zp");
        });
      };
    };
    t["zero-point"] = {zero_point(3), zero_point(0)};
    t["axes-initializer"] = axes_case();
    t["resize-mode"] = resize_case("mode", "cubic", "linear");
    t["resize-antialias"] = resize_case("antialias", "1", "0");
    t["resize-aspect-policy"] = resize_case("keep_aspect_ratio_policy", "not_larger", "stretch");
    t["topk-sorted"] = topk_case(5, 5, 0, {1, 3, 8, 8});
    // The boundary: K must be below 3840, so 3840 breaks it and 3839 meets it.
    t["topk-k-limit"] = topk_case(3840, 3839, 1, {5000});
    t["scatternd-reduction"] = {
        [](const std::string& op, int opset) {
          return single_node(op, opset, [&](onnx::GraphProto&, onnx::NodeProto& n) {
            n.add_input("x");
            n.add_input("x");
            attr_string(n, "reduction", "add");
          });
        },
        [](const std::string& op, int opset) {
          return single_node(op, opset, [&](onnx::GraphProto&, onnx::NodeProto& n) {
            n.add_input("x");
            n.add_input("x");
          });
        }};
    t["lstm-layout"] = with_attr("layout", 1, 0);
    t["lstm-input-forget"] = with_attr("input_forget", 1, 0);
    auto dropout = [](int64_t training) {
      return [training](const std::string& op, int opset) {
        return single_node(op, opset, [&](onnx::GraphProto& g, onnx::NodeProto& n) {
          float_tensor(g, "ratio", {0.1f});
          int_tensor(g, "training", {training}, onnx::TensorProto::INT32, true)
              ->set_data_type(onnx::TensorProto::BOOL);
          n.add_input("ratio");
          n.add_input("training");
        });
      };
    };
    t["dropout-training"] = {dropout(1), dropout(0)};
    t["random-seed"] = {
        [](const std::string& op, int opset) {
          return single_node(op, opset, [&](onnx::GraphProto&, onnx::NodeProto& n) {
            auto* a = n.add_attribute();
            a->set_name("seed");
            a->set_type(onnx::AttributeProto::FLOAT);
            a->set_f(7);
          });
        },
        [](const std::string& op, int opset) { return single_node(op, opset, nullptr); }};
    auto int64_value = [](int64_t v) {
      return [v](const std::string& op, int opset) {
        return single_node(op, opset, [&](onnx::GraphProto& g, onnx::NodeProto& n) {
          int_tensor(g, "k", {v});
          n.add_input("k");
        });
      };
    };
    // INT32's largest value meets it; one more is clamped.
    t["int64-clamped"] = {int64_value(int64_t{INT32_MAX} + 1), int64_value(INT32_MAX)};
    auto onehot = [](bool constant) {
      return [constant](const std::string& op, int opset) {
        return single_node(op, opset, [&](onnx::GraphProto& g, onnx::NodeProto& n) {
          float_tensor(g, "values", {0, 1});
          std::string depth = "depth";
          if (constant)
            int_tensor(g, "depth", {10}, onnx::TensorProto::INT64, true);
          else
            depth = computed(g);
          n.add_input(depth);
          n.add_input("values");
        });
      };
    };
    t["onehot-depth"] = {onehot(false), onehot(true)};
    auto loop = [](bool constant_trips) {
      return [constant_trips](const std::string& op, int opset) {
        return single_node(op, opset, [&](onnx::GraphProto& g, onnx::NodeProto& n) {
          std::string trips = "trips";
          if (constant_trips)
            int_tensor(g, "trips", {3}, onnx::TensorProto::INT64, true);
          else
            trips = computed(g);
          int_tensor(g, "go", {1}, onnx::TensorProto::INT32, true)
              ->set_data_type(onnx::TensorProto::BOOL);
          n.clear_input();
          n.add_input(trips);
          n.add_input("go");
          n.add_input("x");
          n.add_output("stacked");
          auto* a = n.add_attribute();
          a->set_name("body");
          a->set_type(onnx::AttributeProto::GRAPH);
          onnx::GraphProto& body = *a->mutable_g();
          body.set_name("body");
          for (const char* in : {"i", "c", "v"}) body.add_input()->set_name(in);
          for (auto [out, from] : {std::pair{"c_out", "c"}, {"v_out", "v"}, {"scan", "v"}}) {
            onnx::NodeProto* id = body.add_node();
            id->set_op_type("Identity");
            id->add_input(from);
            id->add_output(out);
            body.add_output()->set_name(out);
          }
        });
      };
    };
    t["loop-scan-length"] = {loop(false), loop(true)};
    auto branches = [](size_t else_rank) {
      return [else_rank](const std::string& op, int opset) {
        return single_node(op, opset, [&](onnx::GraphProto& g, onnx::NodeProto& n) {
          int_tensor(g, "cond", {1}, onnx::TensorProto::INT32, true)
              ->set_data_type(onnx::TensorProto::BOOL);
          n.clear_input();
          n.add_input("cond");
          for (auto [name, rank] :
               {std::pair{"then_branch", size_t{2}}, {"else_branch", else_rank}}) {
            auto* a = n.add_attribute();
            a->set_name(name);
            a->set_type(onnx::AttributeProto::GRAPH);
            onnx::GraphProto& b = *a->mutable_g();
            b.set_name(name);
            onnx::NodeProto* id = b.add_node();
            id->set_op_type("Identity");
            id->add_input("x");
            id->add_output(std::string(name) + "_y");
            auto* out = b.add_output();
            out->set_name(std::string(name) + "_y");
            auto* type = out->mutable_type()->mutable_tensor_type();
            type->set_elem_type(onnx::TensorProto::FLOAT);
            for (size_t d = 0; d < rank; ++d) type->mutable_shape()->add_dim()->set_dim_value(3);
          }
        });
      };
    };
    t["if-branch-ranks"] = {branches(1), branches(2)};
    t["axes-constant"] = foldable_axes_case();
    auto attention = [](std::vector<int64_t> dims, const Build& more) {
      return [dims, more](const std::string& op, int opset) {
        return single_node(
            op, opset,
            [&](onnx::GraphProto& g, onnx::NodeProto& n) {
              n.add_input("x");
              n.add_input("x");
              if (more) more(g, n);
            },
            dims);
      };
    };
    t["attention-4d"] = {attention({1, 4, 8}, nullptr), attention({1, 2, 4, 8}, nullptr)};
    t["attention-cache"] = {attention({1, 2, 4, 8},
                                      [](onnx::GraphProto&, onnx::NodeProto& n) {
                                        n.add_input("");
                                        n.add_input("x");
                                      }),
                            attention({1, 2, 4, 8}, nullptr)};
    t["attention-softcap"] = {attention({1, 2, 4, 8},
                                        [](onnx::GraphProto&, onnx::NodeProto& n) {
                                          auto* a = n.add_attribute();
                                          a->set_name("softcap");
                                          a->set_type(onnx::AttributeProto::FLOAT);
                                          a->set_f(30);
                                        }),
                              attention({1, 2, 4, 8}, nullptr)};
    auto grid = [](std::vector<int64_t> dims) {
      return [dims](const std::string& op, int opset) {
        return single_node(
            op, opset,
            [&](onnx::GraphProto& g, onnx::NodeProto& n) {
              float_tensor(g, "grid", {0, 0});
              n.add_input("grid");
            },
            dims);
      };
    };
    t["gridsample-rank"] = {grid({1, 3, 8}), grid({1, 3, 8, 8})};
    t["tensorscatter-layout"] = {
        [](const std::string& op, int opset) {
          return single_node(op, opset, [&](onnx::GraphProto&, onnx::NodeProto& n) {
            n.add_input("x");
            attr_int(n, "axis", 1);
          });
        },
        [](const std::string& op, int opset) {
          return single_node(op, opset,
                             [&](onnx::GraphProto&, onnx::NodeProto& n) { n.add_input("x"); });
        }};
    auto rotary = [](int type) {
      return [type](const std::string& op, int opset) {
        return single_node(op, opset, [&](onnx::GraphProto& g, onnx::NodeProto& n) {
          float_tensor(g, "cos", {1});
          float_tensor(g, "sin", {1});
          int_tensor(g, "pos", {0}, type);
          n.add_input("cos");
          n.add_input("sin");
          n.add_input("pos");
        });
      };
    };
    t["rotary-position-ids"] = {rotary(onnx::TensorProto::INT32), rotary(onnx::TensorProto::INT64)};
    auto stft = [](bool constant) {
      return [constant](const std::string& op, int opset) {
        return single_node(op, opset, [&](onnx::GraphProto& g, onnx::NodeProto& n) {
          std::string step = "step";
          if (constant)
            int_tensor(g, "step", {4}, onnx::TensorProto::INT64, true);
          else
            step = runtime_input(g, "step_in");
          n.add_input(step);
        });
      };
    };
    t["stft-initializers"] = {stft(false), stft(true)};
    t["squeeze-dynamic-no-axes"] = {
        [](const std::string& op, int opset) {
          onnx::ModelProto m = single_node(op, opset, nullptr, {1, 3, 1, 8});
          dynamic_batch(m);
          return m;
        },
        [](const std::string& op, int opset) {
          return single_node(op, opset, nullptr, {1, 3, 1, 8});
        }};
    return t;
  }();
  return table;
}

std::vector<Diagnostic> lint_under(const Target& target, const onnx::ModelProto& proto) {
  LintSettings settings;
  settings.target = target.name;
  return lint(load_proto(proto), settings);
}

TEST(Targets, DataReadsAndTheDefaultComesFirst) {
  ASSERT_FALSE(all_targets().empty());
  EXPECT_EQ(all_targets().front().name, "cheatsheet");
  EXPECT_EQ(find_target("trt-10"), find_target("trt-10.15"));
  EXPECT_EQ(find_target("trt-11"), find_target("trt-11.5"));
  EXPECT_EQ(find_target("trt-9"), nullptr);
  for (const Target& t : all_targets())
    if (t.has_facts()) EXPECT_FALSE(t.evidence.empty()) << t.name;
}

TEST(Targets, EveryUnsupportedOpIsReportedAndACleanModelIsNot) {
  size_t entries = 0;
  for (const Target& t : all_targets()) {
    if (!t.parser.empty()) continue;  // its facts are its parser's, tested there
    const int opset = t.has_facts() ? t.max_opset : 13;
    for (const std::string& op : t.unsupported) {
      ++entries;
      auto ds = only(lint_under(t, single_node(op, opset, nullptr)), "OL601");
      ASSERT_EQ(ds.size(), 1u) << t.name << " " << op;
      EXPECT_NE(ds[0].message.find(op + " is not supported by " + t.runtime), std::string::npos)
          << ds[0].message;
      EXPECT_NE(ds[0].message.find(t.evidence), std::string::npos) << ds[0].message;
      EXPECT_FALSE(ds[0].fix.empty());
    }
    if (!t.unsupported.empty())
      EXPECT_TRUE(only(lint_under(t, single_node("Relu", opset, nullptr)), "OL601").empty());
  }
  EXPECT_GT(entries, 100u);
}

TEST(Targets, EveryRestrictionHasATestThatBreaksItAndOneThatMeetsIt) {
  size_t entries = 0;
  for (const Target& t : all_targets())
    for (const TargetRestriction& r :
         t.parser.empty() ? t.restrictions : std::vector<TargetRestriction>{}) {
      auto it = cases().find(r.check);
      ASSERT_NE(it, cases().end()) << t.name << ": no test for check '" << r.check << "'";
      for (const std::string& op : r.ops) {
        ++entries;
        auto broken = only(lint_under(t, it->second.broken(op, t.max_opset)), "OL603");
        ASSERT_EQ(broken.size(), 1u) << t.name << " " << r.check << " " << op;
        EXPECT_NE(broken[0].message.find(r.fact), std::string::npos) << broken[0].message;
        EXPECT_FALSE(broken[0].fix.empty());
        auto clean = only(lint_under(t, it->second.clean(op, t.max_opset)), "OL603");
        EXPECT_TRUE(clean.empty())
            << t.name << " " << r.check << " " << op << ": " << clean.front().message;
      }
    }
  EXPECT_GT(entries, 40u);
}

TEST(Targets, ASeedTensorRtIgnoresIsAWarningAndStaysOnTensorRt) {
  auto model = single_node("RandomNormalLike", 17, [](onnx::GraphProto&, onnx::NodeProto& n) {
    auto* a = n.add_attribute();
    a->set_name("seed");
    a->set_type(onnx::AttributeProto::FLOAT);
    a->set_f(7);
  });
  for (const char* name : {"trt-8.6", "trt-10"}) {
    auto ds = only(lint_under(*find_target(name), model), "OL603");
    ASSERT_EQ(ds.size(), 1u) << name;
    EXPECT_EQ(ds[0].severity, Severity::kWarning) << name;
  }
  LintSettings settings;
  settings.target = "ort-trt";
  auto ds = only(lint(load_proto(model), settings), "OL605");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("take 1 of 1 nodes in 1 subgraph;"), std::string::npos)
      << ds[0].message;
}

TEST(Targets, StatisticsCountPerTarget) {
  // Two folders, two configs, two targets: --statistics counts each apart.
  fresh_dir("stats-trt");
  fresh_dir("stats-ort");
  write_temp("stats-trt/.onnx-lint.toml", "target = \"trt-8.6\"\n");
  write_temp("stats-ort/.onnx-lint.toml", "target = \"ort-trt\"\n");
  const std::string a = temp_dir() + "/stats-trt/m.onnx", b = temp_dir() + "/stats-ort/m.onnx";
  std::filesystem::copy_file(fixture("target_unique"), a);
  std::filesystem::copy_file(fixture("target_unique"), b);
  RunResult r = run_binary({"--statistics", "--color", "never", a, b});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const size_t trt = r.out.find("target trt-8.6:\n"), ort = r.out.find("target ort-trt:\n");
  ASSERT_NE(trt, std::string::npos) << r.out;
  ASSERT_NE(ort, std::string::npos) << r.out;
  EXPECT_NE(r.out.find("OL601  unsupported-operator", trt), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("OL605  trt-partition", ort), std::string::npos) << r.out;
  EXPECT_EQ(r.out.substr(trt, ort - trt).find("OL605"), std::string::npos) << r.out;
}

TEST(Targets, OpsetOutsideTheWindowIsReported) {
  const Target& trt86 = *find_target("trt-8.6");
  auto ds = only(lint_under(trt86, single_node("Relu", 18, nullptr)), "OL602");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("opset 18, and TensorRT 8.6's ONNX parser reads opsets 1 to 17"),
            std::string::npos)
      << ds[0].message;
  EXPECT_NE(ds[0].fix.find("opset_version=17"), std::string::npos) << ds[0].fix;
  const Target& trt10 = *find_target("trt-10");
  EXPECT_TRUE(only(lint_under(trt10, single_node("Relu", 18, nullptr)), "OL602").empty());
  auto old = only(lint_under(trt10, single_node("Relu", 8, nullptr)), "OL602");
  ASSERT_EQ(old.size(), 1u);
  EXPECT_NE(old[0].fix.find("opset_version=9"), std::string::npos) << old[0].fix;
}

TEST(Targets, AnIrVersionOnnxRuntimeDoesNotLoadIsReported) {
  // onnx 1.23 saves IR 14; ONNX Runtime 1.31 loads up to 13.
  auto newest = single_node("Relu", 17, nullptr);
  newest.set_ir_version(14);
  for (const char* name : {"ort-trt", "ort-cuda"}) {
    auto ds = only(lint_under(*find_target(name), newest), "OL602");
    ASSERT_EQ(ds.size(), 1u) << name;
    EXPECT_NE(ds[0].message.find("the model's IR version is 14, and ONNX Runtime's"),
              std::string::npos)
        << ds[0].message;
    EXPECT_NE(ds[0].message.find("loads IR versions up to 13"), std::string::npos);
    EXPECT_NE(ds[0].fix.find("`model.ir_version = 13`"), std::string::npos) << ds[0].fix;
    auto ok = single_node("Relu", 17, nullptr);
    ok.set_ir_version(13);
    EXPECT_TRUE(only(lint_under(*find_target(name), ok), "OL602").empty()) << name;
  }
  // TensorRT targets have no IR fact: nothing is said.
  EXPECT_TRUE(only(lint_under(*find_target("trt-11.5"), newest), "OL602").empty());
}

// The same model under each target: the findings its data predicts.
TEST(Targets, OneModelUnderEachTarget) {
  struct Row {
    std::string fixture;
    std::map<std::string, std::set<std::string>> codes;  // target -> OL1xx/OL6xx codes
  };
  const std::vector<Row> rows = {
      {"resize_bilinear2d_opset13",
       {{"cheatsheet", {"OL101"}}, {"trt-8.6", {}}, {"trt-10.0", {}}, {"trt-10", {}}}},
      {"resize_interp_bicubic",
       {{"cheatsheet", {"OL101"}}, {"trt-8.6", {"OL603"}}, {"trt-10", {"OL603"}}}},
      {"target_topk_4000", {{"cheatsheet", {}}, {"trt-8.6", {}}, {"trt-10", {"OL603"}}}},
      {"target_unique", {{"cheatsheet", {}}, {"trt-8.6", {"OL601"}}, {"trt-10", {"OL601"}}}},
      {"target_multinomial", {{"trt-8.6", {"OL601"}}, {"trt-10", {"OL601"}}}},
      {"target_max_pool1d", {{"cheatsheet", {}}, {"trt-8.6", {"OL603"}}, {"trt-10", {"OL603"}}}},
      {"target_maxpool_indices", {{"trt-8.6", {"OL603"}}, {"trt-10", {"OL603"}}}},
      {"target_lstm_batch_first", {{"trt-8.6", {}}, {"trt-10", {}}}},
      // torchvision's squeeze(1) of an unknown dim exports as If(Squeeze, Identity):
      // 8.6 and 10.0 accept broadcastable branch shapes, 10.1 wants equal ranks.
      {"dynamic_faster_rcnn_tiny",
       {{"cheatsheet", {"OL101"}}, {"trt-8.6", {}}, {"trt-10.0", {}}, {"trt-10.1", {"OL603"}}}},
      // The SSDlite detector: the bilinear resize of its transform is the
      // cheatsheet's; TensorRT takes everything; ORT's TensorRT provider splits
      // it at the NonZero and NMS nodes; its CUDA provider has no NMS kernel.
      {"dynamic_ssdlite_tiny",
       {{"cheatsheet", {"OL101"}},
        {"trt-8.6", {}},
        {"trt-10", {}},
        {"ort-trt", {"OL605"}},
        {"ort-cuda", {"OL606"}}}},
  };
  for (const Row& row : rows)
    for (const auto& [name, want] : row.codes) {
      LintSettings settings;
      settings.target = name;
      std::set<std::string> got;
      for (const Diagnostic& d : lint(load_fixture(row.fixture), settings))
        if (d.rule.rfind("OL1", 0) == 0 || d.rule.rfind("OL6", 0) == 0) got.insert(d.rule);
      EXPECT_EQ(got, want) << row.fixture << " under " << name;
    }
}

TEST(Targets, HardmaxTellsTensorRt86From10) {
  auto model = single_node("Hardmax", 17, nullptr);
  EXPECT_EQ(only(lint_under(*find_target("trt-8.6"), model), "OL601").size(), 1u);
  EXPECT_TRUE(only(lint_under(*find_target("trt-10"), model), "OL601").empty());
  auto deform = single_node("DeformConv", 19, nullptr);
  EXPECT_EQ(only(lint_under(*find_target("trt-10.0"), deform), "OL601").size(), 1u);
  EXPECT_TRUE(only(lint_under(*find_target("trt-10.1"), deform), "OL601").empty());
}

TEST(Targets, CommandLineAndConfigChooseTheTarget) {
  RunResult listed = run_binary({"--list-targets"});
  EXPECT_EQ(listed.exit_code, 0);
  for (const Target& t : all_targets()) EXPECT_NE(listed.out.find(t.name), std::string::npos);
  RunResult bad = run_binary({"--target", "trt-7", fixture("target_unique")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown target 'trt-7'"), std::string::npos) << bad.err;
  const std::string dir = fresh_dir("target-config");
  write_temp("target-config/.onnx-lint.toml", "target = \"trt-8.6\"\n");
  const std::string model = dir + "/m.onnx";
  std::filesystem::copy_file(fixture("target_unique"), model);
  RunResult r = run_binary({"--color", "never", model});
  EXPECT_NE(r.out.find("OL601 unsupported-operator"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("TensorRT 8.6"), std::string::npos) << r.out;
}

// `Relu -> op -> Relu` chains: every node but the listed ones is TensorRT's.
onnx::ModelProto chain(const std::vector<std::string>& ops) {
  onnx::ModelProto m = single_node(ops[0], 17, nullptr);
  onnx::GraphProto& g = *m.mutable_graph();
  std::string last = "y";
  for (size_t i = 1; i < ops.size(); ++i) {
    onnx::NodeProto* n = g.add_node();
    n->set_op_type(ops[i]);
    n->set_name("n" + std::to_string(i));
    n->add_input(last);
    last = "t" + std::to_string(i);
    n->add_output(last);
  }
  g.mutable_output(0)->set_name(last);
  return m;
}

Diagnostic partition_of(const onnx::ModelProto& model) {
  auto ds = only(lint_under(*find_target("ort-trt"), model), "OL605");
  EXPECT_EQ(ds.size(), 1u);
  return ds.empty() ? Diagnostic{} : ds[0];
}

// The data-dependent-shape ops the fix names are the ones the model has, with
// counts: a detector's six NonZero nodes are not "NonMaxSuppression, NonZero, RoiAlign".
// A policy and a fact that disagree are said in one finding, each as whose it
// is: the cheatsheet blacklists float64; TensorRT 10's parser casts it down.
TEST(Targets, Float64IsThePolicyAndTheParsersCastDownIsTheFact) {
  auto ol303 = [](const std::string& target) {
    LintSettings s;
    s.target = target;
    auto ds = only(lint(load_fixture("dtype_float64_cast"), s), "OL303");
    EXPECT_EQ(ds.size(), 1u) << target;
    return ds.empty() ? std::string() : ds[0].message;
  };
  const std::string policy = ol303("cheatsheet");
  EXPECT_NE(policy.find("the team cheatsheet blacklists float64"), std::string::npos) << policy;
  EXPECT_EQ(policy.find("casts float64 down"), std::string::npos) << policy;
  const std::string trt10 = ol303("trt-10.15");
  EXPECT_NE(trt10.find("the team cheatsheet blacklists float64"), std::string::npos) << trt10;
  EXPECT_NE(trt10.find("TensorRT 10.15's ONNX parser casts float64 down to float32 instead of "
                       "refusing it (onnx-tensorrt docs/operators.md @ 10.15-GA)"),
            std::string::npos)
      << trt10;
  EXPECT_EQ(trt10.find("TensorRT does not support float64"), std::string::npos) << trt10;
}

TEST(Partition, TheDataDependentOpsNamedAreTheModelsOwn) {
  auto ds = only(lint(load_fixture("dynamic_per_class_select"),
                      [] {
                        LintSettings s;
                        s.target = "ort-trt";
                        return s;
                      }()),
                 "OL605");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].fix.find("data-dependent-shape nodes (NonZero ×6)"), std::string::npos)
      << ds[0].fix;
  EXPECT_NE(ds[0].fix.find("trt_op_types_to_exclude=\"NonZero\""), std::string::npos) << ds[0].fix;
  EXPECT_EQ(ds[0].fix.find("RoiAlign"), std::string::npos) << ds[0].fix;
}

TEST(Partition, RunsOfSupportedNodesAreTheTensorRtSubgraphs) {
  const Diagnostic whole = partition_of(chain({"Relu", "Sigmoid", "Relu"}));
  EXPECT_NE(whole.message.find("TensorRT would take 3 of 3 nodes in 1 subgraph; 0 fall back"),
            std::string::npos)
      << whole.message;
  EXPECT_NE(whole.message.find(": good"), std::string::npos) << whole.message;
  // Unique (unsupported) splits it in two; NonZero goes to TensorRT (ORT 1.21+),
  // and the fix gives the split with it excluded: three subgraphs.
  const Diagnostic split = partition_of(chain({"Relu", "Unique", "Relu", "NonZero", "Relu"}));
  EXPECT_NE(split.message.find("take 4 of 5 nodes in 2 subgraphs; 1 fall back (1 to CUDA"),
            std::string::npos)
      << split.message;
  EXPECT_NE(split.message.find(": maybe"), std::string::npos) << split.message;
  EXPECT_NE(split.fix.find("the nodes that fall back: Unique ×1;"), std::string::npos) << split.fix;
  EXPECT_NE(split.fix.find("set `trt_op_types_to_exclude=\"NonZero\"`: "
                           "then 3 of 5 nodes stay on TensorRT, in 3 subgraphs"),
            std::string::npos)
      << split.fix;
}

TEST(Partition, DataDependentShapeOpsGoToTensorRtByDefault) {
  // ONNX Runtime 1.21+ (microsoft/onnxruntime PR #23705): no implicit exclusion.
  const Target& ort = *find_target("ort-trt");
  ASSERT_EQ(ort.dds_ops, (std::vector<std::string>{"NonMaxSuppression", "NonZero", "RoiAlign"}));
  for (const std::string& op : ort.dds_ops) {
    const Diagnostic d = partition_of(chain({"Relu", op, "Relu"}));
    EXPECT_NE(d.message.find("take 3 of 3 nodes in 1 subgraph; 0 fall back"), std::string::npos)
        << op << ": " << d.message;
    EXPECT_NE(d.fix.find("TensorRT takes the 1 data-dependent-shape node "), std::string::npos)
        << d.fix;
    EXPECT_NE(d.fix.find("then 2 of 3 nodes stay on TensorRT, in 2 subgraphs"), std::string::npos)
        << op << ": " << d.fix;
  }
  // A model without them says nothing of the option.
  EXPECT_EQ(partition_of(chain({"Relu", "Relu"})).fix.find("trt_op_types_to_exclude"),
            std::string::npos);
}

TEST(Partition, AnOpsetPastTheParsersWindowGivesTensorRtNothing) {
  // ONNX Runtime reads opset 23, the TensorRT 10.8 parser behind it does not.
  const Diagnostic d = partition_of([] {
    onnx::ModelProto m = chain({"Relu", "Sigmoid"});
    m.mutable_opset_import(0)->set_version(23);
    return m;
  }());
  EXPECT_NE(d.message.find("TensorRT would take none of the 2 nodes: the model imports opset 23, "
                           "and the TensorRT parser reads opsets 9 to 22"),
            std::string::npos)
      << d.message;
  EXPECT_NE(d.fix.find("opset_version=22"), std::string::npos) << d.fix;
}

TEST(Partition, ShapeArithmeticThatFallsBackSitsOnTheCpu) {
  // Shape -> Unique: the fallback node only sees a shape, so it runs on the CPU,
  // and both edges around it cross between the GPU and the CPU.
  const Diagnostic d = partition_of(chain({"Shape", "Unique", "Relu"}));
  EXPECT_NE(d.message.find("1 fall back (0 to CUDA, 1 shape nodes to the CPU) with 2 CUDA-CPU "
                           "copies"),
            std::string::npos)
      << d.message;
}

TEST(Partition, FasterRcnnExport) {
  // By hand, from the fixture's 757 main-graph nodes in file order (python over
  // m.graph.node). By default (ORT 1.21+) every NonZero, NonMaxSuppression and
  // RoiAlign is TensorRT's; what falls back is the If at 524, whose branches
  // return rank 1 (Squeeze) and rank 2 (Identity), which TensorRT 10.8 rejects,
  // and the If at 730, which nests an If of that kind (ORT's TensorRT provider
  // takes a control-flow node only when all of its bodies are TensorRT's). Runs
  // 0-523, 525-729, 731-756: 3 subgraphs of 755 nodes. With the DDS ops
  // excluded, the NonZero nodes at 478, 488, 528, 698 and the RoiAlign at 718
  // fall back too, and so does the If at 500, whose else branch holds a
  // NonMaxSuppression: runs 0-477, 479-487, 489-499, 501-523, 525-527, 529-697,
  // 699-717, 719-729, 731-756: 9 subgraphs of 749 nodes.
  LintSettings settings;
  settings.target = "ort-trt";
  auto ds = only(lint(load_fixture("dynamic_faster_rcnn_tiny"), settings), "OL605");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("take 755 of 757 nodes in 3 subgraphs; 2 fall back (2 to CUDA"),
            std::string::npos)
      << ds[0].message;
  EXPECT_NE(ds[0].message.find(": maybe"), std::string::npos);
  EXPECT_NE(ds[0].fix.find("the nodes that fall back: If ×2;"), std::string::npos) << ds[0].fix;
  EXPECT_NE(ds[0].fix.find("then 749 of 757 nodes stay on TensorRT, in 9 subgraphs"),
            std::string::npos)
      << ds[0].fix;
}

TEST(Partition, SsdliteExport) {
  // By hand, from the fixture's 631 main-graph nodes (torchvision's SSD with
  // the SSDlite head, models/generate.py tiny_ssdlite). By default nothing falls
  // back: 1 subgraph. With the DDS ops excluded, the NonZero nodes of the
  // per-class score filter at 546, 549, 568 and 571 fall back, and so does the
  // If at 595 (batched NMS: its else branch holds the NonMaxSuppression). Runs:
  // 0-545, 547-548, 550-567, 569-570, 572-594 and 596-630: 6 subgraphs of 626 nodes.
  LintSettings settings;
  settings.target = "ort-trt";
  auto ds = only(lint(load_fixture("dynamic_ssdlite_tiny"), settings), "OL605");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("take 631 of 631 nodes in 1 subgraph; 0 fall back"),
            std::string::npos)
      << ds[0].message;
  EXPECT_NE(ds[0].fix.find("TensorRT takes the 5 data-dependent-shape nodes"), std::string::npos)
      << ds[0].fix;
  EXPECT_NE(ds[0].fix.find("then 626 of 631 nodes stay on TensorRT, in 6 subgraphs"),
            std::string::npos)
      << ds[0].fix;
}

// The full torchvision detectors, exported by torch 2.14's TorchScript exporter
// (models/generate_dynamo.py; the dynamo exporter refuses them). Counted by hand
// with python over m.graph.node, DDS = NonZero, NonMaxSuppression, RoiAlign:
// - Faster R-CNN (fasterrcnn_mobilenet_v3_large_320_fpn), 1511 main-graph nodes:
//   NonZero at 1070, 1081, 1140, 1158, 1441, 1461, RoiAlign at 1154 and 1172,
//   and the Ifs at 1095 and 1475, whose bodies hold a NonMaxSuppression each:
//   10 DDS nodes in all. By default TensorRT takes all 1511 in 1 subgraph. With
//   them excluded the 8 DDS nodes and the 2 Ifs fall back: 1501 stay, in the 11
//   runs between those 10 nodes (none of them adjacent).
// - SSDlite (ssdlite320_mobilenet_v3_large), 3500 main-graph nodes: 180 NonZero
//   (two per class of the score filter, from 1397 on) and the If at 3464 around
//   the batched NMS: 181 DDS nodes. Excluded: 3319 stay, in 182 subgraphs.
TEST(Partition, RealDetectorExports) {
  struct Want {
    std::string fixture, message, fix;
  };
  const Want wants[] = {
      {"torchscript/fasterrcnn_mobilenet_v3_large_320_fpn",
       "take 1511 of 1511 nodes in 1 subgraph; 0 fall back",
       "TensorRT takes the 10 data-dependent-shape nodes (NonMaxSuppression ×2, NonZero ×6, "
       "RoiAlign ×2) "
       "in this estimate (ONNX Runtime 1.21+ gives them to TensorRT by default: "
       "microsoft/onnxruntime PR #23705); if they run slowly there (TensorRT 10.0-10.7), set "
       "`trt_op_types_to_exclude=\"NonMaxSuppression,NonZero,RoiAlign\"`: then 1501 of 1511 "
       "nodes stay on TensorRT, in 11 subgraphs; measure both"},
      {"torchscript/ssdlite320_mobilenet_v3_large", "take 3500 of 3500 nodes in 1 subgraph",
       "then 3319 of 3500 nodes stay on TensorRT, in 182 subgraphs"},
  };
  LintSettings settings;
  settings.target = "ort-trt";
  for (const Want& w : wants) {
    auto ds = only(lint(load_fixture(w.fixture), settings), "OL605");
    ASSERT_EQ(ds.size(), 1u) << w.fixture;
    EXPECT_NE(ds[0].message.find(w.message), std::string::npos) << ds[0].message;
    EXPECT_NE(ds[0].fix.find(w.fix), std::string::npos) << ds[0].fix;
  }
}

TEST(Partition, AControlFlowNodeFallsBackWithAnUnsupportedOpInItsBody) {
  onnx::ModelProto p = parse_model(R"(
    <ir_version: 8, opset_import: ["" : 13]>
    g (float[4] x, bool c) => (float[4] y) {
      a = Relu (x)
      b = If (c) <
        then_branch = t () => (float[4] u) { u = Identity (a) },
        else_branch = e () => (float[4] v) { v = Neg (a) }>
      y = Relu (b)
    })");
  LintSettings settings;
  settings.target = "ort-trt";
  auto clean = only(lint(load_proto(p), settings), "OL605");
  ASSERT_EQ(clean.size(), 1u);
  EXPECT_NE(clean[0].message.find("take 3 of 3 nodes in 1 subgraph;"), std::string::npos)
      << clean[0].message;
  // An unsupported op (Unique) in the else branch takes the If off TensorRT.
  auto* body = p.mutable_graph()->mutable_node(1)->mutable_attribute(1)->mutable_g();
  body->mutable_node(0)->set_op_type("Unique");
  auto ds = only(lint(load_proto(p), settings), "OL605");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("take 2 of 3 nodes in 2 subgraphs;"), std::string::npos)
      << ds[0].message;
}

TEST(Profile, FlagsForEveryDynamicInputInThreeTools) {
  LintSettings settings;
  settings.target = "trt-10";
  auto ds = only(lint(load_fixture("classifier_dynamic_batch"), settings), "OL604");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_NE(ds[0].message.find("'image' (dim 0 'batch')"), std::string::npos) << ds[0].message;
  for (const char* flag :
       {"--minShapes=image:1x3x8x8 --optShapes=image:8x3x8x8 --maxShapes=image:32x3x8x8",
        "--trt-min-shapes image:[1,3,8,8] --trt-opt-shapes image:[8,3,8,8]",
        "trt_profile_max_shapes=image:32x3x8x8"})
    EXPECT_NE(ds[0].fix.find(flag), std::string::npos) << flag << "\n" << ds[0].fix;
  EXPECT_TRUE(only(lint(load_fixture("classifier_opset12"), settings), "OL604").empty());
}

}  // namespace
}  // namespace onnx_lint::test
