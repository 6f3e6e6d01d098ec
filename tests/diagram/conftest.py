"""Fixtures of the diagram tests: a theory file that fails on purpose, and the command line in-process."""
from pathlib import Path

import pytest

FAULTY = '''"""A theory whose one quantity fails on purpose at chosen cells (loaded with --model by the diagram
tests, in this process and in every Dask worker): value = a^2, exactly, except at a = 1/2
(PrecisionError), a = 1/4 (a RuntimeError: a bug of a theory) and, with $FAULTY_KILL set, a = 3/4
(the worker process dies)."""
import dataclasses
import os

import mpmath
import sympy as sp

import efftheory
from efftheory.errors import PrecisionError
from efftheory.numeric import to_mpf
from efftheory.theories.base import Quantity


def value(params, dps):
    a = sp.Rational(params["a"])
    if a == sp.Rational(1, 2):
        raise PrecisionError("faulty-sextic value: only 3 of 30 digits agreed (on purpose)")
    if a == sp.Rational(1, 4):
        raise RuntimeError("a bug on purpose")
    if a == sp.Rational(3, 4) and os.environ.get("FAULTY_KILL"):
        os._exit(7)
    with mpmath.workdps(dps):
        return {"value": to_mpf(a, dps) ** 2}


MODEL = dataclasses.replace(efftheory.theory("landau-sextic"), name="faulty-sextic", paper="",
                            quantities=(Quantity("value", "a^2, failing on purpose", value, requires=("a",)),),
                            phase_quantity=None)
efftheory.register(MODEL, replace=True)
'''


@pytest.fixture
def faulty_file(tmp_path) -> Path:
    path = tmp_path / "faulty_theory.py"
    path.write_text(FAULTY)
    yield path
    from efftheory.theories import names, unregister
    if "faulty-sextic" in names():
        unregister("faulty-sextic")


@pytest.fixture
def efft(capsys):
    """``efft(*args)`` -> (exit status, stdout, stderr) of ``efftheory ARGS`` run in this process."""
    from efftheory.cli import main

    def run(*args):
        rc = main([str(a) for a in args])
        out, err = capsys.readouterr()
        return rc, out, err
    return run
