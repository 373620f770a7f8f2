// The command line: parses argv into Options and runs.
#pragma once

namespace onnx_lint {

/// The whole program; returns the exit code. Never throws.
int run_cli(int argc, char** argv);

}  // namespace onnx_lint
