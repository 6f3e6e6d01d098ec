"""The grid of ``efftheory diagram``: exact axes, and bad ``--vary`` specs refused with one line (exit 2)
before anything is computed or written."""
import json
from fractions import Fraction

import pytest
import sympy as sp

import efftheory
from efftheory.diagram import Grid, exact_text, parse_axis
from efftheory.diagram.grid import LOG_DIGITS
from efftheory.errors import InputError

CUBIC = efftheory.theory("rubin-cubic")


def test_linear_axis_is_exact_and_includes_both_ends():
    ax = parse_axis(CUBIC, "eps=-1.2:-0.1:40")
    assert len(ax.values) == 40 and ax.values[0] == sp.Rational(-6, 5) and ax.values[-1] == sp.Rational(-1, 10)
    steps = {b - a for a, b in zip(ax.values, ax.values[1:])}
    assert steps == {sp.Rational(11, 390)}                     # (-0.1 - -1.2) / 39, exactly
    assert all(isinstance(v, sp.Rational) for v in ax.values)


def test_log_axis_rounded_to_stated_digits_as_rationals():
    ax = parse_axis(CUBIC, "kappa=log:0.2:10:40")
    assert ax.log and ax.values[0] == sp.Rational(1, 5) and ax.values[-1] == 10
    for i, v in enumerate(ax.values[1:-1], start=1):
        exact = 0.2 * 50 ** (i / 39)                             # the geometric point, in float64
        assert abs(float(v) / exact - 1) < 10 ** (1 - LOG_DIGITS)
        assert len(exact_text(v).replace("-", "").replace(".", "").lstrip("0")) <= LOG_DIGITS
    ratios = [float(b / a) for a, b in zip(ax.values, ax.values[1:])]
    assert max(ratios) / min(ratios) - 1 < 1e-4                  # equally spaced in log


def test_exact_text_round_trips():
    for v in (sp.Rational(-13, 20), sp.Rational(1, 3), sp.Integer(-7), sp.Rational(1, 1024), sp.Rational(22, 7)):
        assert sp.Rational(Fraction(exact_text(v))) == v


def test_cells_in_row_major_order_keyed_by_exact_text():
    g = Grid((parse_axis(CUBIC, "kappa=1,2"), parse_axis(CUBIC, "eps=-1:-1/2:3")))
    assert g.shape == (2, 3) and g.size == 6
    keys = [k for k, _ in g.cells()]
    assert keys[:3] == [("1", "-1"), ("1", "-0.75"), ("1", "-0.5")] and keys[3][0] == "2"


BAD = [
    ("kappa", "NAME=START:STOP:COUNT"),
    ("kappa=1:2", "NAME=START:STOP:COUNT"),
    ("kappa=1:2:3:4", "NAME=START:STOP:COUNT"),
    ("kappa=1:2:0", "COUNT 0 is outside its domain"),
    ("kappa=1:2:x", "not a whole number"),
    ("kappa=1:2:100000", "outside its domain"),
    ("kappa=log:-1:2:3", "kappa"),
    ("eps=log:-1:-0.1:3", "log axis needs START > 0"),
    ("bogus=1:2:3", "unknown parameter 'bogus'"),
    ("kappa=0.1:0.1:3", "START equals STOP"),
    ("kappa=1e400:2:3", "kappa"),
    ("q11=a:b:3", "categorical"),
    ("q11=corrected,nonsense", "q11"),
    ("kappa=1,,2", "empty value"),
]


@pytest.mark.parametrize("spec,words", BAD)
def test_bad_vary_exits_2_with_one_line(efft, tmp_path, spec, words):
    out = tmp_path / "d"
    rc, stdout, err = efft("diagram", "rubin-cubic", "--vary", spec, "--quantity", "u_c", "--out", out)
    assert rc == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err and words in err, err
    assert not out.exists() and stdout == ""


@pytest.mark.parametrize("args,words", [
    (["--vary", "eps=-1:-0.5:2", "--vary", "eps=-1:-0.2:2"], "given twice"),
    (["--vary", "eps=-1:-0.5:2", "--param", "eps=-1/2"], "also varied"),
    (["--vary", "eps=-1:-0.5:2"], "needs --param or --vary kappa"),
    (["--vary", "kappa=1,2", "--dps", "0"], "--dps"),
    (["--vary", "kappa=1,2", "--seed", "3"], "does not depend on a seed"),
    (["--vary", "kappa=1,2", "--line", "nonsense"], "not a special point"),
    (["--vary", "kappa=1,2", "--workers", "-1"], "--workers"),
])
def test_bad_diagram_options_exit_2(efft, tmp_path, args, words):
    out = tmp_path / "d"
    quantity = ["--quantity", "u_c"]
    rc, _, err = efft("diagram", "rubin-cubic", *args, *quantity, "--out", out)
    assert rc == 2 and len(err.strip().splitlines()) == 1 and words in err, err
    assert not out.exists()


def test_existing_directory_rules(efft, tmp_path):
    """A non-empty directory without a diagram is refused without --force; a diagram of another spec
    is refused without --force (exit 2, nothing changed); the same spec resumes."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine")
    rc, _, err = efft("diagram", "landau-sextic", "--vary", "a=0:1/2:3", "--dps", "12", "--workers", "0",
                      "--no-plot", "--out", other)
    assert rc == 2 and "not empty" in err and sorted(p.name for p in other.iterdir()) == ["keep.txt"]
    d = tmp_path / "d"
    assert efft("diagram", "landau-sextic", "--vary", "a=0:1/2:3", "--dps", "12", "--workers", "0", "--no-plot",
                "--out", d)[0] == 0
    before = {p.name: p.read_bytes() for p in d.iterdir()}
    rc, _, err = efft("diagram", "landau-sextic", "--vary", "a=0:1/2:4", "--dps", "12", "--workers", "0",
                      "--out", d)
    assert rc == 2 and "different grid" in err and len(err.strip().splitlines()) == 1, err
    assert {p.name: p.read_bytes() for p in d.iterdir()} == before
    rc, out, _ = efft("diagram", "landau-sextic", "--vary", "a=0:1/2:3", "--dps", "12", "--workers", "0",
                      "--no-plot", "--json", "--out", d)
    summary = json.loads(out)
    assert rc == 0 and summary["computed"] == 0 and summary["reused"] == 3
    rc, out, _ = efft("diagram", "landau-sextic", "--vary", "a=0:1/2:4", "--dps", "12", "--workers", "0",
                      "--no-plot", "--json", "--force", "--out", d)
    assert rc == 0 and json.loads(out)["computed"] == 4
