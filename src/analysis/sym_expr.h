// Sizes as expressions of unknowns: `batch*4`, `seq - 1`, `floor(h / 2)`.
// A dim that a model declares dynamic, or that the data decides (the count
// out of NonZero), is an atom; what the graph computes from it is a
// polynomial with integer coefficients over atoms, and what a polynomial
// cannot say (a floor division, a min) is a derived atom defined by its
// arguments, so that it can still be evaluated at any size.
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/container/inlined_vector.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace onnx_lint {

using AtomId = int32_t;

/// A polynomial with int64 coefficients over atoms. The default is 0.
class SymExpr {
 public:
  struct Term {
    int64_t coeff = 0;
    absl::InlinedVector<AtomId, 2> atoms;  // sorted; a power repeats its atom
    friend bool operator==(const Term&, const Term&) = default;
  };

  SymExpr() = default;
  static SymExpr constant(int64_t v);
  static SymExpr atom(AtomId a);

  /// The value when no atom is involved.
  std::optional<int64_t> constant_value() const;
  bool is_constant() const {
    return terms_.empty() || (terms_.size() == 1 && terms_[0].atoms.empty());
  }
  const std::vector<Term>& terms() const { return terms_; }
  /// Every atom the expression names (with repeats).
  std::vector<AtomId> atoms() const;

  // nullopt on overflow, or when the result grows past what a size needs.
  static std::optional<SymExpr> add(const SymExpr& a, const SymExpr& b);
  static std::optional<SymExpr> sub(const SymExpr& a, const SymExpr& b);
  static std::optional<SymExpr> mul(const SymExpr& a, const SymExpr& b);
  /// a / k when every coefficient is a multiple of k.
  std::optional<SymExpr> divided_exactly(int64_t k) const;
  /// a / m for a one-term m that divides every term of a.
  std::optional<SymExpr> divided_by_term(const SymExpr& m) const;

  friend bool operator==(const SymExpr&, const SymExpr&) = default;
  /// A canonical text by atom ids, for keys.
  std::string key() const;

 private:
  void normalize();
  std::vector<Term> terms_;  // sorted by atoms; no zero coefficient
};

enum class AtomKind : uint8_t {
  kDim,      // a dim a graph input declares dynamic
  kCount,    // a size the data decides: NonZero, Unique, NonMaxSuppression, Compress
  kUnknown,  // a size the analysis does not know: never a reason to report
  kFloorDiv,
  kCeilDiv,
  kMin,
  kMax,
};

struct Atom {
  AtomKind kind = AtomKind::kUnknown;
  std::string label;  // kDim: the dim_param, or "dim 1 of 'x'"; kCount: the op
  // kDim: the first graph input and axis that declare it.
  std::string input;
  int axis = -1;
  // kCount: where the data decides the size.
  int graph = -1, node = -1;
  // Derived atoms: floor(a / k), ceil(a / k), min(a, b), max(a, b).
  SymExpr a, b;
  int64_t k = 1;
  // The kDim and kCount atoms it stands on (itself for those two), sorted.
  std::vector<AtomId> bases;
  bool unknown = false;  // stands on a kUnknown atom
};

/// The atoms of one analysis. Derived atoms are made once per definition.
class AtomTable {
 public:
  /// The dim named `param` (the same atom wherever that name is declared).
  AtomId named_dim(std::string_view param, std::string_view input, int axis);
  /// A dim declared dynamic without a name.
  AtomId unnamed_dim(std::string_view input, int axis);
  AtomId count(int graph, int node, std::string label);
  AtomId unknown();
  /// A named dim's atom, if one was declared.
  std::optional<AtomId> find_named(std::string_view param) const;

  SymExpr floor_div(const SymExpr& a, int64_t k);
  SymExpr ceil_div(const SymExpr& a, int64_t k);
  SymExpr min(const SymExpr& a, const SymExpr& b);
  SymExpr max(const SymExpr& a, const SymExpr& b);

  const Atom& operator[](AtomId id) const { return atoms_[static_cast<size_t>(id)]; }
  size_t size() const { return atoms_.size(); }

  /// The base atoms (kDim, kCount) an expression stands on, sorted; nullopt
  /// when it stands on an unknown.
  std::optional<std::vector<AtomId>> bases(const SymExpr& e) const;
  /// The value at `values` (indexed by atom id, for the base atoms; derived
  /// atoms are computed). nullopt when it overflows or divides by zero.
  std::optional<int64_t> eval(const SymExpr& e, std::span<const int64_t> values) const;
  /// "batch*4", "seq - 1", "floor(h/2)"; a clamp to an axis reads as the
  /// size where the axis is large enough (`x[:, 1:]` is "seq - 1").
  std::string text(const SymExpr& e) const;

 private:
  AtomId add(Atom atom);
  AtomId derived(AtomKind kind, const SymExpr& a, const SymExpr& b, int64_t k);
  std::optional<int64_t> eval_atom(AtomId id, std::span<const int64_t> values) const;

  static constexpr int kMaxUnknowns = 4096;
  std::vector<Atom> atoms_;
  absl::flat_hash_map<std::string, AtomId> by_key_;
  int unknowns_ = 0;
  AtomId shared_unknown_ = -1;
};

}  // namespace onnx_lint
