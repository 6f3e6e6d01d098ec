"""Transition lines traced directly: rubin-cubic's first-order line sigma2_c(eps) by continuation,
checked point by point against `solve` started afresh at each eps (an independent route: a scan and a
polish, no continuation) and against the phase boundary of a grid of phase labels; a user theory
without a known phase problem, traced point by point, against its closed form a = b^2/4."""
import json
from fractions import Fraction

import pandas as pd

import efftheory
from efftheory.diagram import parse_axis, trace_line
from efftheory.diagram.run import diagram

CUBIC = efftheory.theory("rubin-cubic")


def test_first_order_line_by_continuation_equals_solve():
    axis = parse_axis(CUBIC, "eps=-1.1:-0.2:4")
    line = trace_line(CUBIC, "first_order", axis, {}, dps=20)
    assert line.method == "continuation" and len(line.ok_rows()) == 4
    for row in line.ok_rows():
        point = CUBIC.solve({"eps": row["eps"]}, dps=20)["first_order"].to_json()["values"]
        assert row["digits"] == 20
        assert all(abs(Fraction(row[k]) - Fraction(point[k])) < Fraction(1, 10**19) * abs(Fraction(row[k]))
                   for k in ("sigma2", "q", "b")), (row, point)
    # paper value: at the default eps = -3/10, sigma2_c = 0.178719454735076212863622006366 (CLI.md, solve --json)
    at = trace_line(CUBIC, "first_order", parse_axis(CUBIC, "eps=-1/2:-3/10:3"), {}, dps=25).ok_rows()[-1]
    assert at["sigma2"] == "0.1787194547350762128636220"


def test_line_matches_the_grid_phase_boundary(tmp_path):
    """On a grid of phase labels (eps x sigma2) every cell below the traced sigma2_c(eps) is GMFL-I and
    every cell above it GFL; the line, the table and the plot are written."""
    summary = diagram("rubin-cubic", ["eps=-1:-0.2:3", "sigma2=0.15:0.55:3"], dps=12, workers=0,
                      lines=("first_order",), out=tmp_path / "d")
    assert summary["failed"] == 0 and summary["lines"][0]["method"] == "continuation"
    cells = pd.read_csv(tmp_path / "d" / "cells.csv", dtype=str)
    line = pd.read_csv(tmp_path / "d" / "lines.csv", dtype=str)
    assert list(line["eps"]) == ["-1", "-0.6", "-0.2"]
    crossings = 0
    for _, c in cells.iterrows():
        s2c = Fraction(line.loc[line["eps"] == c["eps"], "sigma2"].item())
        expected = "GMFL-I" if Fraction(c["sigma2"]) < s2c else "GFL"
        assert c["phase"] == expected, (c["eps"], c["sigma2"], s2c)
        crossings += expected == "GMFL-I"
    assert 0 < crossings < len(cells)                           # the boundary runs through the grid
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text())
    assert manifest["lines"][0]["points"] == 3 and manifest["plot"]["column"] == "phase"
    assert manifest["plot"]["paper_point"]["eps"] == -0.3      # the defaults, sigma2 from solve's first-order point
    assert abs(manifest["plot"]["paper_point"]["sigma2"] - 0.1787194547) < 1e-9


def test_pointwise_line_of_a_user_theory_against_its_closed_form(efft, tmp_path):
    """my-sextic (docs/writing-a-theory.rst): f = a m^2 + b m^4 + m^6, first-order a = b^2/4, wells' spinodal
    a = b^2/3 (closed forms); the grid's labels change across a = b^2/4."""
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    try:
        from test_register import theory_file_text
    finally:
        sys.path.pop(0)
    path = tmp_path / "my_sextic.py"
    path.write_text(theory_file_text())
    try:
        _check_my_sextic(efft, path, tmp_path / "d")
    finally:
        from efftheory.theories import names, unregister
        if "my-sextic" in names():
            unregister("my-sextic")


def _check_my_sextic(efft, path, out):
    rc, stdout, err = efft("--model", path, "diagram", "my-sextic", "--vary", "b=-2:-1:3", "--vary", "a=0.1:0.9:3",
                           "--line", "first_order", "--line", "spinodal", "--dps", "15", "--workers", "0", "--json",
                           "--out", out)
    assert rc == 0, err
    summary = json.loads(stdout)
    assert [ln["method"] for ln in summary["lines"]] == ["solve", "solve"]
    line = pd.read_csv(out / "lines.csv", dtype=str)
    wells = 0
    for _, r in line[line["status"] == "ok"].iterrows():
        b = Fraction(r["b"])
        exact = b**2 / 4 if r["line"] == "first_order" else b**2 / 3
        if r["line"] == "spinodal" and abs(Fraction(r["a"])) < Fraction(1, 10**12):
            continue                                            # the origin's own spinodal a = 0
        assert abs(Fraction(r["a"]) - exact) < Fraction(1, 10**14), r
        wells += r["line"] == "spinodal"
    assert (line["line"] == "first_order").sum() == 3 and wells == 3     # a = b^2/3 at each b
    cells = pd.read_csv(out / "cells.csv", dtype=str)
    for _, c in cells.iterrows():
        ordered = Fraction(c["a"]) < Fraction(c["b"]) ** 2 / 4
        assert (c["phase"] == "ordered") == ordered, c.to_dict()
