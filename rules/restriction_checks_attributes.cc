// OL603's checks that read one attribute of the node (Resize's mode,
// antialias and aspect policy, TopK's sorted, the random ops' seed, LSTM's
// layout and input_forget): what the attribute says and the PyTorch change.
#include <fmt/format.h>

#include "restriction_checks.h"

namespace onnx_lint {

void add_attribute_checks(CheckTable& table) {
  const std::pair<const char*, Check> checks[] = {
      {"resize-mode",
       [](const Use& u) -> std::optional<Broken> {
         if (u.n.attr_string("mode", "nearest") != "cubic") return std::nullopt;
         return Broken{"its mode is cubic (`mode='bicubic'`)", "use `mode='bilinear'`"};
       }},
      {"resize-antialias",
       [](const Use& u) -> std::optional<Broken> {
         if (u.n.attr_int("antialias", 0) == 0) return std::nullopt;
         return Broken{"it has antialias=1 (`F.interpolate(..., antialias=True)`)",
                       "drop `antialias=True`; to downscale without aliasing, blur first "
                       "(`F.avg_pool2d`) and resize after"};
       }},
      {"resize-aspect-policy",
       [](const Use& u) -> std::optional<Broken> {
         const std::string p = u.n.attr_string("keep_aspect_ratio_policy", "stretch");
         if (p == "stretch") return std::nullopt;
         return Broken{fmt::format("it has keep_aspect_ratio_policy={}", p),
                       "compute the output size in Python and pass `size=(h, w)`"};
       }},
      {"topk-sorted",
       [](const Use& u) -> std::optional<Broken> {
         if (u.n.attr_int("sorted", 1) != 0) return std::nullopt;
         return Broken{"it has sorted=0 (`torch.topk(..., sorted=False)`)",
                       "use `sorted=True` (the default)"};
       }},
      {"random-seed",
       [](const Use& u) -> std::optional<Broken> {
         if (!u.n.attr("seed")) return std::nullopt;
         return Broken{
             "it sets a seed, so the engine's samples differ from ONNX Runtime's and "
             "from run to run",
             "do not rely on the seed for reproducibility on TensorRT: pass the noise "
             "in as a model input (sampled by the caller with its own generator), or "
             "use the distribution's mean at inference"};
       }},
      {"lstm-layout",
       [](const Use& u) -> std::optional<Broken> {
         if (u.n.attr_int("layout", 0) == 0) return std::nullopt;
         return Broken{"it has layout=1 (batch first)",
                       "keep `batch_first=False` and transpose around the LSTM: "
                       "`lstm(x.transpose(0, 1))[0].transpose(0, 1)`"};
       }},
      {"lstm-input-forget",
       [](const Use& u) -> std::optional<Broken> {
         if (u.n.attr_int("input_forget", 0) == 0) return std::nullopt;
         return Broken{"it has input_forget=1 (coupled input and forget gates)",
                       "use a standard LSTM cell (`nn.LSTM` exports input_forget=0)"};
       }},
  };
  for (const auto& [name, check] : checks) table.emplace(name, check);
}

}  // namespace onnx_lint
