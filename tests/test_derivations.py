"""Every script in derivations/ runs, and its module docstring states claim, source and expected output."""
import importlib.util
from pathlib import Path

import pytest

SCRIPTS = sorted((Path(__file__).parent.parent / "derivations").glob("*.py"))


def _load(path):
    spec = importlib.util.spec_from_file_location(f"derivation_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_there_are_derivation_scripts():
    assert len(SCRIPTS) >= 2


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.stem for p in SCRIPTS])
def test_derivation_script_runs(path):
    module = _load(path)
    doc = module.__doc__ or ""
    assert "Claim" in doc and "Source" in doc and "Expected" in doc, f"{path.name}: docstring incomplete"
    result = module.main(dps=20)
    assert isinstance(result, dict) and result
    for key in ("exact_agreement", "agrees", "holds"):
        if key in result:
            assert result[key] is True, f"{path.name}: {key} is {result[key]}"
