#include "cli/cli.h"

int main(int argc, char** argv) { return onnx_lint::run_cli(argc, argv); }
