// OL403 frozen-size: the export wrote down a size that the model declares
// dynamic (or that the data decides), so the graph only runs, or only
// computes what the module does, at the export example's size.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis/sym_shapes.h"
#include "onnx_lint/rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL403", "frozen-size", Severity::kError,
    "A size the model declares dynamic (or the data decides) that the export froze at the "
    "example's value: a Python number in a shape, an unrolled loop, a constant Resize size",
    ""};

// Checked on torch 2.14 by models/generate_fidelity.py (verdicts.json's
// "torch_export"): torch.export refuses every frozen idiom, while
// torch.onnx.export(dynamo=True) specializes the dim and writes a static input.
constexpr std::string_view kDynamo =
    "or check the module with `torch.export.export(model, args, dynamic_shapes=...)`, which "
    "refuses a frozen dim at export time (\"Constraints violated\"); "
    "`torch.onnx.export(..., dynamo=True)` instead specializes it and declares the input static";

// What a data-decided size counts, by the op that decides it.
std::string count_name(const Model& m, const FrozenSize::Dim& d) {
  if (d.count_graph < 0 || d.count_graph >= static_cast<int>(m.graphs.size())) return d.name;
  const Graph& g = m.graphs[d.count_graph];
  if (d.count_node < 0 || d.count_node >= static_cast<int>(g.nodes.size())) return d.name;
  const Node& n = g.nodes[d.count_node];
  const std::string node = fmt::format("{} '{}'", n.op_type, n.display_name());
  if (n.op_type == "NonZero")
    return fmt::format("the number of true elements {} finds (the rows `x[mask]` keeps)", node);
  if (n.op_type == "Compress")
    return fmt::format("the number of elements {} keeps (the rows `x[mask]` keeps)", node);
  if (n.op_type == "Unique") return fmt::format("the number of distinct values {} finds", node);
  return fmt::format("the number of boxes {} keeps", node);
}

// "'batch' (dim 0 of input 'x')", "the number of true elements NonZero '/NonZero' finds".
std::string dim_name(const FrozenSize::Dim& d, const Model* m = nullptr) {
  if (d.data_count) return m ? count_name(*m, d) : d.name;
  if (d.name.starts_with("dim ")) return fmt::format("dim {} of input '{}'", d.axis, d.input);
  return fmt::format("'{}' (dim {} of input '{}')", d.name, d.axis, d.input);
}

std::string dims_text(const FrozenSize& f, const Model* m = nullptr) {
  std::vector<std::string> names;
  for (const auto& d : f.dims) names.push_back(dim_name(d, m));
  return fmt::format("{}", fmt::join(names, " and "));
}

// The word for "other sizes" of the dim: "batch", "h".
std::string short_name(const FrozenSize& f) {
  if (f.dims.size() != 1) return "combination of sizes";
  const auto& d = f.dims[0];
  if (d.data_count) return "count";
  return d.name.starts_with("dim ") ? fmt::format("size of dim {}", d.axis) : d.name;
}

// "2", "1 and 2", "64 to 79": the sizes it runs at.
std::string sizes_text(const std::vector<int64_t>& values) {
  std::vector<std::string> runs;
  for (size_t i = 0; i < values.size();) {
    size_t j = i;
    while (j + 1 < values.size() && values[j + 1] == values[j] + 1) ++j;
    runs.push_back(j >= i + 2   ? fmt::format("{} to {}", values[i], values[j])
                   : j == i + 1 ? fmt::format("{} and {}", values[i], values[j])
                                : fmt::format("{}", values[i]));
    i = j + 1;
  }
  return fmt::format("{}", fmt::join(runs, ", "));
}

// " (e.g. batch 2 and length 4)": one pair of sizes that runs.
std::string example_text(const FrozenSize& f) {
  if (f.example.size() != 2 || f.dims.size() != 2) return "";
  return fmt::format(" (e.g. {} {} and {} {})", f.dims[0].name, f.example[0], f.dims[1].name,
                     f.example[1]);
}

std::string target_text(const Model& m, const Graph& g, const Node& n) {
  const std::optional<TensorValue> t = m.constant(g, n.input(1));
  if (!t || t->ints.empty()) return "a constant shape";
  return fmt::format("the constant shape [{}]", fmt::join(t->ints, ", "));
}

std::string what(const Model& m, const Graph& g, const Node& n, const FrozenSize& f) {
  switch (f.kind) {
    case ConstraintKind::kElementCount:
      return fmt::format("Reshape to {} ({} elements) of a tensor of {} elements",
                         target_text(m, g, n), f.fixed, f.size);
    case ConstraintKind::kBroadcast:
      return fmt::format("{} broadcasts dim {} of size {} against {}, a size the trace wrote down",
                         n.op_type, f.axis, f.size, f.fixed_text);
    case ConstraintKind::kEqual:
      return fmt::format("{} needs dim {} of size {} to equal {}, a size the trace wrote down",
                         n.op_type, f.axis, f.size, f.fixed_text);
    case ConstraintKind::kSplitSum:
      return fmt::format("Split cuts dim {} of size {} into constant parts that add up to {}",
                         f.axis, f.size, f.fixed);
    case ConstraintKind::kOutput:
      return fmt::format(
          "graph output '{}' declares dim {} dynamic, but the graph always makes it {}", f.tensor,
          f.axis, f.fixed);
    case ConstraintKind::kLoop:
      return fmt::format(
          "a Python loop over dim {} of '{}' was unrolled into {} copies (one Gather per row, "
          "rows 0..{})",
          f.axis, f.tensor, f.frozen, f.frozen - 1);
    case ConstraintKind::kResize:
      return fmt::format("{} to the constant size {} where the input's size is dynamic", n.op_type,
                         fmt::join(f.fixed_sizes, "x"));
  }
  return "";
}

std::string consequence(const FrozenSize& f) {
  const std::string other = short_name(f);
  switch (f.kind) {
    case ConstraintKind::kLoop:
      return fmt::format(
          "a {} below {} raises (index out of range) and one above {} silently uses only the "
          "first {} rows",
          other, f.frozen, f.frozen, f.frozen);
    case ConstraintKind::kResize:
      return fmt::format("every other input size silently comes out at {}",
                         fmt::join(f.fixed_sizes, "x"));
    case ConstraintKind::kOutput:
      return fmt::format("every other {} silently gets {}", other, f.frozen);
    default:
      break;
  }
  if (f.dims.size() > 1)
    return fmt::format("only sizes with {} = {} run{}; every other {} fails at run time", f.size,
                       f.fixed_text, example_text(f), other);
  if (f.dims[0].data_count)
    return fmt::format(
        "every input on which the count is not {} (the export example's) fails at "
        "run time",
        f.frozen);
  if (!f.silent.empty())
    return fmt::format(
        "at {} {} it runs but broadcasts a size-1 dim, a wrong shape; every other {} fails at "
        "run time",
        other, fmt::join(f.silent, " and "), other);
  return fmt::format("every other {} fails at run time", other);
}

std::string idiom_fix(const Model& m, const Graph& g, const Node& n, const FrozenSize& f) {
  const Node* lit = f.literal_node >= 0 && f.literal_node < static_cast<int>(g.nodes.size())
                        ? &g.nodes[f.literal_node]
                        : nullptr;
  const std::string_view lit_op = lit ? lit->op_type : "";
  switch (f.kind) {
    case ConstraintKind::kElementCount:
      if (f.reshape_target)
        return fmt::format(
            "write the size as a size, not a number: `-1` or `x.size(0)` without `int()` in "
            "`view`/`reshape` (`x.view(-1, ...)`), or `flatten`; `onnx-lint fix` rewrites the "
            "target to [{}] (0 copies the input's dim), what the module computes at every size",
            fmt::join(*f.reshape_target, ", "));
      return "write the sizes as sizes, not numbers: `-1` in `view`/`reshape`, `x.size(i)` "
             "without `int()`, or `x.flatten(1)`";
    case ConstraintKind::kLoop:
      return "vectorize the loop: compute on the whole tensor at once (a per-row factor "
             "`x * torch.arange(1, x.size(0) + 1)[:, None]`, a sum `x.sum(0)`, a "
             "`torch.stack` of rows as one op on `x`)";
    case ConstraintKind::kResize:
      return "give F.interpolate a `scale_factor=` instead of `size=`, or sizes read from the "
             "tensor without `int()` (`size=(x.shape[2] * 2, x.shape[3] * 2)`)";
    case ConstraintKind::kSplitSum:
      return "operate on the whole tensor instead of iterating over its rows (`for row in x`, "
             "`x.unbind(0)`, `x.split(1)` unroll into a fixed number of rows)";
    default:
      break;
  }
  if (n.op_type == "GRU" || n.op_type == "LSTM" || n.op_type == "RNN")
    return "make the initial state from the input: `x.new_zeros(layers, x.size(1), hidden)`, "
           "or leave it out (zeros are the default)";
  if (lit_op == "Expand" || lit_op == "Tile")
    return "broadcast to the input's size: `t.expand(x.size(0), -1)` or `t.expand_as(x)`, not "
           "`t.repeat(int(x.size(0)), 1)` or a size from `int()`";
  if (lit_op == "Gather" || lit_op == "Reshape")
    return "make the index or shape from the input's size: `torch.arange(x.size(1))`, "
           "`x.view(x.size(0), ...)`, not `torch.arange(int(T))` or `len(x)`";
  (void)m;
  return "make the tensor from the input, not from a Python number: `torch.ones_like(x)`, "
         "`x.new_zeros(x.size(0), 1)`, `torch.arange(x.size(0))` instead of `len(x)` or "
         "`int(x.size(0))`; slice by `x.size(1)`, not `int(x.size(1))`";
}

class FrozenSizeRule final : public Rule {
 public:
  const RuleMeta& meta() const override { return kMeta; }

  void check(const LintContext& ctx, DiagnosticSink& sink) const override {
    for (const FrozenSize& f : find_frozen_sizes(ctx.model)) {
      if (f.graph < 0 || f.graph >= static_cast<int>(ctx.model.graphs.size())) continue;
      const Graph& g = ctx.model.graphs[f.graph];
      if (f.node < 0 || f.node >= static_cast<int>(g.nodes.size()) || f.dims.empty()) continue;
      if (f.by_weights) {
        report_fixed_design(ctx, sink, f);
        continue;
      }
      const Node& n = g.nodes[f.node];
      const std::string also = f.also > 0
                                   ? fmt::format(" ({} more node{} on the same frozen size)",
                                                 f.also, f.also == 1 ? " depends" : "s depend")
                                   : "";
      std::string frozen =
          f.kind == ConstraintKind::kResize
              ? fmt::format("the output no longer follows {}", dims_text(f))
          : f.dims.size() > 1 ? fmt::format("the export froze {}", dims_text(f))
          : f.frozen >= 0
              ? fmt::format("the export froze {} at {}", dims_text(f, &ctx.model), f.frozen)
              : fmt::format("the export cut {} to {}", dims_text(f), sizes_text(f.allowed));
      Diagnostic& d = sink.report(
          g, n,
          fmt::format("{}: {}; {}{}", what(ctx.model, g, n, f), frozen, consequence(f), also));
      d.fix = fmt::format("{}; {}", idiom_fix(ctx.model, g, n, f), kDynamo);
      if (!f.tensor.empty()) d.tensor = f.tensor;
    }
  }

 private:
  // The weights fix the size: the module itself refuses other sizes, so the
  // export is faithful; the dynamic axis is a false promise. Once, on the input.
  static void report_fixed_design(const LintContext& ctx, DiagnosticSink& sink,
                                  const FrozenSize& f) {
    const FrozenSize::Dim& dim = f.dims[0];
    if (dim.data_count || dim.input.empty()) return;
    const Graph& main = ctx.model.main();
    const std::string weight = f.weight.empty() ? "a weight" : fmt::format("weight '{}'", f.weight);
    const std::string runs =
        f.dims.size() > 1
            ? fmt::format("only sizes with {} = {} run{}", f.size, f.fixed_text, example_text(f))
        : f.frozen >= 0 ? fmt::format("only {} {} runs", short_name(f), f.frozen)
                        : fmt::format("only {} {} runs", short_name(f), sizes_text(f.allowed));
    std::vector<std::string> axes;
    for (const auto& d : f.dims) axes.push_back(fmt::format("{}", d.axis));
    Diagnostic& d = sink.report_tensor(
        main, dim.input,
        fmt::format("input '{}' declares {} dynamic, but the model's {} fixes {}: eager PyTorch "
                    "refuses other sizes too, so the export is faithful to a fixed-size module "
                    "and {}",
                    dim.input, dims_text(f), weight, f.dims.size() > 1 ? "them" : "it", runs));
    d.at_most = Severity::kWarning;
    d.fix = fmt::format(
        "declare dim{} {} of '{}' static (leave {} out of `dynamic_axes`), or make the module "
        "size-independent (slice or interpolate the table to the input, "
        "`self.pos_embed[:, :x.size(1)]`)",
        f.dims.size() > 1 ? "s" : "", fmt::join(axes, " and "), dim.input,
        f.dims.size() > 1 ? "them" : "it");
  }
};

}  // namespace

std::unique_ptr<Rule> MakeFrozenSizeRule() { return std::make_unique<FrozenSizeRule>(); }

}  // namespace onnx_lint
