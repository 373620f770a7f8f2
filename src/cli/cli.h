// The command line: arguments -> settings -> run -> report -> exit code.
#pragma once

namespace onnx_lint {

/// The whole program; returns the exit code. Never throws.
int run_cli(int argc, char** argv);

}  // namespace onnx_lint
