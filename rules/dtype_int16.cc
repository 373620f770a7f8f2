// OL302 dtype-int16: a int16 tensor anywhere, reported where it is born.
#include "dtype_rule.h"

namespace onnx_lint {
namespace {

constexpr RuleMeta kMeta{
    "OL302", "dtype-int16", Severity::kError,
    "A int16 tensor anywhere (input, initializer, constant, Cast, intermediate)",
    "TensorRT > Data type support"};

constexpr DtypeWords kWords{
    dtype::kInt16,
    "`.to(torch.int16)` / `.short()`",
    "the team cheatsheet blacklists int16 (TensorRT has no int16 tensor type)",
    "avoid int16: use int32 (`.to(torch.int32)`) for integer data and float32 or float16 for "
    "values",
    "`torch.int32`",
    "torch.int32",
    "torch.int32",
    ""};

}  // namespace

std::unique_ptr<Rule> MakeDtypeInt16Rule() { return make_dtype_rule(kMeta, kWords); }

}  // namespace onnx_lint
