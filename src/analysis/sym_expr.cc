#include "analysis/sym_expr.h"

#include <fmt/format.h>

#include <algorithm>

namespace onnx_lint {
namespace {

// Past these an expression is no size an exported network computes: a
// hostile file must not make the analysis build one without bound.
constexpr size_t kMaxTerms = 32;
constexpr size_t kMaxDegree = 8;

bool term_less(const SymExpr::Term& a, const SymExpr::Term& b) {
  return std::lexicographical_compare(a.atoms.begin(), a.atoms.end(), b.atoms.begin(),
                                      b.atoms.end());
}

}  // namespace

SymExpr SymExpr::constant(int64_t v) {
  SymExpr e;
  if (v == 0) return e;
  e.terms_.emplace_back();
  e.terms_.back().coeff = v;
  return e;
}

SymExpr SymExpr::atom(AtomId a) {
  SymExpr e;
  e.terms_.emplace_back();
  e.terms_.back().coeff = 1;
  e.terms_.back().atoms.push_back(a);
  return e;
}

std::optional<int64_t> SymExpr::constant_value() const {
  if (terms_.empty()) return 0;
  if (terms_.size() == 1 && terms_[0].atoms.empty()) return terms_[0].coeff;
  return std::nullopt;
}

std::vector<AtomId> SymExpr::atoms() const {
  std::vector<AtomId> out;
  for (const Term& t : terms_) out.insert(out.end(), t.atoms.begin(), t.atoms.end());
  return out;
}

void SymExpr::normalize() {
  std::sort(terms_.begin(), terms_.end(), term_less);
  std::vector<Term> merged;
  for (Term& t : terms_) {
    if (!merged.empty() && merged.back().atoms == t.atoms)
      merged.back().coeff += t.coeff;  // callers checked for overflow
    else
      merged.push_back(std::move(t));
  }
  std::erase_if(merged, [](const Term& t) { return t.coeff == 0; });
  terms_ = std::move(merged);
}

std::optional<SymExpr> SymExpr::add(const SymExpr& a, const SymExpr& b) {
  SymExpr out;
  out.terms_ = a.terms_;
  for (const Term& t : b.terms_) {
    auto it = std::find_if(out.terms_.begin(), out.terms_.end(),
                           [&](const Term& o) { return o.atoms == t.atoms; });
    if (it == out.terms_.end()) {
      out.terms_.push_back(t);
    } else if (__builtin_add_overflow(it->coeff, t.coeff, &it->coeff)) {
      return std::nullopt;
    }
  }
  out.normalize();
  if (out.terms_.size() > kMaxTerms) return std::nullopt;
  return out;
}

std::optional<SymExpr> SymExpr::sub(const SymExpr& a, const SymExpr& b) {
  SymExpr neg = b;
  for (Term& t : neg.terms_)
    if (__builtin_mul_overflow(t.coeff, -1, &t.coeff)) return std::nullopt;
  return add(a, neg);
}

std::optional<SymExpr> SymExpr::mul(const SymExpr& a, const SymExpr& b) {
  if (a.terms_.size() * b.terms_.size() > kMaxTerms * 4) return std::nullopt;
  SymExpr out;
  for (const Term& x : a.terms_) {
    for (const Term& y : b.terms_) {
      Term t;
      if (__builtin_mul_overflow(x.coeff, y.coeff, &t.coeff)) return std::nullopt;
      if (x.atoms.size() + y.atoms.size() > kMaxDegree) return std::nullopt;
      t.atoms = x.atoms;
      t.atoms.insert(t.atoms.end(), y.atoms.begin(), y.atoms.end());
      std::sort(t.atoms.begin(), t.atoms.end());
      out.terms_.push_back(std::move(t));
    }
  }
  // Merge like terms, checking each sum.
  std::sort(out.terms_.begin(), out.terms_.end(), term_less);
  std::vector<Term> merged;
  for (Term& t : out.terms_) {
    if (!merged.empty() && merged.back().atoms == t.atoms) {
      if (__builtin_add_overflow(merged.back().coeff, t.coeff, &merged.back().coeff))
        return std::nullopt;
    } else {
      merged.push_back(std::move(t));
    }
  }
  out.terms_ = std::move(merged);
  out.normalize();
  if (out.terms_.size() > kMaxTerms) return std::nullopt;
  return out;
}

std::optional<SymExpr> SymExpr::divided_exactly(int64_t k) const {
  if (k == 0) return std::nullopt;
  SymExpr out = *this;
  for (Term& t : out.terms_) {
    if (t.coeff % k != 0) return std::nullopt;
    t.coeff /= k;
  }
  return out;
}

std::optional<SymExpr> SymExpr::divided_by_term(const SymExpr& m) const {
  if (m.terms_.size() != 1) return std::nullopt;
  const Term& d = m.terms_[0];
  if (d.coeff == 0) return std::nullopt;
  SymExpr out;
  for (const Term& t : terms_) {
    if (t.coeff % d.coeff != 0) return std::nullopt;
    Term q{t.coeff / d.coeff, t.atoms};
    for (AtomId a : d.atoms) {
      auto it = std::find(q.atoms.begin(), q.atoms.end(), a);
      if (it == q.atoms.end()) return std::nullopt;
      q.atoms.erase(it);
    }
    out.terms_.push_back(std::move(q));
  }
  out.normalize();
  return out;
}

std::string SymExpr::key() const {
  std::string out;
  for (const Term& t : terms_) {
    out += fmt::format("{}", t.coeff);
    for (AtomId a : t.atoms) out += fmt::format("*a{}", a);
    out += ';';
  }
  return out;
}

AtomId AtomTable::add(Atom atom) {
  atoms_.push_back(std::move(atom));
  return static_cast<AtomId>(atoms_.size() - 1);
}

AtomId AtomTable::named_dim(std::string_view param, std::string_view input, int axis) {
  const std::string key = fmt::format("dim:{}", param);
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  Atom a;
  a.kind = AtomKind::kDim;
  a.label = std::string(param);
  a.input = std::string(input);
  a.axis = axis;
  a.bases = {static_cast<AtomId>(atoms_.size())};
  return by_key_[key] = add(std::move(a));
}

AtomId AtomTable::unnamed_dim(std::string_view input, int axis) {
  Atom a;
  a.kind = AtomKind::kDim;
  a.label = fmt::format("dim {} of '{}'", axis, input);
  a.input = std::string(input);
  a.axis = axis;
  a.bases = {static_cast<AtomId>(atoms_.size())};
  return add(std::move(a));
}

AtomId AtomTable::count(int graph, int node, std::string label) {
  const std::string key = fmt::format("count:{}:{}:{}", graph, node, label);
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  Atom a;
  a.kind = AtomKind::kCount;
  a.label = std::move(label);
  a.graph = graph;
  a.node = node;
  a.bases = {static_cast<AtomId>(atoms_.size())};
  return by_key_[key] = add(std::move(a));
}

AtomId AtomTable::unknown() {
  // Each unknown its own atom, so that two of them never pass for equal; past
  // a bound (a huge graph of unknown ops) they share one, which only ever
  // hides a requirement, never makes one.
  if (unknowns_ >= kMaxUnknowns) return shared_unknown_;
  Atom a;
  a.label = "?";
  a.unknown = true;
  const AtomId id = add(std::move(a));
  if (++unknowns_ == kMaxUnknowns) shared_unknown_ = id;
  return id;
}

std::optional<AtomId> AtomTable::find_named(std::string_view param) const {
  auto it = by_key_.find(fmt::format("dim:{}", param));
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

AtomId AtomTable::derived(AtomKind kind, const SymExpr& a, const SymExpr& b, int64_t k) {
  const std::string key = fmt::format("{}:{}|{}|{}", static_cast<int>(kind), a.key(), b.key(), k);
  if (auto it = by_key_.find(key); it != by_key_.end()) return it->second;
  Atom atom;
  atom.kind = kind;
  atom.a = a;
  atom.b = b;
  atom.k = k;
  for (const SymExpr* e : {&a, &b})
    for (AtomId id : e->atoms()) {
      const Atom& arg = atoms_[static_cast<size_t>(id)];
      atom.unknown = atom.unknown || arg.unknown;
      atom.bases.insert(atom.bases.end(), arg.bases.begin(), arg.bases.end());
    }
  std::sort(atom.bases.begin(), atom.bases.end());
  atom.bases.erase(std::unique(atom.bases.begin(), atom.bases.end()), atom.bases.end());
  return by_key_[key] = add(std::move(atom));
}

SymExpr AtomTable::floor_div(const SymExpr& a, int64_t k) {
  if (k == 1) return a;
  if (auto c = a.constant_value(); c && k > 0) {
    int64_t q = *c / k;
    if (*c % k != 0 && *c < 0) --q;
    return SymExpr::constant(q);
  }
  if (auto exact = a.divided_exactly(k)) return *exact;
  return SymExpr::atom(derived(AtomKind::kFloorDiv, a, {}, k));
}

SymExpr AtomTable::ceil_div(const SymExpr& a, int64_t k) {
  if (k == 1) return a;
  if (auto c = a.constant_value(); c && k > 0) {
    int64_t q = *c / k;
    if (*c % k != 0 && *c > 0) ++q;
    return SymExpr::constant(q);
  }
  if (auto exact = a.divided_exactly(k)) return *exact;
  return SymExpr::atom(derived(AtomKind::kCeilDiv, a, {}, k));
}

SymExpr AtomTable::min(const SymExpr& a, const SymExpr& b) {
  if (a == b) return a;
  auto ca = a.constant_value(), cb = b.constant_value();
  if (ca && cb) return SymExpr::constant(std::min(*ca, *cb));
  return SymExpr::atom(derived(AtomKind::kMin, a, b, 0));
}

SymExpr AtomTable::max(const SymExpr& a, const SymExpr& b) {
  if (a == b) return a;
  auto ca = a.constant_value(), cb = b.constant_value();
  if (ca && cb) return SymExpr::constant(std::max(*ca, *cb));
  return SymExpr::atom(derived(AtomKind::kMax, a, b, 0));
}

std::optional<std::vector<AtomId>> AtomTable::bases(const SymExpr& e) const {
  std::vector<AtomId> out;
  for (AtomId id : e.atoms()) {
    const Atom& a = atoms_[static_cast<size_t>(id)];
    if (a.unknown) return std::nullopt;
    out.insert(out.end(), a.bases.begin(), a.bases.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<int64_t> AtomTable::eval_atom(AtomId id, std::span<const int64_t> values) const {
  const Atom& atom = atoms_[static_cast<size_t>(id)];
  switch (atom.kind) {
    case AtomKind::kDim:
    case AtomKind::kCount:
      if (static_cast<size_t>(id) >= values.size()) return std::nullopt;
      return values[static_cast<size_t>(id)];
    case AtomKind::kUnknown:
      return std::nullopt;
    case AtomKind::kFloorDiv:
    case AtomKind::kCeilDiv: {
      auto a = eval(atom.a, values);
      // A negative size divided (a convolution's window larger than its
      // input) is no size: the node fails there.
      if (!a || atom.k <= 0 || *a < 0) return std::nullopt;
      int64_t q = *a / atom.k;
      if (*a % atom.k != 0) q += atom.kind == AtomKind::kCeilDiv ? (*a > 0) : -(*a < 0);
      return q;
    }
    case AtomKind::kMin:
    case AtomKind::kMax: {
      auto a = eval(atom.a, values), b = eval(atom.b, values);
      if (!a || !b) return std::nullopt;
      return atom.kind == AtomKind::kMin ? std::min(*a, *b) : std::max(*a, *b);
    }
  }
  return std::nullopt;
}

std::optional<int64_t> AtomTable::eval(const SymExpr& e, std::span<const int64_t> values) const {
  int64_t sum = 0;
  for (const SymExpr::Term& t : e.terms()) {
    int64_t p = t.coeff;
    for (AtomId a : t.atoms) {
      auto v = eval_atom(a, values);
      if (!v || __builtin_mul_overflow(p, *v, &p)) return std::nullopt;
    }
    if (__builtin_add_overflow(sum, p, &sum)) return std::nullopt;
  }
  return sum;
}

std::string AtomTable::text(const SymExpr& e) const {
  if (e.terms().empty()) return "0";
  std::string out;
  // The constant last, as people write sizes: "seq - 1", not "-1 + seq".
  std::vector<SymExpr::Term> terms = e.terms();
  std::rotate(terms.begin(), terms.begin() + (terms.front().atoms.empty() ? 1 : 0), terms.end());
  for (const SymExpr::Term& t : terms) {
    std::string term;
    int64_t c = t.coeff;
    if (!out.empty()) {
      out += c < 0 ? " - " : " + ";
      c = c < 0 ? -c : c;
    } else if (c < 0 && !t.atoms.empty()) {
      out += "-";
      c = -c;
    }
    if (c != 1 || t.atoms.empty()) term = fmt::format("{}", c);
    for (AtomId id : t.atoms) {
      const Atom& a = atoms_[static_cast<size_t>(id)];
      std::string name = a.label;
      if (a.kind == AtomKind::kFloorDiv || a.kind == AtomKind::kCeilDiv) {
        const std::string num = a.a.terms().size() > 1 ? fmt::format("({})", text(a.a)) : text(a.a);
        name = fmt::format("{}({}/{})", a.kind == AtomKind::kFloorDiv ? "floor" : "ceil", num, a.k);
      }
      // As sizes read where every dim is large enough: a clamp to the
      // axis (`min(seq, 5)` of `x[:, :5]`) is its bound, `max(0, n)` is n.
      if (a.kind == AtomKind::kMin)
        name = a.a.is_constant()   ? text(a.a)
               : a.b.is_constant() ? text(a.b)
                                   : fmt::format("min({}, {})", text(a.a), text(a.b));
      if (a.kind == AtomKind::kMax)
        name = a.a.constant_value() == 0   ? text(a.b)
               : a.b.constant_value() == 0 ? text(a.a)
                                           : fmt::format("max({}, {})", text(a.a), text(a.b));
      if ((a.kind == AtomKind::kMin || a.kind == AtomKind::kMax) && t.atoms.size() > 1)
        name = fmt::format("({})", name);
      term += term.empty() ? name : "*" + name;
    }
    out += term;
  }
  return out;
}

}  // namespace onnx_lint
