"""onnx-lint from Python: lint an exported model in process.

    import onnx_lint
    report = onnx_lint.lint("model.onnx", target="trt-10.15")
    for d in report.diagnostics:
        print(d.rule, d.severity, d.module, d.source, d.message)

`model` may be a path, the model's bytes, an `onnx.ModelProto`, or the
`torch.onnx.ONNXProgram` that `torch.onnx.export(..., dynamo=True)` returns
(neither onnx nor torch is a dependency: they are recognised by what they
have). The native engine runs with the GIL released, so threads lint in
parallel.
"""
from __future__ import annotations

import errno
import os
from typing import Any, NamedTuple, Optional, Sequence, Union

from . import _native

__all__ = ["Diagnostic", "LoadError", "Report", "lint", "__version__"]
__version__: str = _native.version()


class LoadError(Exception):
    """The model could not be read or linted; the message is the CLI's one line."""


class Diagnostic(NamedTuple):
    """One finding, as the CLI prints it (immutable)."""

    rule: str  # "OL101"
    name: str  # "resize-linear"
    severity: str  # "error", "warning" or "info"
    message: str
    fix: str
    node: Optional[str]
    op_type: Optional[str]
    module: Optional[str]  # the PyTorch module path, e.g. "decoder.0.up"
    source: Optional[str]  # "model.py:42"
    code: Optional[str]  # that line of Python, when the model carries it
    graph: str
    tensor: Optional[str]
    doc: str  # "docs/rules/OL101.md"

    def __str__(self) -> str:
        where = f" node '{self.node}' ({self.op_type})" if self.node else ""
        if self.module:
            where += f" at {self.module}"
        if self.source:
            where += f" ({self.source})"
        return f"{self.severity}[{self.rule} {self.name}]{where}: {self.message}\n  fix: {self.fix}"


class Report:
    """The lint of one model."""

    def __init__(self, native: Any) -> None:
        self._native = native
        self.path: str = native.path
        self.target: str = native.target
        self.precision: str = native.precision
        self.diagnostics: list[Diagnostic] = [Diagnostic._make(row) for row in native.rows()]

    @property
    def ok(self) -> bool:
        """No finding of error severity (what --fail-on error gates on)."""
        return self.exit_code == 0

    @property
    def exit_code(self) -> int:
        """What `onnx-lint MODEL` would exit with at the default --fail-on error."""
        return int(self._native.exit_code)

    def to_json(self) -> str:
        """The same document as `onnx-lint --format json MODEL`."""
        return str(self._native.to_json())

    def to_sarif(self) -> str:
        return str(self._native.to_sarif())

    def to_text(self) -> str:
        return str(self._native.to_text())

    def __repr__(self) -> str:
        return f"<onnx_lint.Report {self.path!r}: {len(self.diagnostics)} findings>"


ModelLike = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, Any]


def _model_bytes(model: Any) -> Optional[bytes]:
    """The serialized model of a ModelProto or an ONNXProgram; None otherwise."""
    proto = getattr(model, "model_proto", None)  # torch.onnx.ONNXProgram
    if proto is not None and hasattr(proto, "SerializeToString"):
        return proto.SerializeToString()
    if hasattr(model, "SerializeToString"):  # onnx.ModelProto
        return model.SerializeToString()
    return None


def lint(model: ModelLike, *, target: Optional[str] = None, precision: Optional[str] = None,
         target_opset: Optional[int] = None,
         select: Optional[Union[str, Sequence[str]]] = None,
         ignore: Optional[Union[str, Sequence[str]]] = None,
         config: Optional[Union[str, "os.PathLike[str]"]] = None,
         isolated: bool = False, name: Optional[str] = None) -> Report:
    """Lints one model and returns its Report.

    target: "trt-10.15", "ort-trt", ... (`onnx-lint --list-targets`); precision:
    "fp32", "fp16" or "bf16"; target_opset: the default-domain opset the
    deployment expects (the CLI's --target-opset; 12 unless a config says
    otherwise: a dynamo export writes 18 or later); select / ignore: rule codes, names or prefixes;
    config: a .onnx-lint.toml (for a path, the nearest one is used otherwise,
    as the CLI does); isolated: look up no .onnx-lint.toml (the CLI's
    --isolated); name: how a model given as bytes is named in the report.
    select / ignore take a string ("OL1", "OL1,OL201") or a list of them.
    Raises FileNotFoundError (IsADirectoryError) for a path that is not a
    file, ValueError for a bad setting (an unknown target, rule or precision,
    a config that does not parse) and LoadError, with the CLI's one-line
    reason, for a model that cannot be read.
    """
    options = _native.Options()
    options.target = target
    options.precision = precision
    options.target_opset = target_opset
    options.config = os.fspath(config) if config is not None else None
    options.select = _selectors(select)
    options.ignore = _selectors(ignore)
    options.isolated = isolated
    if isinstance(model, (str, os.PathLike)):
        path = os.fspath(model)
        if not os.path.exists(path):
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), path)
        if os.path.isdir(path):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        native = _native.lint_path(path, options)
    else:
        data = bytes(model) if isinstance(model, (bytes, bytearray, memoryview)) else _model_bytes(model)
        if data is None:
            raise TypeError("model must be a path, bytes, an onnx.ModelProto or a "
                            f"torch.onnx.ONNXProgram, not {type(model).__name__}")
        native = _native.lint_bytes(data, name or "<model>", options)
    if not native.ok:
        # A bad setting (an unknown target or rule, a config that does not
        # parse) is the caller's value, not the model: ValueError, as Python has it.
        raise (ValueError if native.settings_error else LoadError)(native.error)
    return Report(native)


def _selectors(value: Optional[Union[str, Sequence[str]]]) -> list:
    """select= / ignore= as the CLI takes them: "OL1", "OL1,OL2" or a list of those."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]
