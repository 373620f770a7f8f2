// OL201 repeat-tile: a Tile node, which is what Tensor.repeat exports to.
#include <fmt/format.h>

#include <algorithm>

#include "onnx_lint/rule.h"
#include "slice_words.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{"OL201", "repeat-tile", Severity::kWarning,
                         "A Tile node (what `Tensor.repeat` exports to)",
                         "ONNX > Tensor repeating"};

// Static dims of the tensor Tile repeats. torch lifts the rank of a repeated
// tensor with Expand(x, ConstantOfShape(ones)), which hides the shape from type
// inference, so look through that Expand to x.
std::optional<std::vector<int64_t>> static_dims(const Model& m, const Graph& g,
                                                std::string_view tensor) {
  auto from_type = [&](std::string_view name) { return g.static_dims(name); };
  if (auto dims = from_type(tensor)) return dims;
  const Node* expand = g.producer(tensor);
  if (!expand || expand->op_type != "Expand") return std::nullopt;
  auto inner = from_type(expand->input(0));
  const Node* fill = g.producer(expand->input(1));
  if (!inner || !fill || fill->op_type != "ConstantOfShape") return std::nullopt;
  auto rank = m.constant(g, fill->input(0));
  const Attribute* value = fill->attr("value");
  auto fill_value = value ? m.tensor_value(value->tensor) : std::nullopt;
  // A rank from the file is bounded before it sizes anything.
  if (!rank || rank->ints.size() != 1 || rank->ints[0] < 0 || rank->ints[0] > 64 || !fill_value ||
      fill_value->ints != std::vector<int64_t>{1})
    return std::nullopt;
  std::vector<int64_t> dims(std::max<int64_t>(0, rank->ints[0] - int64_t(inner->size())), 1);
  dims.insert(dims.end(), inner->begin(), inner->end());
  return dims;
}

std::string list(const std::vector<int64_t>& v) { return fmt::format("[{}]", fmt::join(v, ", ")); }

// The concrete expand-based rewrite for these dims and repeats.
std::string concrete_fix(const std::vector<int64_t>& dims, const std::vector<int64_t>& reps) {
  std::vector<size_t> not_singular;
  for (size_t i = 0; i < dims.size(); ++i)
    if (reps[i] != 1 && dims[i] != 1) not_singular.push_back(i);
  if (not_singular.empty()) {
    std::vector<std::string> args;
    for (size_t i = 0; i < dims.size(); ++i)
      args.push_back(reps[i] == 1 ? "-1" : std::to_string(reps[i]));
    return fmt::format(
        "use `expand` instead of `repeat`: every repeated dim has size 1 here, so "
        "`x.expand({})` gives the same tensor without Tile (expand only broadcasts size-1 dims)",
        fmt::join(args, ", "));
  }
  if (not_singular.size() == 1) {
    const size_t k = not_singular[0];
    std::vector<std::string> args;
    std::vector<int64_t> out;
    for (size_t i = 0; i < dims.size(); ++i) {
      if (i == k) args.push_back(std::to_string(reps[i]));
      args.push_back(reps[i] != 1 && i != k ? std::to_string(reps[i]) : "-1");
      out.push_back(dims[i] * reps[i]);
    }
    return fmt::format(
        "`expand` alone cannot replace this repeat: dim {} has size {}, not 1 (expand only "
        "broadcasts size-1 dims). Add a size-1 dim in front of it, expand that and merge: "
        "`x.unsqueeze({}).expand({}).reshape({})` equals `x.repeat({})` and exports without Tile",
        k, dims[k], k, fmt::join(args, ", "), fmt::join(out, ", "), fmt::join(reps, ", "));
  }
  return fmt::format(
      "`expand` alone cannot replace this repeat: dims {} have sizes other than 1 (expand only "
      "broadcasts size-1 dims). For each, unsqueeze a size-1 dim in front of it, expand that, "
      "then reshape to merge (`x.unsqueeze(k).expand(..., r, ...).reshape(...)`)",
      fmt::join(not_singular, ", "));
}

class RepeatTileRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    for_each_node(ctx.model, [&](const Graph& g, const Node& n) {
      if (n.op_type != "Tile" || !n.in_onnx_domain()) return;
      auto reps = ctx.model.constant(g, n.input(1));
      auto dims = static_dims(ctx.model, g, n.input(0));
      const bool reps_known = reps && !reps->ints.empty();
      std::string message = "Tile, which is what `Tensor.repeat` exports to";
      if (reps_known) message += fmt::format(" (repeats {}", list(reps->ints));
      if (reps_known && dims && dims->size() == reps->ints.size())
        message += fmt::format(" of a {} tensor", list(*dims));
      if (reps_known) message += ")";
      message += fmt::format(
          ": the team cheatsheet blacklists `repeat` because its export comes with a Slice that "
          "makes TensorRT engines segfault; {}",
          slice_context(ctx.model, g, n));
      // Sizes from a hostile file must not overflow the arithmetic of the fix.
      auto sane = [](const std::vector<int64_t>& v) {
        for (int64_t x : v)
          if (x < 0 || x > (int64_t{1} << 31)) return false;
        return true;
      };
      std::string fix =
          reps_known && dims && dims->size() == reps->ints.size() && sane(*dims) && sane(reps->ints)
              ? concrete_fix(*dims, reps->ints)
              : "use `expand` instead of `repeat` where the repeated dims have size 1; for a dim "
                "of another size, unsqueeze a size-1 dim in front of it, expand that and reshape";
      sink.report(g, n, std::move(message)).fix = std::move(fix);
    });
  }
};

}  // namespace

std::unique_ptr<Rule> MakeRepeatTileRule() { return std::make_unique<RepeatTileRule>(); }

}  // namespace onnx_lint
