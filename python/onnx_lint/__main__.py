"""`python -m onnx_lint ARGS` and the wheel's `onnx-lint` command: the native
command line, run in this process by the extension module."""
import sys

from . import _native


def main() -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    return int(_native.run_cli(["onnx-lint", *sys.argv[1:]]))


if __name__ == "__main__":
    sys.exit(main())
