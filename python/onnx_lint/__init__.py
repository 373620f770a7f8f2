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
         select: Optional[Sequence[str]] = None, ignore: Optional[Sequence[str]] = None,
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
    Raises LoadError with the CLI's one-line reason when the model cannot be
    read, and ValueError for an unknown precision.
    """
    options = _native.Options()
    options.target = target
    options.precision = precision
    options.target_opset = target_opset
    options.config = os.fspath(config) if config is not None else None
    options.select = list(select or [])
    options.ignore = list(ignore or [])
    options.isolated = isolated
    if isinstance(model, (str, os.PathLike)):
        native = _native.lint_path(os.fspath(model), options)
    else:
        data = bytes(model) if isinstance(model, (bytes, bytearray, memoryview)) else _model_bytes(model)
        if data is None:
            raise TypeError("model must be a path, bytes, an onnx.ModelProto or a "
                            f"torch.onnx.ONNXProgram, not {type(model).__name__}")
        native = _native.lint_bytes(data, name or "<model>", options)
    if not native.ok:
        raise LoadError(native.error)
    return Report(native)
