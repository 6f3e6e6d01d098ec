"""The reproduce report (issue 14): a headline that counts the claims differing from the
paper, the paper's values as printed, and a report.tex that fits its pages."""
import json
import re
from fractions import Fraction

import pytest

from efftheory.report.reproduce import headline, number, paper_says
from tests.conftest import run_cli
from tests.test_latex_output import assert_fits


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("reproduce") / "report"
    proc = run_cli("reproduce", "--quick", "--out", str(out), timeout=1200)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out


def test_headline_counts_the_differing_claims(report):
    results = json.loads((report / "results.json").read_text())
    rows = results["claims"]
    differ = sum(r["status"].startswith("differs") for r in rows)
    assert differ > 0
    line = headline(rows)
    assert f"{differ} differ from the paper (documented)" in line
    assert line in (report / "index.md").read_text()
    table = (report / "index.md").read_text().split("## Claims")[1]
    first = re.search(r"\| `[^`]+` \|.*\| ([^|]+) \|\n", table).group(1)
    assert first.strip().startswith("differs")                # the differing claims come first


def test_paper_says_shows_no_fraction_the_paper_did_not_print(report):
    rows = json.loads((report / "results.json").read_text())["claims"]
    for r in rows:
        cell = paper_says(r)
        if "/" in cell:
            assert cell == r.get("printed"), (r["id"], cell)
    by_id = {r["id"]: paper_says(r) for r in rows}
    assert by_id["rubin-cubic/u_c"] == "30.2" and by_id["rubin-modular/gmfl1-onset"] == "0.227"


def test_paper_value_formatting():
    row = {"expected": "151/5", "printed": ""}
    assert paper_says(row) == "30.2"
    assert paper_says({"expected": "348180/397133"}).startswith("≈ 0.87673")
    assert paper_says({"expected": "1/3", "printed": "1/3"}) == "1/3"
    assert number("573650.000000") == "573650" and number("0.25") == "0.25"
    assert Fraction(paper_says({"expected": "1827/10000"})) == Fraction(1827, 10000)


def test_report_tex_fits_its_pages(report, compile_latex):
    tex = (report / "report.tex").read_text()
    assert "paper says" in tex and "\\caption{" in tex
    assert_fits(compile_latex(report / "report.tex"))
