"""``derivations/`` holds one worked example per registered theory; each runs, checks its
derivation record and reproduces the claims it names (the docs gallery executes them too)."""
import contextlib
import importlib.util
import io
from pathlib import Path

import pytest

from efftheory.theories import names

SCRIPTS = sorted((Path(__file__).parent.parent / "derivations").glob("*.py"))


def _load(path):
    spec = importlib.util.spec_from_file_location(f"derivation_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_worked_example_per_theory():
    assert sorted(p.stem for p in SCRIPTS) == sorted(n.replace("-", "_") for n in names())


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_worked_example_runs(path):
    module = _load(path)
    doc = module.__doc__ or ""
    assert "Claim" in doc and "Source" in doc and "Expected" in doc, f"{path.name}: docstring incomplete"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        result = module.main(dps=15)
    assert result["checks_pass"] is True and result["holds"] is True, result
    assert result["claims"], f"{path.name} recomputes no claim"
    assert "[FAILED]" not in out.getvalue()
