// OL301 dtype-uint8: a uint8 tensor anywhere, reported where it is born.
#include "dtype_rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL301", "dtype-uint8", Severity::kError,
    "A uint8 tensor anywhere (input, initializer, constant, Cast, intermediate)",
    "TensorRT > Data type support"};

constexpr DtypeWords kWords{
    dtype::kUint8,
    "`.to(torch.uint8)` / `.byte()`",
    "the team cheatsheet blacklists uint8 (TensorRT does not support uint8 tensors in the "
    "engine, in the team's deployment)",
    "convert uint8 data to int32 before it reaches the engine: cast in the pre-processing "
    "(`image.to(torch.int32)`) and export with an int32 (or float32) input; keep intermediate "
    "tensors of the deployment branch out of uint8",
    "`torch.bool` (a mask) or `torch.int32`",
    "torch.bool",
    "torch.int32",
    ""};

}  // namespace

std::unique_ptr<Rule> MakeDtypeUint8Rule() { return make_dtype_rule(kMeta, kWords); }

}  // namespace onnx_lint
