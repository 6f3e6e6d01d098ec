"""A notebook executed by nbconvert renders a theory, a derivation and a solve result as math and
a sweep as a table (issue 14, "Done when").

The notebook is built here with nbformat and run in a fresh ipykernel (the test starts the
kernel itself); the assertions read the MIME bundles the kernel sent back, as a notebook front
end would display them.
"""
from __future__ import annotations

import re

import mpmath
import pytest

nbformat = pytest.importorskip("nbformat")
ExecutePreprocessor = pytest.importorskip("nbconvert.preprocessors").ExecutePreprocessor

CELLS = {
    "theory": "import efftheory\nsextic = efftheory.theory('landau-sextic')\nsextic.theory(sextic.resolve({}))",
    "derivation": "sextic.derivation(sextic.resolve({}))",
    "solve": "result = sextic.solve(dps=40)\nresult",
    "sweep": "efftheory.sweep('landau-sextic', vary='a=0:1/2:5', dps=20)",
    "model": "sextic",
    "ambiguous": "try:\n    result['spinodal']\nexcept KeyError as exc:\n    print(exc)",
}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in CELLS.values()]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    ExecutePreprocessor(timeout=300, kernel_name="python3").preprocess(
        nb, {"metadata": {"path": str(tmp_path_factory.mktemp("nb"))}})
    return {name: cell.outputs for name, cell in zip(CELLS, nb.cells)}


def _data(outputs, mime):
    found = [o["data"][mime] for o in outputs if o.get("output_type") == "execute_result" and mime in o["data"]]
    assert found, f"no {mime} output; got {[list(o.get('data', {})) or o.get('output_type') for o in outputs]}"
    return found[0]


def _is_display_math(text: str) -> bool:
    return bool(re.fullmatch(r"\$(\\displaystyle )?\\begin\{aligned\}.*\\end\{aligned\}\$", text.strip(), re.S))


def test_theory_renders_as_math(outputs):
    latex = _data(outputs["theory"], "text/latex")
    assert _is_display_math(latex) and r"\underbrace" in latex and "m^{6}" in latex


def test_derivation_renders_as_math(outputs):
    latex = _data(outputs["derivation"], "text/latex")
    assert _is_display_math(latex) and r"\text{Step 1: definition}" in latex and r"\frac{1}{4}" in latex
    assert "## Step 1" in _data(outputs["derivation"], "text/markdown")


def test_solve_result_renders_as_math_with_every_verified_digit(outputs):
    latex = _data(outputs["solve"], "text/latex")
    with mpmath.workdps(60):
        m = mpmath.nstr(1 / mpmath.sqrt(2), 40, strip_zeros=False)     # first-order m = 1/sqrt(2), 40 digits
    assert _is_display_math(latex) and f"m = {m}" in latex
    assert "<table" in _data(outputs["solve"], "text/html")


def test_sweep_renders_as_an_html_table(outputs):
    html = _data(outputs["sweep"], "text/html")
    assert html.startswith("<table") and html.count("<tr>") == 6 and "<td>coexistence</td>" in html


def test_model_repr_is_short_and_ambiguous_key_is_explained(outputs):
    text = _data(outputs["model"], "text/plain")
    assert text.startswith("Model('landau-sextic'") and len(text.splitlines()) <= 6 and "0x" not in text
    printed = "".join(o.get("text", "") for o in outputs["ambiguous"] if o.get("output_type") == "stream")
    assert "2 points of kind 'spinodal'" in printed and "points_of('spinodal')" in printed
    assert not any(o.get("name") == "stderr" for o in outputs["solve"] + outputs["sweep"])  # no progress frames
