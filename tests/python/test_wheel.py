"""The Python package as a user gets it: scripts/build_wheel.sh builds and
repairs the wheel, it is installed into a fresh venv (with onnx 1.23.2 for
the ModelProto input), and there:
- the `onnx-lint` command, `python -m onnx_lint` and `onnx_lint.lint()` give
  the findings build/onnx-lint gives, on every committed fixture;
- a path, bytes, an onnx.ModelProto and an ONNXProgram-like object agree;
- a truncated model raises LoadError with the CLI's line; the fuzz
  regressions raise or lint, never crash the interpreter;
- 8 threads give what one gives; assert_deployable fails readably;
- the extension needs no library from outside the wheel but the system's C
  and C++ runtimes (and zlib and expat, which the manylinux policy allows).
"""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from oracle_corpus import ROOT

FIXTURES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "models" / "fixtures").rglob("*.onnx"))
REGRESSIONS = sorted((ROOT / "tests" / "fuzz" / "regressions").glob("*.onnx"))


@pytest.fixture(scope="session")
def venv(tmp_path_factory):
    built = subprocess.run([str(ROOT / "scripts" / "build_wheel.sh")], capture_output=True,
                           text=True, timeout=3600)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = built.stdout.strip().splitlines()[-1]
    env = tmp_path_factory.mktemp("wheel") / "venv"
    subprocess.run(["/usr/bin/python3", "-m", "venv", str(env)], check=True)
    subprocess.run([str(env / "bin" / "pip"), "install", "-q", wheel, "onnx==1.23.2"],
                   check=True, timeout=900)
    return env


def run_py(venv, code, *args, check=True):
    r = subprocess.run([str(venv / "bin" / "python"), "-c", textwrap.dedent(code), *args],
                       capture_output=True, text=True, cwd=ROOT, timeout=600)
    if check:
        assert r.returncode == 0, r.stderr[-3000:]
    return r


def findings(doc):
    """What must agree: each finding's rule, place and words."""
    return [(d["rule"], d.get("node"), d["severity"], d["message"])
            for f in doc["files"] for d in f["diagnostics"]]


def test_the_installed_command_and_the_api_agree_with_the_binary_on_every_fixture(venv):
    reference = {}
    for f in FIXTURES:
        out = subprocess.run([str(ROOT / "build" / "onnx-lint"), "--isolated", "--format", "json",
                              f], capture_output=True, text=True, cwd=ROOT).stdout
        reference[f] = findings(json.loads(out))
    installed = {}
    for f in FIXTURES:
        out = subprocess.run([str(venv / "bin" / "onnx-lint"), "--isolated", "--format", "json",
                              f], capture_output=True, text=True, cwd=ROOT).stdout
        installed[f] = findings(json.loads(out))
    assert installed == reference
    api = run_py(venv, """
        import json, sys, onnx_lint
        out = {}
        for f in sys.argv[1:]:
            try:
                doc = json.loads(onnx_lint.lint(f, isolated=True).to_json())
                out[f] = [(d["rule"], d.get("node"), d["severity"], d["message"])
                          for x in doc["files"] for d in x["diagnostics"]]
            except onnx_lint.LoadError as e:
                out[f] = str(e)
        print(json.dumps(out))
    """, *FIXTURES)
    got = {f: [tuple(x) for x in v] if isinstance(v, list) else v
           for f, v in json.loads(api.stdout).items()}
    assert {f: v for f, v in got.items() if v != reference[f]} == {}
    assert len(got) == len(FIXTURES) > 300


def test_python_m_runs_the_command(venv):
    r = subprocess.run([str(venv / "bin" / "python"), "-m", "onnx_lint", "--isolated", "-q",
                        "models/demo.onnx"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 1  # the demo has an error
    assert "error[OL101 resize-linear]" in r.stdout


def test_path_bytes_model_proto_and_program_agree(venv):
    r = run_py(venv, """
        import onnx, onnx_lint
        path = "models/fixtures/dynamo/decoder_block.onnx"
        proto = onnx.load(path)
        class Program:  # what torch.onnx.export(..., dynamo=True) returns, as duck-typed
            model_proto = proto
        keys = lambda r: [(d.rule, d.node, d.message) for d in r.diagnostics]
        a = keys(onnx_lint.lint(path, precision="fp16", isolated=True))
        b = keys(onnx_lint.lint(open(path, "rb").read(), precision="fp16"))
        c = keys(onnx_lint.lint(proto, precision="fp16"))
        d = keys(onnx_lint.lint(Program(), precision="fp16"))
        assert a and a == b == c == d, (a, b, c, d)
        print(len(a))
    """)
    assert int(r.stdout) > 0


def test_a_real_onnx_program_when_torch_is_installed(venv):
    torch_python = ROOT / ".venv-torch" / "bin" / "python"
    if not torch_python.exists():
        pytest.skip("no torch 2.x venv (.venv-torch) on this machine")
    site = run_py(venv, "import onnx_lint, os; print(os.path.dirname(os.path.dirname(onnx_lint.__file__)))")
    r = subprocess.run([str(torch_python), "-c", textwrap.dedent("""
        import sys, torch
        sys.path.insert(0, sys.argv[1])
        import onnx_lint
        m = torch.nn.Sequential(torch.nn.Linear(4, 4)).eval()
        x = torch.randn(2, 4)
        program = torch.onnx.export(lambda_model := m, (x,), dynamo=True, verbose=False)
        r = onnx_lint.lint(program, target="trt-10.15")
        print(r.ok, len(r.diagnostics))
    """), site.stdout.strip()], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.split()[0] == "True"


def test_a_truncated_model_raises_load_error_with_the_cli_line(venv, tmp_path):
    data = (ROOT / "models" / "fixtures" / "classifier_opset12.onnx").read_bytes()
    cut = tmp_path / "cut.onnx"
    cut.write_bytes(data[: len(data) // 2])
    cli = subprocess.run([str(ROOT / "build" / "onnx-lint"), "--isolated", str(cut)],
                         capture_output=True, text=True)
    line = (cli.stdout + cli.stderr).strip().splitlines()[0].removeprefix("error: ")
    assert line.startswith(f"{cut}: not a valid ONNX model: ")
    r = run_py(venv, """
        import sys, onnx_lint
        try:
            onnx_lint.lint(sys.argv[1], isolated=True)
        except onnx_lint.LoadError as e:
            print(e)
    """, str(cut))
    assert r.stdout.strip() == line


@pytest.mark.parametrize("path", REGRESSIONS, ids=[p.name for p in REGRESSIONS])
def test_hostile_bytes_raise_or_lint_never_crash(venv, path):
    r = run_py(venv, """
        import sys, onnx_lint
        data = open(sys.argv[1], "rb").read()
        try:
            print(len(onnx_lint.lint(data).diagnostics))
        except onnx_lint.LoadError as e:
            print("LoadError", e)
    """, str(path), check=False)
    assert r.returncode == 0, f"exit {r.returncode}: {r.stderr[-2000:]}"


def test_eight_threads_give_what_one_gives(venv):
    r = run_py(venv, """
        import json, sys, onnx_lint
        from concurrent.futures import ThreadPoolExecutor
        files = sys.argv[1:]
        def keys(f):
            try:
                return [(d.rule, d.node, d.message) for d in onnx_lint.lint(f, isolated=True).diagnostics]
            except onnx_lint.LoadError as e:
                return str(e)
        one = [keys(f) for f in files]
        with ThreadPoolExecutor(8) as pool:
            eight = list(pool.map(keys, files))
        print(json.dumps([one == eight, len(files)]))
    """, *FIXTURES[:120])
    same, n = json.loads(r.stdout)
    assert same and n == 120


def test_assert_deployable_fails_with_readable_findings(venv):
    r = run_py(venv, """
        from onnx_lint.testing import assert_deployable
        assert_deployable("models/fixtures/repeat_fixed_expand.onnx")  # clean: returns
        try:
            assert_deployable("models/fixtures/target_unique.onnx", target="trt-10.15")
        except AssertionError as e:
            print(e)
    """)
    assert r.stdout.startswith("models/fixtures/target_unique.onnx: 1 finding(s) at or above error on trt-10.15:\n")
    assert "error[OL601 unsupported-operator] node" in r.stdout
    assert "\n  fix: " in r.stdout


def test_target_opset_lets_a_clean_dynamo_export_pass(venv):
    # A dynamo export writes opset 18 or later: at the default target opset 12
    # OL001 says how to get 12, and at the opset it was deployed at it is clean.
    r = run_py(venv, """
        import json
        from onnx_lint import lint
        from onnx_lint.testing import assert_deployable
        path = "models/fixtures/dynamo/repeat_fixed_expand.onnx"
        at12 = [d.rule for d in lint(path, isolated=True).diagnostics]
        at20 = [d.rule for d in lint(path, isolated=True, target_opset=20).diagnostics]
        assert_deployable(path, fail_on="warning", target_opset=20)
        try:
            lint(path, target_opset=0)
        except ValueError as e:
            bad = str(e)
        print(json.dumps([at12, at20, bad]))
    """)
    at12, at20, bad = json.loads(r.stdout)
    assert "OL001" in at12 and "OL001" not in at20
    assert bad == "target_opset must be a positive opset number, not 0"


def test_selectors_as_strings_and_one_exception_type_per_kind_of_error(venv):
    r = run_py(venv, """
        import json
        from onnx_lint import LoadError, lint
        demo = "models/demo.onnx"
        rules = lambda **kw: sorted({d.rule for d in lint(demo, isolated=True, **kw).diagnostics})
        out = {"string": rules(select="OL1"), "commas": rules(select="OL1,OL201"),
               "list": rules(select=["OL101", "OL201"]), "ignore": rules(ignore="OL0,OL1,OL2")}
        def kind(**kw):
            try:
                lint(kw.pop("model", demo), isolated=True, **kw)
            except Exception as e:
                return type(e).__name__
        out["missing"] = kind(model="no/such/model.onnx")
        out["directory"] = kind(model="models")
        out["target"] = kind(target="trt-99")
        out["rule"] = kind(select="XX1")
        out["precision"] = kind(precision="fp8")
        out["model"] = kind(model=b"not a model")
        print(json.dumps(out))
    """)
    out = json.loads(r.stdout)
    assert out["string"] == ["OL101"]
    assert out["commas"] == out["list"] == ["OL101", "OL201"]
    assert "OL101" not in out["ignore"] and "OL001" not in out["ignore"]
    assert (out["missing"], out["directory"]) == ("FileNotFoundError", "IsADirectoryError")
    assert out["target"] == out["rule"] == out["precision"] == "ValueError"
    assert out["model"] == "LoadError"


def test_the_extension_needs_nothing_outside_the_wheel_but_the_system_runtimes(venv):
    ext = run_py(venv, "import onnx_lint._native as n; print(n.__file__)").stdout.strip()
    ldd = subprocess.run(["ldd", ext], capture_output=True, text=True, check=True).stdout
    # The C and C++ runtimes, and zlib and expat: what the manylinux policy
    # auditwheel applied lets a wheel expect (every Debian/Ubuntu base image has them).
    system = ("libc.so", "libm.so", "libstdc++.so", "libgcc_s.so", "libpthread.so", "libdl.so",
              "librt.so", "ld-linux", "linux-vdso", "libz.so.1", "libexpat.so.1")
    outside = [line.strip() for line in ldd.splitlines()
               if "=>" in line and str(venv) not in line and not any(s in line for s in system)]
    assert outside == []
    assert "not found" not in ldd
