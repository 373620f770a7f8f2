import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from oracle_corpus import ROOT, write_node_models  # noqa: E402


def _build_dir():
    return Path(os.environ.get("ONNX_LINT_BUILD_DIR", ROOT / "build"))


@pytest.fixture(scope="session")
def onnx_lint_binary():
    p = Path(os.environ.get("ONNX_LINT_BINARY", _build_dir() / "onnx-lint"))
    if not p.exists():
        pytest.fail(f"{p} is not built (scripts/setup.sh builds it)")
    return str(p)


@pytest.fixture(scope="session")
def dump_binary():
    p = Path(os.environ.get("ONNX_LINT_DUMP_TYPES", _build_dir() / "tests" / "onnx_lint_dump_types"))
    if not p.exists():
        pytest.fail(f"{p} is not built (scripts/setup.sh builds it)")
    return str(p)


@pytest.fixture(scope="session")
def node_model_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("onnx_node_models")
    write_node_models(d)
    return d
