// `onnx-lint diff OLD.onnx NEW.onnx`: what an export change did.
#pragma once

namespace onnx_lint {

/// argv[0] is "diff"; the exit code.
int run_diff(int argc, char** argv);

}  // namespace onnx_lint
