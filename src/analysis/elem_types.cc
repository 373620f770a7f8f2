// Element types of a node's outputs. Most follow from the signature: a type
// variable bound by an input, or a constraint that allows one type. The rest
// are decided by an attribute or a subgraph, and each such op has its rule
// here; an op whose type cannot be known stays unknown, never guessed.
#include <absl/container/inlined_vector.h>

#include "analysis/node_inference.h"

namespace onnx_lint {
namespace {

using Types = std::vector<int32_t>;

// A signature's few type variables ("T", "T1", ...) and the types they are
// bound to: a short list, where a hash map allocated for every node.
class Bindings {
 public:
  std::pair<int32_t*, bool> try_emplace(std::string_view var, int32_t t) {
    if (int32_t* have = find(var)) return {have, false};
    items_.emplace_back(var, t);
    return {&items_.back().second, true};
  }
  int32_t* find(std::string_view var) {
    for (auto& [v, t] : items_)
      if (v == var) return &t;
    return nullptr;
  }

 private:
  absl::InlinedVector<std::pair<std::string_view, int32_t>, 4> items_;
};

int32_t input_elem(const InferNode& n, size_t i) {
  const TensorType* t = n.input(i);
  return t ? t->elem_type : dtype::kUndefined;
}

int32_t attr_dtype(const InferNode& n, std::string_view name, int32_t fallback) {
  const Attribute* a = n.node.attr(name);
  return a && a->type == AttrType::kInt && a->i > 0 ? static_cast<int32_t>(a->i) : fallback;
}

// Constant's type is the type of whichever value attribute it carries.
int32_t constant_type(const InferNode& n, const std::vector<TensorData>& tensors) {
  for (const Attribute& a : n.node.attributes) {
    if ((a.name == "value" || a.name == "sparse_value") && a.tensor >= 0 &&
        a.tensor < static_cast<int>(tensors.size()))
      return tensors[a.tensor].elem_type;
    if (a.name == "value_float" || a.name == "value_floats") return dtype::kFloat;
    if (a.name == "value_int" || a.name == "value_ints") return dtype::kInt64;
    if (a.name == "value_string" || a.name == "value_strings") return dtype::kString;
  }
  return dtype::kUndefined;
}

// ai.onnx.ml classifiers: labels are strings or int64s by which attribute holds them.
int32_t label_type(const InferNode& n) {
  if (n.node.attr("classlabels_strings")) return dtype::kString;
  if (n.node.attr("classlabels_int64s") || n.node.attr("classlabels_ints")) return dtype::kInt64;
  return dtype::kUndefined;
}

int32_t label_encoder_type(const InferNode& n, const std::vector<TensorData>& tensors) {
  if (n.node.attr("values_strings")) return dtype::kString;
  if (n.node.attr("values_int64s")) return dtype::kInt64;
  if (n.node.attr("values_floats")) return dtype::kFloat;
  if (const Attribute* a = n.node.attr("values_tensor"); a && a->tensor >= 0)
    return tensors[a->tensor].elem_type;
  return dtype::kUndefined;
}

// Outputs of If (either branch), Loop (the body's outputs after `cond`) and Scan (all).
Types subgraph_types(const InferNode& n) {
  Types out(n.out.size(), dtype::kUndefined);
  const size_t skip = n.node.op_type == "Loop" ? 1 : 0;
  for (const auto& branch : n.branch_outputs)
    for (size_t k = 0; k < out.size() && k + skip < branch.size(); ++k)
      if (out[k] == dtype::kUndefined && branch[k + skip]) out[k] = branch[k + skip]->elem_type;
  return out;
}

// The op-specific answer for output 0 (or all outputs); nullopt: follow the signature.
std::optional<Types> special_types(const InferNode& n, const std::vector<TensorData>& tensors) {
  const std::string_view op = n.node.op_type;
  const size_t outs = n.out.size();
  auto one = [&](int32_t t) { return std::optional<Types>(Types(outs, t)); };
  if (n.node.in_onnx_domain()) {
    if (op == "Cast") return one(attr_dtype(n, "to", dtype::kUndefined));
    if (op == "Constant") return one(constant_type(n, tensors));
    if (op == "ConstantOfShape") {
      const Attribute* v = n.node.attr("value");
      return one(v && v->tensor >= 0 ? tensors[v->tensor].elem_type : dtype::kFloat);
    }
    if (op == "RandomNormal" || op == "RandomUniform") return one(attr_dtype(n, "dtype", 1));
    if (op == "RandomNormalLike" || op == "RandomUniformLike" || op == "EyeLike" ||
        op == "Bernoulli")
      return one(attr_dtype(n, "dtype", input_elem(n, 0)));
    if (op == "Multinomial") return one(attr_dtype(n, "dtype", dtype::kInt32));
    if (op == "MelWeightMatrix" || op == "HannWindow" || op == "HammingWindow" ||
        op == "BlackmanWindow")
      return one(attr_dtype(n, "output_datatype", dtype::kFloat));
    if (op == "QuantizeLinear") {
      if (input_elem(n, 2) != dtype::kUndefined) return one(input_elem(n, 2));
      return one(n.opset >= 21 ? attr_dtype(n, "output_dtype", dtype::kUint8) : dtype::kUint8);
    }
    if (op == "DequantizeLinear" && n.opset >= 23)
      return one(attr_dtype(n, "output_dtype", input_elem(n, 1)));
    if (op == "If" || op == "Loop" || op == "Scan") return subgraph_types(n);
    if (op == "LayerNormalization") {
      // Mean and InvStdDev are kept in stash_type (float unless set).
      Types t(outs, attr_dtype(n, "stash_type", dtype::kFloat));
      t[0] = input_elem(n, 0);
      return t;
    }
  } else if (n.node.domain == "ai.onnx.ml") {
    if (op == "LabelEncoder") return one(label_encoder_type(n, tensors));
    if (op == "CategoryMapper")
      return one(input_elem(n, 0) == dtype::kString  ? dtype::kInt64
                 : input_elem(n, 0) == dtype::kInt64 ? dtype::kString
                                                     : dtype::kUndefined);
    if (op == "TreeEnsembleClassifier" || op == "LinearClassifier" || op == "SVMClassifier") {
      Types t(outs, dtype::kFloat);
      t[0] = label_type(n);
      return t;
    }
  }
  return std::nullopt;
}

bool is_variable(const OpSignature& sig, const std::string& type) {
  return sig.constraint(type) != nullptr;
}

}  // namespace

void infer_elem_types(InferNode& n) {
  if (std::optional<Types> special = special_types(n, n.model.tensors)) {
    for (size_t k = 0; k < n.out.size(); ++k) n.out[k].elem_type = (*special)[k];
    return;
  }
  if (!n.sig) return;
  const OpSignature& sig = *n.sig;
  Bindings bound;
  for (size_t i = 0; i < n.in.size(); ++i) {
    const FormalParam* f = sig.input_formal(i);
    const int32_t t = input_elem(n, i);
    if (!f || f->heterogeneous || t == dtype::kUndefined || !is_variable(sig, f->type)) continue;
    bound.try_emplace(f->type, t);
  }
  // A heterogeneous variadic group (the training optimizers' tensors) has one
  // type when every input of its variable has the same known one.
  Bindings uniform;
  for (size_t i = 0; i < n.node.inputs.size(); ++i) {
    const FormalParam* f = sig.input_formal(i);
    if (!f || !f->heterogeneous || !is_variable(sig, f->type)) continue;
    const int32_t t = input_elem(n, i);
    auto [have, fresh] = uniform.try_emplace(f->type, t);
    if (!fresh && *have != t) *have = dtype::kUndefined;
  }
  for (size_t k = 0; k < n.out.size(); ++k) {
    const FormalParam* f = sig.output_formal(k);
    if (f && f->heterogeneous) {
      if (const int32_t* t = uniform.find(f->type)) n.out[k].elem_type = *t;
      continue;
    }
    if (!f) continue;
    if (const TypeConstraint* c = sig.constraint(f->type)) {
      if (const int32_t* t = bound.find(f->type)) {
        n.out[k].elem_type = *t;
      } else if (c->allowed.size() == 1) {
        n.out[k].elem_type = dtype_of_word(c->allowed[0]).value_or(dtype::kUndefined);
      }
    } else {
      n.out[k].elem_type = dtype_of_word(f->type).value_or(dtype::kUndefined);
    }
  }
}

}  // namespace onnx_lint
