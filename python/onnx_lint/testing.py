"""pytest helpers: fail a test when an exported model would not deploy.

    from onnx_lint.testing import assert_deployable

    def test_export_deploys(tmp_path):
        program = torch.onnx.export(model, (x,), dynamo=True)
        assert_deployable(program, target="trt-10.15")
"""
from __future__ import annotations

from typing import Any, Optional, Sequence, Union

from . import Report, lint

_LEVELS = {"info": 0, "warning": 1, "error": 2}


def assert_deployable(model: Any, *, target: Optional[str] = None,
                      precision: Optional[str] = None, target_opset: Optional[int] = None,
                      fail_on: str = "error",
                      select: Optional[Union[str, Sequence[str]]] = None,
                      ignore: Optional[Union[str, Sequence[str]]] = None) -> Report:
    """Lints the model; raises AssertionError listing each finding at or above
    `fail_on` ("error", "warning" or "info") as the text report does. Returns
    the report when nothing reaches it."""
    if fail_on not in _LEVELS:
        raise ValueError(f"fail_on must be 'error', 'warning' or 'info', not {fail_on!r}")
    report = lint(model, target=target, precision=precision, target_opset=target_opset,
                  select=select, ignore=ignore)
    failing = [d for d in report.diagnostics if _LEVELS[d.severity] >= _LEVELS[fail_on]]
    if failing:
        where = f" on {report.target}" if target else ""
        lines = [f"{report.path}: {len(failing)} finding(s) at or above {fail_on}{where}:"]
        lines += [str(d) for d in failing]
        raise AssertionError("\n".join(lines))
    return report
