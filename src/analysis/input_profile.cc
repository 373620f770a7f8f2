#include "analysis/input_profile.h"

#include <fmt/format.h>

namespace onnx_lint {

std::vector<InputProfile> input_profiles(const Model& model) {
  std::vector<InputProfile> out;
  const Graph& g = model.main();
  for (const auto& name : g.inputs) {
    if (g.initializers.count(name)) continue;  // IR < 4 lists initializers as inputs
    const TensorType* t = g.type_of(name);
    if (!t || !t->has_shape) continue;
    InputProfile p{name, {}, "", "", ""};
    std::vector<std::string> min, opt, max;
    for (size_t i = 0; i < t->dims.size(); ++i) {
      const Dim& d = t->dims[i];
      if (d.is_static()) {
        for (auto* v : {&min, &opt, &max}) v->push_back(std::to_string(d.value));
        continue;
      }
      p.dynamic.push_back(d.param.empty() ? fmt::format("dim {} (unnamed)", i)
                                          : fmt::format("dim {} '{}'", i, d.param));
      min.push_back("1");
      opt.push_back("8");
      max.push_back("32");
    }
    if (p.dynamic.empty()) continue;
    p.min = fmt::format("{}", fmt::join(min, "x"));
    p.opt = fmt::format("{}", fmt::join(opt, "x"));
    p.max = fmt::format("{}", fmt::join(max, "x"));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace onnx_lint
