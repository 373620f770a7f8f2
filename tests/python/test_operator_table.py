"""operators/signatures.txt is exactly what scripts/gen_operator_table.py
writes from the pinned onnx's schema registry: nothing typed by hand, nothing
stale. On a difference, regenerate it (the command is in the script's
docstring) and review the diff."""
import subprocess
import sys

from oracle_corpus import ROOT


def test_operator_table_is_the_generated_one():
    generated = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_operator_table.py")],
                               capture_output=True, text=True, check=True).stdout
    committed = (ROOT / "operators" / "signatures.txt").read_text()
    if generated != committed:
        new, old = generated.splitlines(), committed.splitlines()
        first = next((i for i, (a, b) in enumerate(zip(new, old)) if a != b), min(len(new), len(old)))
        raise AssertionError(
            f"operators/signatures.txt differs from the generated table at line {first + 1}: "
            f"generated {new[first] if first < len(new) else '<end>'!r}, "
            f"committed {old[first] if first < len(old) else '<end>'!r}")


def test_the_table_knows_the_newest_opset_and_ir_of_the_pinned_onnx():
    import onnx
    text = (ROOT / "operators" / "signatures.txt").read_text()
    assert f"ir {onnx.IR_VERSION}\n" in text
    assert f"opset - {onnx.defs.onnx_opset_version()}\n" in text
