"""The symbolic core is pure SymPy: importing it loads no numerical library."""
import subprocess
import sys


def test_symbolic_imports_no_numeric_library():
    code = ("import sys, efftheory.symbolic; "
            "bad = [m for m in ('numpy', 'scipy', 'matplotlib') if m in sys.modules]; "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_import_has_no_side_effects():
    code = ("import mpmath; before = mpmath.mp.prec; import efftheory; "
            "import sys; sys.exit(0 if mpmath.mp.prec == before and 'efftheory.theories.landau' "
            "not in sys.modules else 1)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
