import os
import shutil
import subprocess
import sys

import pytest


def run_cli(*args, timeout=600, cwd=None):
    """Run ``python -m efftheory ARGS`` in a subprocess; return the CompletedProcess."""
    return subprocess.run([sys.executable, "-m", "efftheory", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd)


@pytest.fixture
def cli():
    return run_cli


def require_pdflatex():
    """pdflatex is required in CI (.ci/run installs it); elsewhere its absence skips the test."""
    if shutil.which("pdflatex"):
        return
    if os.environ.get("CI"):
        pytest.fail("pdflatex is missing in CI: .ci/run should have installed it")
    pytest.skip("pdflatex is not installed")


def compile_latex(path):
    require_pdflatex()
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", path.name],
                          cwd=path.parent, capture_output=True, text=True, errors="replace", timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
    return path.with_suffix(".pdf")


@pytest.fixture(name="compile_latex")
def compile_latex_fixture():
    return compile_latex


@pytest.fixture
def hostile(capsys):
    """``hostile(args, allowed)``: run ``efftheory ARGS`` in-process and check the hostile-input contract
    (issue 11): exit in ``allowed``, a one-line message for 2 and 3, under 20 s."""
    import time

    from efftheory.cli import main

    def check(args, allowed, limit=20):
        t = time.perf_counter()
        rc = main(args.split())
        elapsed = time.perf_counter() - t
        err = capsys.readouterr().err.strip()
        assert rc in allowed, (rc, err)
        assert rc in (0, 2, 3)
        if rc in (2, 3):
            assert len(err.splitlines()) == 1 and "Traceback" not in err, err
        assert elapsed < limit, f"{args} took {elapsed:.1f} s"
    return check
