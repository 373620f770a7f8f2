// `onnx-lint fix MODEL -o FIXED` (the plain `onnx-lint MODEL...` lints).
#pragma once

namespace onnx_lint {

/// argv[0] is "fix"; the exit code.
int run_fix(int argc, char** argv);

}  // namespace onnx_lint
