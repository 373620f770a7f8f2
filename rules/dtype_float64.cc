// OL303 dtype-float64: a float64 tensor anywhere, reported where it is born.
#include "dtype_rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL303", "dtype-float64", Severity::kError,
    "A float64 tensor anywhere (input, initializer, constant, Cast, intermediate)",
    "TensorRT > Data type support"};

constexpr DtypeWords kWords{
    dtype::kDouble,
    "`.double()` / `.to(torch.float64)`",
    "the team cheatsheet blacklists float64 (TensorRT does not support it, in the team's "
    "deployment)",
    "use float32: `.float()` instead of `.double()`, float32 parameters and buffers "
    "(`module.float()`, `torch.tensor(..., dtype=torch.float32)`), and convert float64 inputs to "
    "float32 before running the engine",
    "`torch.float32`",
    "torch.float32",
    "torch.float32",
    "; a float64 constant nobody wrote comes from a Python float in scripted code "
    "(`torch.jit.script` with `F.interpolate(scale_factor=2.0)`): pass `size=` instead of "
    "`scale_factor=`, or trace instead of script"};

}  // namespace

std::unique_ptr<Rule> MakeDtypeFloat64Rule() { return make_dtype_rule(kMeta, kWords); }

}  // namespace onnx_lint
