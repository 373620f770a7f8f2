#include "analysis/size_constraints.h"

#include <algorithm>
#include <map>

namespace onnx_lint {
namespace {

// Evaluations one model may spend (a hostile graph of a million
// requirements must not take minutes): past it, requirements go unsolved.
constexpr int64_t kBudget = 4'000'000;

// Small sizes one by one, then large ones that any divisibility a faithful
// graph may require (even, a multiple of 3, of 7, ...) also meets: a
// requirement met at a large size leaves the size free.
constexpr int64_t kSmallest = 300;
constexpr int64_t kLarge[] = {1024, 5040, 27720, 65536, 720720};

std::vector<int64_t> small_sizes(const Atom& a) {
  std::vector<int64_t> out;
  for (int64_t v = a.kind == AtomKind::kCount ? 0 : 1; v <= kSmallest; ++v) out.push_back(v);
  return out;
}

struct Solved {
  const SizeConstraint* c = nullptr;
  std::vector<AtomId> bases;
  std::vector<int64_t> allowed;
  int64_t frozen = -1;
  std::vector<int64_t> silent;   // sizes that run only because a size-1 dim broadcasts
  std::vector<int64_t> example;  // two unknowns: one pair of sizes that runs
};

class Solver {
 public:
  explicit Solver(const AtomTable& atoms) : atoms_(atoms), values_(atoms.size()) {}

  std::optional<Solved> solve(const SizeConstraint& c) {
    auto l = atoms_.bases(c.lhs), r = atoms_.bases(c.rhs);
    if (!l || !r) return std::nullopt;
    Solved s;
    s.c = &c;
    s.bases = *l;
    s.bases.insert(s.bases.end(), r->begin(), r->end());
    std::sort(s.bases.begin(), s.bases.end());
    s.bases.erase(std::unique(s.bases.begin(), s.bases.end()), s.bases.end());
    if (s.bases.empty()) return std::nullopt;
    const auto fixed = c.rhs.constant_value();
    switch (c.kind) {
      case ConstraintKind::kLoop:
      case ConstraintKind::kResize:
        if (!fixed) return std::nullopt;
        s.frozen = *fixed;
        return s;
      case ConstraintKind::kOutput:
        if (!fixed) return std::nullopt;
        s.frozen = *fixed;
        s.allowed = {*fixed};
        return s;
      default:
        break;
    }
    if (s.bases.size() == 1) return solve_one(std::move(s));
    if (s.bases.size() == 2) return solve_two(std::move(s));
    return std::nullopt;
  }

 private:
  // 1: runs; 2: runs because a side is 1 and broadcasts; 0: fails.
  int holds(const SizeConstraint& c) {
    --budget_;
    const auto l = atoms_.eval(c.lhs, values_), r = atoms_.eval(c.rhs, values_);
    if (!l || !r) return 0;
    if (*l == *r) return 1;
    if (c.kind == ConstraintKind::kBroadcast && (*l == 1 || *r == 1)) return 2;
    return 0;
  }

  std::optional<Solved> solve_one(Solved s) {
    const AtomId a = s.bases[0];
    const std::vector<int64_t> vs = small_sizes(atoms_[a]);
    if (budget_ < static_cast<int64_t>(vs.size()) + 8) return std::nullopt;
    for (int64_t v : kLarge) {
      values_[static_cast<size_t>(a)] = v;
      if (holds(*s.c) != 0) return std::nullopt;  // free
    }
    std::vector<int64_t> exact;
    for (int64_t v : vs) {
      values_[static_cast<size_t>(a)] = v;
      const int h = holds(*s.c);
      if (h == 0) continue;
      s.allowed.push_back(v);
      (h == 1 ? exact : s.silent).push_back(v);
    }
    if (exact.empty()) return std::nullopt;  // never runs: another matter
    s.frozen = exact.size() == 1 ? exact[0] : -1;
    return s;
  }

  // Two unknowns (`x.reshape(int(b), int(c) * int(l))`, a ViT's h and w
  // against its position table): frozen when no large size of either runs
  // and some small pair does.
  std::optional<Solved> solve_two(Solved s) {
    const size_t a = static_cast<size_t>(s.bases[0]), b = static_cast<size_t>(s.bases[1]);
    if (budget_ < kSmallest * kSmallest + 4 * kSmallest * 5) return std::nullopt;
    for (int64_t big : kLarge)
      for (int64_t v = 1; v <= kSmallest; ++v) {
        values_[a] = big, values_[b] = v;
        if (holds(*s.c) != 0) return std::nullopt;
        values_[a] = v, values_[b] = big;
        if (holds(*s.c) != 0) return std::nullopt;
      }
    // One pair that runs, for the message: a square one (images) first.
    for (int64_t u = 1; u <= kSmallest && s.example.empty(); ++u) {
      values_[a] = u, values_[b] = u;
      if (holds(*s.c) != 0) s.example = {u, u};
    }
    for (int64_t u = 1; u <= kSmallest && s.example.empty(); ++u)
      for (int64_t v = 1; v <= kSmallest && s.example.empty(); ++v) {
        values_[a] = u, values_[b] = v;
        if (holds(*s.c) != 0) s.example = {u, v};
      }
    if (s.example.empty()) return std::nullopt;
    s.frozen = s.c->rhs.constant_value().value_or(-1);
    return s;
  }

  const AtomTable& atoms_;
  std::vector<int64_t> values_;
  int64_t budget_ = kBudget;
};

FrozenSize::Dim describe(const AtomTable& atoms, AtomId id) {
  const Atom& a = atoms[id];
  FrozenSize::Dim d{a.label, a.input, a.axis};
  if (a.kind == AtomKind::kCount) {
    d.data_count = true;
    d.count_graph = a.graph;
    d.count_node = a.node;
  }
  return d;
}

// The Reshape target that computes at every size what the frozen one does
// at the export's: each literal entry that equals the input dim at its
// position there, and that dim follows the frozen unknown, becomes 0 (copy
// it). Checked: at the frozen size it gives the same target, and at every
// other size as many elements as the input has.
std::optional<std::vector<int64_t>> exact_target(const Model& m, const AtomTable& atoms,
                                                 const Solved& s) {
  const SizeConstraint& c = *s.c;
  const Node& n = m.graphs[c.graph].nodes[c.node];
  if (n.attr_int("allowzero", 0) != 0 || s.bases.size() != 1 || s.frozen < 0) return std::nullopt;
  const std::optional<TensorValue> target = m.constant(m.graphs[c.graph], n.input(1));
  if (!target || target->ints.empty()) return std::nullopt;
  std::vector<int64_t> values(atoms.size(), 0);
  auto dims_at = [&](int64_t v) {
    values[static_cast<size_t>(s.bases[0])] = v;
    std::vector<std::optional<int64_t>> out;
    for (const SymExpr& e : c.in_dims) out.push_back(atoms.eval(e, values));
    return out;
  };
  const auto at_frozen = dims_at(s.frozen);
  std::vector<int64_t> fixed = target->ints;
  bool changed = false;
  for (size_t i = 0; i < fixed.size() && i < c.in_dims.size(); ++i) {
    if (c.in_dims[i].is_constant() || !at_frozen[i] || *at_frozen[i] != fixed[i]) continue;
    fixed[i] = 0;
    changed = true;
  }
  if (!changed) return std::nullopt;
  for (int64_t v = 1; v <= 64; ++v) {
    const auto dims = dims_at(v);
    int64_t in = 1, out = 1;
    for (const auto& d : dims)
      if (!d || __builtin_mul_overflow(in, *d, &in)) return std::nullopt;
    for (size_t i = 0; i < fixed.size(); ++i) {
      const int64_t e = fixed[i] == 0 ? dims[i].value_or(-1) : fixed[i];
      if (e < 0 || __builtin_mul_overflow(out, e, &out)) return std::nullopt;
      if (v == s.frozen && e != target->ints[i]) return std::nullopt;
    }
    if (in != out) return std::nullopt;
  }
  return fixed;
}

int priority(const Solved& s) {
  switch (s.c->kind) {
    case ConstraintKind::kLoop:
      return 0;
    case ConstraintKind::kOutput:
      return 2;
    default:
      return 1;
  }
}

FrozenSize finding(const Model& m, const AtomTable& atoms, const Solved& s) {
  const SizeConstraint& c = *s.c;
  FrozenSize f;
  f.kind = c.kind;
  f.graph = c.graph;
  f.node = c.node;
  for (AtomId a : s.bases) f.dims.push_back(describe(atoms, a));
  f.allowed = s.allowed;
  f.frozen = s.frozen;
  f.silent = s.silent;
  f.example = s.example;
  f.size = atoms.text(c.lhs);
  f.fixed = c.rhs.constant_value().value_or(-1);
  f.fixed_text = atoms.text(c.rhs);
  if (c.kind == ConstraintKind::kResize) f.fixed_sizes = {f.fixed};
  f.tensor = c.tensor;
  f.axis = c.axis;
  f.literal_node = c.fixed.node;
  if (c.fixed.origin == Origin::kWeight) {
    f.by_weights = true;
    if (c.fixed.tensor >= 0) f.weight = m.tensors[static_cast<size_t>(c.fixed.tensor)].name;
  }
  if (c.kind == ConstraintKind::kElementCount) f.reshape_target = exact_target(m, atoms, s);
  return f;
}

}  // namespace

std::vector<FrozenSize> solve_constraints(const Model& model, const AtomTable& atoms,
                                          const std::vector<SizeConstraint>& constraints) {
  Solver solver(atoms);
  // By the unknowns they pin, in the order first met.
  std::map<std::vector<AtomId>, std::vector<Solved>> groups;
  std::vector<std::vector<AtomId>> order;
  for (const SizeConstraint& c : constraints) {
    std::optional<Solved> s = solver.solve(c);
    if (!s) continue;
    auto [it, added] = groups.try_emplace(s->bases);
    if (added) order.push_back(s->bases);
    it->second.push_back(std::move(*s));
  }
  std::vector<FrozenSize> out;
  for (const auto& key : order) {
    std::vector<Solved>& group = groups[key];
    // The module's own weights fix the size: once, as what the model is.
    auto weight = std::find_if(group.begin(), group.end(), [](const Solved& s) {
      return s.c->fixed.origin == Origin::kWeight;
    });
    if (weight != group.end()) {
      if (weight->allowed.empty() && weight->bases.size() == 1) continue;
      FrozenSize f = finding(model, atoms, *weight);
      f.also = static_cast<int>(group.size()) - 1;
      out.push_back(std::move(f));
      continue;
    }
    std::stable_sort(group.begin(), group.end(),
                     [](const Solved& a, const Solved& b) { return priority(a) < priority(b); });
    // Resize: each axis its own requirement at one node; every other kind, one finding.
    FrozenSize f = finding(model, atoms, group.front());
    f.also = static_cast<int>(group.size()) - 1;
    out.push_back(std::move(f));
  }
  // One finding per node: the frozen sizes it pins together (Resize's h and w).
  std::vector<FrozenSize> merged;
  for (FrozenSize& f : out) {
    auto same = std::find_if(merged.begin(), merged.end(), [&](const FrozenSize& g) {
      return g.graph == f.graph && g.node == f.node && g.by_weights == f.by_weights;
    });
    if (same == merged.end()) {
      merged.push_back(std::move(f));
      continue;
    }
    for (const FrozenSize::Dim& d : f.dims)
      if (std::none_of(same->dims.begin(), same->dims.end(),
                       [&](const FrozenSize::Dim& e) { return e.name == d.name; })) {
        same->dims.push_back(d);
        if (same->kind == ConstraintKind::kResize && f.kind == ConstraintKind::kResize)
          same->fixed_sizes.push_back(f.fixed);
      }
    same->also += f.also;
  }
  std::stable_sort(merged.begin(), merged.end(), [](const FrozenSize& a, const FrozenSize& b) {
    return std::pair(a.graph, a.node) < std::pair(b.graph, b.node);
  });
  return merged;
}

}  // namespace onnx_lint
