"""``solve --certify`` and ``eval --certify`` (CLI.md, issue 13 item 3): every value with an Arb
enclosure that contains the verified value and an independent higher-precision (or exact) value,
with a radius at the requested precision; what cannot be certified exits 3 with one line."""
import json
from fractions import Fraction

import mpmath
import pytest

from efftheory.cli import main

pytest.importorskip("flint", reason="python-flint is a dependency")


def _run(capsys, *args):
    rc = main(list(args))
    out, err = capsys.readouterr()
    return rc, out, err


def _inside(enclosure, exact, dps):
    """``exact`` (an mpf at high precision) lies in [mid +- rad], and rad is at the scale of dps digits."""
    mid, rad = (Fraction(t) for t in enclosure)
    ref = Fraction(mpmath.nstr(exact, 100, min_fixed=-mpmath.inf, max_fixed=mpmath.inf))
    return abs(mid - ref) <= rad and rad <= Fraction(10) ** (2 - dps) * max(1, abs(ref))


def test_landau_sextic_points_enclose_the_exact_values(capsys):
    rc, out, _ = _run(capsys, "solve", "landau-sextic", "--dps", "40", "--certify", "--json")
    assert rc == 0
    points = json.loads(out)["points"]
    with mpmath.workdps(110):
        exact = {("first_order", "a"): mpmath.mpf(1) / 4, ("first_order", "m"): 1 / mpmath.sqrt(2),
                 ("spinodal", "a"): mpmath.mpf(1) / 3, ("spinodal", "m"): 1 / mpmath.sqrt(3)}
        for p in points:
            assert set(p["enclosure"]) == set(p["values"])
            if p["kind"] == "spinodal" and p["values"]["a"] == "0":   # the symmetric spinodal a = m = 0
                assert p["enclosure"] == {"a": ["0", "0"], "m": ["0", "0"]}
                continue
            for name in ("a", "m"):
                assert _inside(p["enclosure"][name], exact[p["kind"], name], 40), (p["kind"], name)


@pytest.mark.parametrize("theory", ["rubin-cubic", "two-layer"])
def test_first_order_point_and_spinodal_enclose_a_solve_at_twice_the_digits(capsys, theory):
    rc, out, _ = _run(capsys, "solve", theory, "--dps", "30", "--certify", "--json")
    assert rc == 0
    points = json.loads(out)["points"]
    assert {p["kind"] for p in points} == {"first_order", "spinodal"}
    rc, out, _ = _run(capsys, "solve", theory, "--dps", "70", "--json")
    reference = {p["kind"]: p["values"] for p in json.loads(out)["points"]}
    with mpmath.workdps(80):
        for p in points:
            for name, value in reference[p["kind"]].items():
                assert _inside(p["enclosure"][name], mpmath.mpf(value), 30), (p["kind"], name)


def test_text_output_shows_the_enclosures(capsys):
    rc, out, _ = _run(capsys, "eval", "rubin-cubic", "gfl", "--param", "sigma2=1/10", "--certify")
    assert rc == 0
    assert "enclosure [0.165644392224424694137405237154603" in out and out.count("   enclosure [") == 6


def test_closed_form_quantity_encloses_its_defining_equation_root(capsys):
    rc, out, _ = _run(capsys, "eval", "zunkovic-ball", "large_d_threshold", "--param", "N=7", "--dps", "50",
                      "--certify", "--json")
    assert rc == 0
    enclosure = json.loads(out)["enclosure"]["large_d_threshold"]
    with mpmath.workdps(110):     # the positive root of 2 N e^2 (e^2 - 1) = 1 by mpmath's polynomial roots
        roots = mpmath.polyroots([14, 0, -14, 0, -1], maxsteps=200, extraprec=200)
        (root,) = [r.real for r in roots if abs(r.imag) < 1e-90 and r.real > 0]
        assert _inside(enclosure, root, 50)


@pytest.mark.parametrize("args, needle", [
    ("eval liu-addition determined_probability --param n=20 --trials 200", "Monte Carlo"),
    ("eval rubin-cubic nngp --param sigma2=1/10", "'nngp' cannot be certified"),
    ("solve rubin-modular", "no certificate"),
])
def test_what_cannot_be_certified_exits_3_with_one_line(capsys, args, needle):
    rc, out, err = _run(capsys, *args.split(), "--certify")
    assert rc == 3 and out == ""
    assert len(err.strip().splitlines()) == 1 and needle in err and "Traceback" not in err
