// What every ONNX operator version takes and gives: inputs, outputs, type
// constraints and attributes, for every opset of the ONNX domains that the
// pinned onnx package defines (onnx 1.23.2: ai.onnx 1-28, ai.onnx.ml 1-5).
// The facts are operators/signatures.txt (generated from onnx.defs' schema
// registry by scripts/gen_operator_table.py), embedded at build time.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "onnx_lint/model.h"

namespace onnx_lint {

enum class Presence { kSingle, kOptional, kVariadic };

/// One input or output of an operator.
struct FormalParam {
  std::string name;
  std::string type;  // a constraint variable ("T") or a type word ("int64", "seq:float")
  Presence presence = Presence::kSingle;
  int min_count = 1;           // for a variadic formal: how many it needs at least
  bool heterogeneous = false;  // variadic inputs of different types
};

enum class AttrNeed { kRequired, kDefault, kOptional };

struct AttrSpec {
  std::string name;
  AttrType type = AttrType::kUndefined;
  AttrNeed need = AttrNeed::kOptional;
};

/// A type constraint: a variable and the type words it may stand for.
struct TypeConstraint {
  std::string var;
  std::vector<std::string> allowed;
};

/// One operator version (ONNX's OpSchema at one since_version).
struct OpSignature {
  std::string domain;  // "" for ai.onnx
  std::string name;
  int since = 0;
  int deprecated = 0;  // > 0: unusable from this opset on
  std::vector<AttrSpec> attrs;
  std::vector<FormalParam> inputs, outputs;
  std::vector<TypeConstraint> constraints;
  int min_inputs = 0, max_inputs = 0, min_outputs = 0, max_outputs = 0;  // max -1: no limit

  const TypeConstraint* constraint(std::string_view var) const;
  const AttrSpec* attr(std::string_view name) const;
  /// The formal that actual input/output i binds to (the last one repeats when variadic).
  const FormalParam* input_formal(size_t i) const;
  const FormalParam* output_formal(size_t i) const;
  /// Fewest and most actual inputs/outputs (-1: no upper bound).
  std::pair<int, int> input_range() const;
  std::pair<int, int> output_range() const;
};

/// The version of `op` that a model importing `opset` of `domain` uses, or
/// nullptr when the domain does not define the op at that opset.
const OpSignature* find_signature(std::string_view domain, std::string_view op, int64_t opset);

/// find_signature, remembered: a million-node graph asks about a few dozen
/// distinct ops, and each search of the table compares strings. The views
/// must outlive the cache (a Model's node strings do, for one pass over it).
class SignatureCache {
 public:
  /// `domain` and `op` must be views that outlive the cache and never change
  /// (a Node's, which point into its Model): they are keyed by identity, so
  /// a lookup hashes two pointers, not two strings.
  const OpSignature* find(std::string_view domain, std::string_view op, int64_t opset) {
    auto [it, fresh] =
        memo_.try_emplace(Key{domain.data(), domain.size(), op.data(), op.size(), opset}, nullptr);
    if (fresh) it->second = find_signature(domain, op, opset);
    return it->second;
  }

 private:
  struct Key {
    const char* domain;
    size_t domain_size;
    const char* op;
    size_t op_size;
    int64_t opset;
    bool operator==(const Key&) const = default;
    template <typename H>
    friend H AbslHashValue(H h, const Key& k) {
      return H::combine(std::move(h), k.domain, k.domain_size, k.op, k.op_size, k.opset);
    }
  };
  absl::flat_hash_map<Key, const OpSignature*> memo_;
};
/// The newest opset the table knows for a domain ("" / "ai.onnx", "ai.onnx.ml"); 0 when none.
int64_t newest_known_opset(std::string_view domain);
/// The newest IR version of the onnx package the table was generated from.
int64_t newest_known_ir();
/// The ONNX domains the table defines (ai.onnx under "", ai.onnx.ml, the previews).
bool is_table_domain(std::string_view domain);

/// The element type a tensor type word names ("float" -> dtype::kFloat), or
/// nullopt for words that are not plain tensors ("seq:float", "map(...)").
std::optional<int32_t> dtype_of_word(std::string_view word);
/// The type word of an element type ("float", "int64", ...).
std::string_view word_of_dtype(int32_t elem_type);

}  // namespace onnx_lint
