from typing import Optional

class Diagnostic:
    rule: str
    name: str
    severity: str
    message: str
    fix: str
    graph: str
    node: Optional[str]
    op_type: Optional[str]
    tensor: Optional[str]
    module: Optional[str]
    source: Optional[str]
    code: Optional[str]
    doc: str
    cheatsheet: str

class Linted:
    path: str
    ok: bool
    error: str
    settings_error: bool
    target: str
    precision: str
    diagnostics: list[Diagnostic]
    exit_code: int
    def rows(self) -> list[tuple]: ...
    def to_json(self) -> str: ...
    def to_sarif(self) -> str: ...
    def to_text(self) -> str: ...

class Options:
    target: Optional[str]
    precision: Optional[str]
    target_opset: Optional[int]
    config: Optional[str]
    select: list[str]
    ignore: list[str]
    isolated: bool
    def __init__(self) -> None: ...

def lint_path(path: str, options: Options) -> Linted: ...
def lint_bytes(data: bytes, name: str, options: Options) -> Linted: ...
def version() -> str: ...
def run_cli(argv: list[str]) -> int: ...
