#!/usr/bin/env python3
"""ONNX Runtime 1.31 (CPU) as the runtime oracle, in the pinned test venv.

    ort_oracle.py pairs FIXTURE_DIR [PAIRS_FILE]
        Runs the checks of tests/python/pairs.txt (its header says what each
        line means) and prints one line a check; exit 0 when every check
        agrees, 1 when one does not.
    ort_oracle.py types MODEL.onnx ...
        Runs each model on zero inputs (symbolic dims as 1) and prints a JSON
        line a model with every output's element type and dims: the ground
        truth tests/ort_types_test.cc holds onnx-lint's inference against.
        A model ONNX Runtime refuses is a line with "error".
"""
import json
import re
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort

DRAWS = 5
RELATIVE = 1e-5
ABSOLUTE = 1e-6  # float32 rounding near zero has no relative scale

NUMPY = {
    "tensor(float)": np.float32, "tensor(double)": np.float64, "tensor(int64)": np.int64,
    "tensor(int32)": np.int32, "tensor(uint8)": np.uint8, "tensor(int8)": np.int8,
    "tensor(int16)": np.int16, "tensor(uint16)": np.uint16, "tensor(bool)": np.bool_,
    "tensor(float16)": np.float16, "tensor(uint32)": np.uint32, "tensor(uint64)": np.uint64,
}


def session(path):
    options = ort.SessionOptions()
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def concrete(shape, symbolic):
    return [d if isinstance(d, int) and d >= 0 else symbolic for d in shape]


def random_input(meta, spec, rng):
    # "sym:N" gives the input's symbolic dims (a dynamic batch) the size N; 2 otherwise.
    symbolic = int(spec[4:]) if spec and spec.startswith("sym:") else 2
    dims = concrete(meta.shape, symbolic)
    dtype = NUMPY.get(meta.type)
    if dtype is None:
        raise ValueError(f"input '{meta.name}': type {meta.type} is not supported here")
    n = int(np.prod(dims)) if dims else 1
    if spec and spec.startswith("perm:"):
        limit = int(spec[5:])
        if n > limit:
            raise ValueError(f"input '{meta.name}': {n} distinct values below {limit}")
        values = rng.permutation(limit)[:n]
    elif spec and spec.startswith("int:"):
        lo, hi = map(int, spec[4:].split(".."))
        values = rng.integers(lo, hi + 1, n)
    elif dtype == np.bool_:
        values = rng.random(n) < 0.5
    elif np.issubdtype(dtype, np.floating):
        values = rng.random(n) * 4 - 2
    else:
        values = rng.integers(0, 4, n)
    return np.asarray(values).astype(dtype).reshape(dims)


class Comparison:
    """Compares outputs, remembering the largest difference for the report."""

    def __init__(self, relative=RELATIVE, cross_type=False):
        self.relative, self.cross_type = relative, cross_type
        self.worst = self.worst_absolute = 0.0

    def difference(self, a, b):
        both_float = np.issubdtype(a.dtype, np.floating) and np.issubdtype(b.dtype, np.floating)
        if a.dtype != b.dtype and not (self.cross_type and both_float):
            return f"types {a.dtype} and {b.dtype}"
        if a.shape != b.shape:
            return f"shapes {list(a.shape)} and {list(b.shape)}"
        if not both_float:
            bad = np.flatnonzero(a.ravel() != b.ravel())
            return f"element {bad[0]}: {a.ravel()[bad[0]]} and {b.ravel()[bad[0]]}" if bad.size else ""
        x, y = a.astype(np.float64).ravel(), b.astype(np.float64).ravel()
        same = (x == y) | (np.isnan(x) & np.isnan(y))
        gap = np.where(same, 0.0, np.abs(x - y))
        scale = np.maximum(np.abs(x), np.abs(y))
        if gap.size:
            self.worst = max(self.worst, float(np.max(gap / np.maximum(scale, ABSOLUTE))))
            self.worst_absolute = max(self.worst_absolute, float(np.max(gap)))
        bad = np.flatnonzero(~same & ~(gap <= self.relative * scale + ABSOLUTE))
        return f"element {bad[0]}: {x[bad[0]]} and {y[bad[0]]}" if bad.size else ""

    def all(self, left, right):
        if len(left) != len(right):
            return f"{len(left)} and {len(right)} outputs"
        for i, (a, b) in enumerate(zip(left, right)):
            d = self.difference(np.asarray(a), np.asarray(b))
            if d:
                return f"output {i}: {d}"
        return ""


def check_same(fixtures, original, fixed, specs, comparison):
    a, b = session(fixtures / f"{original}.onnx"), session(fixtures / f"{fixed}.onnx")
    ins_a, ins_b = a.get_inputs(), b.get_inputs()
    if len(ins_a) != len(ins_b):
        return f"{len(ins_a)} and {len(ins_b)} inputs"
    for name in specs:
        if name not in [m.name for m in ins_a]:
            return f"no input '{name}' in {original}"
    for draw in range(DRAWS):
        rng = np.random.default_rng(1000 + draw)
        feeds = [random_input(m, specs.get(m.name), rng) for m in ins_a]
        out_a = a.run(None, {m.name: v for m, v in zip(ins_a, feeds)})
        out_b = b.run(None, {m.name: v for m, v in zip(ins_b, feeds)})
        d = comparison.all(out_a, out_b)
        if d:
            return f"draw {draw}: {d}"
    return ""


def record_tensor(t):
    return np.asarray(t["data"], dtype=np.dtype(t["type"])).reshape(t["dims"])


def check_record(fixtures, model, record_file, expect_equal):
    record = json.loads((fixtures / record_file).read_text())
    s = session(fixtures / f"{model}.onnx")
    feeds = {name: record_tensor(t) for name, t in record["inputs"].items()}
    names = [o.name for o in s.get_outputs()]
    missing = [n for n in names if n not in record["outputs"]]
    if missing:
        return f"{record_file} has no output '{missing[0]}'"
    want = [record_tensor(record["outputs"][n]) for n in names]
    d = Comparison().all(s.run(None, feeds), want)
    if expect_equal:
        return d
    return "" if d else f"equals PyTorch's outputs in {record_file}, but the export is meant to be wrong"


def pair_lines(pairs_file):
    for raw in Path(pairs_file).read_text().splitlines():
        line = re.sub(r"#.*", "", raw).strip()
        if line:
            yield line


def run_check(fixtures, line):
    """(ran, difference or "", measured): one line of pairs.txt."""
    kind, first, second, *rest = line.split()
    if kind == "unpaired":
        return False, "", ""
    comparison = Comparison()
    try:
        if kind == "same":
            specs = dict(r.split("=", 1) for r in rest)
            d = check_same(fixtures, first, second, specs, comparison)
        elif kind == "close":  # close ORIGINAL FIXED TOLERANCE: float64 computed in float32
            comparison = Comparison(float(rest[0]), cross_type=True)
            d = check_same(fixtures, first, second, {}, comparison)
        elif kind == "torch":
            d = check_record(fixtures, first, second, True)
        elif kind == "differs":
            d = check_record(fixtures, first, second, False)
        else:
            d = f"unknown check '{kind}'"
    except Exception as e:  # a session that will not load is a failed check, said in its words
        d = str(e).splitlines()[0] if str(e) else type(e).__name__
    measured = ""
    if kind in ("same", "close") and not d:
        measured = (f" (largest difference {comparison.worst_absolute:.2e} absolute, "
                    f"{comparison.worst:.2e} relative)")
    return True, d, measured


def main_pairs(fixtures, pairs_file):
    fixtures = Path(fixtures)
    checks = failed = 0
    for line in pair_lines(pairs_file):
        ran, d, measured = run_check(fixtures, line)
        if not ran:
            continue
        checks += 1
        failed += bool(d)
        print(f"{'FAIL' if d else 'ok  '} {line}{': ' + d if d else measured}")
    print(f"{checks - failed} of {checks} checks agree")
    return 1 if failed or checks == 0 else 0


def zeros(meta):
    dims = concrete(meta.shape, 1)
    if meta.type == "tensor(string)":
        return np.full(dims, "", dtype=object)
    dtype = NUMPY.get(meta.type)
    if dtype is None:
        raise ValueError(f"input '{meta.name}' has type {meta.type}")
    return np.zeros(dims, dtype=dtype)


def main_types(models):
    for path in models:
        try:
            s = session(path)
            results = s.run(None, {m.name: zeros(m) for m in s.get_inputs()})
            outputs = {o.name: {"type": str(np.asarray(r).dtype), "dims": list(np.shape(r))}
                       for o, r in zip(s.get_outputs(), results)}
            print(json.dumps({"model": str(path), "outputs": outputs}))
        except Exception as e:
            print(json.dumps({"model": str(path), "error": (str(e).splitlines() or [""])[0]}))
    return 0


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "pairs":
        default = Path(__file__).with_name("pairs.txt")
        sys.exit(main_pairs(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else default))
    if len(sys.argv) >= 2 and sys.argv[1] == "types":
        sys.exit(main_types(sys.argv[2:]))
    print(__doc__, file=sys.stderr)
    sys.exit(2)
