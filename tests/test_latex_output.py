"""Publishable equations (issue 14): every ``efftheory latex THEORY`` document compiles with
pdflatex with no overfull box wider than 20 pt, and every step of every derivation renders as
math that compiles (the steps that used to print garbage read correctly)."""
import re

import pytest

from efftheory.report.latex import PREAMBLE
from efftheory.theories import get, names
from tests.conftest import run_cli

#: The widest overfull \hbox tolerated (pt): a line that sticks out by less is not visible as such.
MAX_OVERFULL_PT = 20.0


def overfull_boxes(log_path) -> list[float]:
    """The widths (pt) of the overfull \\hbox warnings in a pdflatex log."""
    text = log_path.read_text(errors="replace")
    return [float(x) for x in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", text)]


def assert_fits(pdf_path):
    widths = overfull_boxes(pdf_path.with_suffix(".log"))
    assert max(widths, default=0.0) <= MAX_OVERFULL_PT, f"{pdf_path.name}: overfull boxes {sorted(widths)[-5:]} pt"


@pytest.mark.parametrize("theory", names())
def test_latex_document_fits_the_page(theory, tmp_path, compile_latex):
    out = tmp_path / f"{theory}.tex"
    proc = run_cli("latex", theory, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "+ \\underbrace{-" not in out.read_text()
    assert_fits(compile_latex(out))


def test_every_derivation_step_renders_and_compiles(tmp_path, compile_latex):
    body = []
    for name in names():
        model = get(name)
        body.append(model.derivation(model.resolve({})).to_latex())
    tex = "\n".join(body)
    out = tmp_path / "derivations.tex"
    out.write_text(PREAMBLE + "\\begin{document}\n" + tex + "\n\\end{document}\n")
    assert_fits(compile_latex(out))


def test_rubin_cubic_steps_read_as_math():
    model = get("rubin-cubic")
    tex = model.derivation(model.resolve({})).to_latex()
    assert r"p(\theta \mid D)" in tex and r"\prod_i \mathcal{N}(a_i" in tex          # Step 2
    assert r"e^{-S_{\mathrm{data}}}" in tex                                        # Step 5
    assert r"|w_{\perp}|^2" in tex                                                 # Step 10
    assert "S_d ata" not in tex and "perp|}" not in tex and "p(theta|D)" not in tex
    assert r"\sigma _{a}^{2}" in tex or r"\sigma_{a}^{2}" in tex                   # prose math as math


def test_plain_text_uses_the_paper_symbols():
    text = str(get("rubin-cubic").theory(get("rubin-cubic").resolve({})))
    assert "σ_w²" in text and "sigma_w2" not in text and "κ" in text
