"""The phase engine with several order parameters (issue 12, deliverable 3).

Reference values are closed forms of one-dimensional problems written in a rotated frame
``u = (3m + 4n)/5, v = (-4m + 3n)/5`` (so the solver works in two genuinely coupled coordinates):

* ``a u^2 - u^4 + u^6 + v^2``: first order at ``a = 1/4``, ``u^2 = 1/2``; the side wells appear at
  ``a = 1/3``, ``u^2 = 1/3``; the origin turns unstable at ``a = 0`` (f''(0) = 2a);
* the tilted double well ``(u^2 - 1)^2 + (c - 1/2) u + v^2``: the two wells are equal at ``c = 1/2``
  (``u = -1`` and ``u = 1``); a well ends where also ``12u^2 - 4 = 0``, at ``c = 1/2 -+ 8/(3 sqrt 3)``;
* ``(m - c)^2 + (n - c/2)^2`` in ``m <= 2``: the only well leaves the box at ``c = 2`` (no fold).
"""
import mpmath
import pytest
import sympy as sp

from efftheory.numeric import PhaseProblem
from efftheory.numeric.multiphase import MultiPhaseProblem

a, c, m, n = sp.symbols("a c m n")
U, V = (3 * m + 4 * n) / 5, (-4 * m + 3 * n) / 5
DPS = 25


def close(x, exact, digits=DPS - 2):
    with mpmath.workdps(DPS + 10):
        return abs(mpmath.mpf(x) - exact) <= mpmath.mpf(10) ** (-digits) * max(1, abs(exact))


def by_kind(points):
    out = {}
    for p in points:
        out.setdefault(p.kind, []).append(p.values)
    return out


def test_rotated_sextic_first_order_and_spinodals():
    p = MultiPhaseProblem(a * U**2 - U**4 + U**6 + V**2, (m, n), a, symmetric_point=(0, 0),
                          box=((-2, 2), (-2, 2)), control_window=(-0.5, 0.6))
    assert p.even
    pts = p.special_points({}, dps=DPS)
    assert all(pt.digits >= DPS for pt in pts)
    kinds = by_kind(pts)
    (fo,) = kinds["first_order"]
    with mpmath.workdps(DPS + 10):
        u = 1 / mpmath.sqrt(2)
        assert close(fo["a"], mpmath.mpf(1) / 4)
        assert close(fo["m"], 3 * u / 5) and close(fo["n"], 4 * u / 5)      # mirror image merged: m > 0
        spin = sorted(kinds["spinodal"], key=lambda v: float(v["a"]))
        assert len(spin) == 2 and spin[0]["a"] == 0 and spin[0]["m"] == 0   # the symmetric point, exactly
        assert close(spin[1]["a"], mpmath.mpf(1) / 3)
        assert close(spin[1]["m"], 3 / (5 * mpmath.sqrt(3)))


def test_agrees_with_the_one_dimensional_engine():
    f = a * m**2 - m**4 + m**6
    one = PhaseProblem(f, m, a, symmetric_point=sp.Integer(0), order_window=(0.0, 2.0), control_window=(-0.5, 0.6))
    many = MultiPhaseProblem(f, (m,), a, symmetric_point=(0,), box=((-2.0, 2.0),), control_window=(-0.5, 0.6),
                             grid=(200, 401))
    ref = sorted((p.kind, float(p.values["a"])) for p in one.special_points({}, dps=DPS))
    got = sorted((p.kind, float(p.values["a"])) for p in many.special_points({}, dps=DPS))
    assert [k for k, _ in got] == [k for k, _ in ref]
    assert all(abs(x - y) < 1e-14 for (_, x), (_, y) in zip(got, ref))


def test_two_wells_without_a_symmetric_point():
    p = MultiPhaseProblem((U**2 - 1)**2 + (c - sp.Rational(1, 2)) * U + V**2, (m, n), c, box=((-2, 2), (-2, 2)),
                          control_window=(-1.5, 2.5))
    kinds = by_kind(p.special_points({}, dps=DPS))
    (fo,) = kinds["first_order"]
    with mpmath.workdps(DPS + 10):
        assert close(fo["c"], mpmath.mpf(1) / 2)
        wells = sorted([(fo["m.1"], fo["n.1"]), (fo["m.2"], fo["n.2"])])
        assert close(wells[0][0], -mpmath.mpf(3) / 5) and close(wells[0][1], -mpmath.mpf(4) / 5)
        assert close(wells[1][0], mpmath.mpf(3) / 5) and close(wells[1][1], mpmath.mpf(4) / 5)
        cs = sorted(float(v["c"]) for v in kinds["spinodal"])
        c_s = 8 / (3 * mpmath.sqrt(3))
        assert len(cs) == 2 and close(cs[0], 0.5 - c_s, 14) and close(cs[1], 0.5 + c_s, 14)


def test_a_well_leaving_the_box_is_a_window_edge_not_a_spinodal():
    p = MultiPhaseProblem((m - c)**2 + (n - c / 2)**2, (m, n), c, box=((-1, 2), (-1, 2)), control_window=(0, 3))
    pts = p.special_points({}, dps=DPS)
    assert [pt.kind for pt in pts] == ["window_edge"]
    v = pts[0].values
    assert v["m"] == 2 and close(v["c"], 2) and close(v["n"], 1)


def test_a_failed_seed_is_skipped_and_reported():
    p = MultiPhaseProblem(a * U**2 - U**4 + U**6 + V**2, (m, n), a, symmetric_point=(0, 0),
                          box=((-2, 2), (-2, 2)), control_window=(-0.5, 0.6))
    bad = ("first_order", (float("nan"), 0.5, 0.5))
    failures: list = []
    found = p.locate({}, dps=DPS, seeds=[bad, *p.seeds({})], failures=failures)
    assert "first_order" in [k for k, _ in found]
    assert failures == ["first_order from (nan, 0.5, 0.5)"]
    with pytest.raises(Exception, match="seeds that failed: first_order from"):
        p.locate({}, dps=DPS, seeds=[bad])


def test_one_order_parameter_window_edge_and_failed_seed():
    """The same two rules in :class:`PhaseProblem`: the well of ``(m - c)^2`` leaves ``m <= 2`` at
    ``c = 2``; a seed that cannot converge is skipped and named."""
    p = PhaseProblem((m - c)**2, m, c, order_window=(-1.0, 2.0), control_window=(0.0, 3.0))
    seeds = p.seeds({})
    failures: list = []
    pts = p.special_points({}, dps=DPS, seeds=[("spinodal", (float("nan"), 1.0)), *seeds], failures=failures)
    assert [pt.kind for pt in pts] == ["window_edge"]
    assert pts[0].values["m"] == 2 and close(pts[0].values["c"], 2)
    assert failures == ["spinodal from (nan, 1)"]
