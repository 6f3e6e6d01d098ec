"""Decisions of ``rubin-cubic`` at the transition (issue 11): phase labels, branch choices, the
mixed-phase domain and the side wells, checked against an independent computation.

The reference is built here from the paper's printed formulas only: Eq. 13 for ``S_hat``, the
kernel entries of App. eqs. 9-11 (corrected ``Q11``, note §7 item 2), the GFL limit (note §4.6)
and the GMFL-I system (note §4.8), written out by hand, differentiated by SymPy and solved with
``mpmath.findroot`` at 80 digits (residual checked); side wells by a dense sign-change scan of
``S_hat'(q)`` at 50 digits.  The package's special points, solvers and root isolation are not used.
"""
from __future__ import annotations

import random

import mpmath
import pytest
import sympy as sp

import efftheory
from efftheory.errors import ParameterDomainError

MODEL = efftheory.theory("rubin-cubic")
q, b, c, s2, r = sp.symbols("q b c sigma2 r", real=True)
SW, EPS, N_, D_, NN, SA = (sp.Rational(1, 2), sp.Rational(-3, 10), 3000, 150, 700, sp.Rational(2, 175))
U = N_**2 * SA / (s2**2 * D_ * NN)                       # eq. 11
KAPPA = N_ * SA / (D_ * s2)
Dq = 1 + 2 * (SW + q**2)
ACTION = q**2 / (2 * SW) - 2 * U / sp.pi * q**2 / Dq * (b - 2 * c * q**2 / Dq)**2     # Eq. 13
M0 = 1 / SW - 4 * U * b**2 / (sp.pi * (1 + 2 * SW))                                # S_hat''(0)
CENTRAL = 4 * KAPPA / (sp.pi * (1 + 2 * SW) * M0)                                   # GFL limit, note §4.6
W11, W12, W22 = 4 * q**2 / (sp.pi * Dq), -8 * q**4 / (sp.sqrt(6) * sp.pi * Dq**2), 8 * q**6 / (3 * sp.pi * Dq**3)
G = sp.diff(ACTION, q) / q
GFL = b * (1 + CENTRAL) - 1
MIXED = (b * (1 + CENTRAL) + KAPPA * r * (W11 * b + W12 * sp.sqrt(6) * c) - 1,
         c + KAPPA * r * (W12 * b / sp.sqrt(6) + W22 * c) - EPS, G, ACTION / q**2)
DPS = 80


def _solve(eqs, unknowns, start, subs=None):
    eqs = [sp.sympify(e).subs(subs or {}) for e in eqs]
    fs = [sp.lambdify(unknowns, e, "mpmath") for e in eqs]
    with mpmath.workdps(DPS + 20):
        x = mpmath.findroot(lambda *v: [f(*v) for f in fs], [mpmath.mpf(v) for v in start], tol=mpmath.mpf(10)**-95,
                            maxsteps=200)
        x = list(x) if isinstance(x, mpmath.matrix) else [x]
        assert max(abs(f(*x)) for f in fs) < mpmath.mpf(10) ** -90
        return x


@pytest.fixture(scope="module")
def points():
    """First-order point (S'/q = S/q^2 = 0, GFL) and spinodal (S'/q = d/dq(S'/q) = 0, GFL) at 80 digits."""
    gfl = {c: EPS}
    fo = _solve((G, ACTION / q**2, GFL), (q, b, s2), ("0.72", "0.29", "0.1787"), gfl)
    spin = _solve((G, sp.diff(G, q), GFL), (q, b, s2), ("0.53", "0.31", "0.1907"), gfl)
    return {"first_order": dict(zip("qbs", fo)), "spinodal": dict(zip("qbs", spin))}


def _exact(x, digits=DPS):
    return sp.Rational(mpmath.nstr(x, digits, strip_zeros=False))


def _gfl_b(sigma2):
    return _solve((GFL,), (b,), ("0.3",), {s2: sigma2})[0]


def _mixed(sigma2, fo):
    return dict(zip("bcqr", _solve(MIXED, (b, c, q, r), (fo["b"], EPS, fo["q"], "1e-20"), {s2: sigma2})))


def _side_minima(sigma2, bb, cc, n=4000, hi=4):
    """Every side minimum on (0, hi]: sign changes of S_hat'(q) on a dense grid at 50 digits, polished."""
    g = sp.lambdify(q, G.subs({s2: sigma2, b: _exact(bb, 90), c: _exact(cc, 90)}), "mpmath")
    act = sp.lambdify(q, ACTION.subs({s2: sigma2, b: _exact(bb, 90), c: _exact(cc, 90)}), "mpmath")
    out = []
    with mpmath.workdps(50):
        grid = [mpmath.mpf(hi) * (i + 1) / n for i in range(n)]
        vals = [g(x) for x in grid]
        for x0, x1, v0, v1 in zip(grid, grid[1:], vals, vals[1:]):
            if v0 < 0 <= v1:                                  # S' from - to +: a minimum
                qm = mpmath.findroot(g, (x0, x1), solver="anderson")
                out.append((qm, act(qm)))
    return out


def _agree(x, ref, digits):
    with mpmath.workdps(DPS):
        return abs(x - ref) <= mpmath.mpf(10) ** -digits * max(abs(ref), mpmath.mpf(10) ** -digits)


def test_side_well_above_sigma2_c_is_metastable(points):
    """sigma2 = 0.183 (between sigma2_c and the spinodal): a metastable side well at q ~ 0.678."""
    sigma2 = sp.Rational(183, 1000)
    assert points["first_order"]["s"] < 0.183 < points["spinodal"]["s"]
    minima = _side_minima(sigma2, _gfl_b(sigma2), EPS)
    assert len(minima) == 1
    qm, sm = minima[0]
    res = MODEL.evaluate("side_well", {"sigma2": "0.183"}, dps=30)
    v = res.values
    assert (v["side_well"], v["kind"]) == ("present", "metastable") and res.digits == 30
    assert _agree(v["q"], qm, 29) and _agree(v["side_minimum"], sm, 29) and sm > 0 and v["curvature"] > 0


def test_side_well_below_sigma2_c_is_degenerate(points):
    """Below sigma2_c the GMFL-I wells are degenerate with q = 0: S_hat(q*) is exactly 0 (was: exit 3)."""
    sigma2 = sp.Rational(175, 1000)
    st = _mixed(sigma2, points["first_order"])
    (qm, sm), = _side_minima(sigma2, st["b"], st["c"])
    v = MODEL.evaluate("side_well", {"sigma2": "0.175"}, dps=30).values
    assert (v["side_well"], v["kind"]) == ("present", "degenerate") and v["side_minimum"] == 0
    assert _agree(v["q"], qm, 29) and _agree(v["q"], st["q"], 29) and abs(sm) < mpmath.mpf(10) ** -40


def test_learned_components_just_below_sigma2_c(points):
    """sigma2_c - 1e-25 at 40 digits: GMFL-I with (b, c) of the GMFL-I system solved at 80 digits."""
    sigma2 = _exact(points["first_order"]["s"]) - sp.Rational(1, 10**25)
    ref = _mixed(sigma2, points["first_order"])
    assert ref["r"] > 0
    res = MODEL.evaluate("learned_components", {"sigma2": str(sigma2)}, dps=40)
    v = res.values
    assert v["phase"] == "GMFL-I" and res.digits == 40
    assert _agree(v["b"], ref["b"], 39) and _agree(v["c"], ref["c"], 39)
    with mpmath.workdps(DPS):
        assert _agree(v["cubic"], mpmath.mpf(-3) / 10 - ref["c"], 39)          # eps - c ~ 6e-26
    above = MODEL.evaluate("learned_components", {"sigma2": str(sigma2 + sp.Rational(2, 10**25))}, dps=40).values
    assert above["phase"] == "GFL" and _agree(above["b"], _gfl_b(sigma2 + sp.Rational(2, 10**25)), 39)


def test_mixed_phase_just_below_sigma2_c(points):
    """sigma2_c - 1e-18: inside the mixed phase (was: exit 2 from a float64 comparison), q near q*."""
    fo = points["first_order"]
    sigma2 = _exact(fo["s"]) - sp.Rational(1, 10**18)
    ref = _mixed(sigma2, fo)
    v = MODEL.evaluate("mixed_phase", {"sigma2": str(sigma2)}, dps=30).values
    assert abs(v["q"] - fo["q"]) < 1e-15 and 0 < v["r"] < 1e-15
    assert all(_agree(v[k], ref[k], 29) for k in "bcqr")
    with pytest.raises(ParameterDomainError, match="outside the mixed phase"):
        MODEL.evaluate("mixed_phase", {"sigma2": str(sigma2 + sp.Rational(2, 10**18))}, dps=30)


def test_labels_within_1e25_of_the_special_points(points):
    """Randomised (seed 11): inputs within 1e-25 of sigma2_c and of the spinodal, on both sides, plus one
    at 1e-60 (below the first working precision, 45 digits, so the decision must go higher); each label
    must match the side of the 80-digit point the input lies on."""
    rng = random.Random(11)
    sc, ssp = _exact(points["first_order"]["s"]), _exact(points["spinodal"]["s"])
    deltas = [sp.Rational(rng.randint(10**3, 10**5), 10**30) for _ in range(3)] + [sp.Rational(1, 10**60)]
    for delta in (sign * d for d in deltas for sign in (-1, 1)):
        above = delta > 0
        at = {"sigma2": str(sc + delta)}
        assert MODEL.evaluate("learned_components", at, dps=30).values["phase"] == ("GFL" if above else "GMFL-I")
        assert MODEL.evaluate("side_well", at, dps=30).values["kind"] == ("metastable" if above else "degenerate")
        if above:
            with pytest.raises(ParameterDomainError):
                MODEL.evaluate("mixed_phase", at, dps=30)
        else:
            assert 0 < MODEL.evaluate("mixed_phase", at, dps=30).values["r"] < 1e-20
        sw = MODEL.evaluate("side_well", {"sigma2": str(ssp + delta)}, dps=30).values
        assert sw["side_well"] == ("absent" if above else "present")
        if not above:                                          # the well sits ~sqrt(|delta|) from the fold
            assert sw["kind"] == "metastable" and abs(sw["q"] - points["spinodal"]["q"]) < 1e-10


@pytest.mark.parametrize("eps", ["-1/2", "-1"])
def test_each_spinodal_is_listed_once(eps):
    """The audit: eps = -1/2 and -1 listed the same spinodal twice (q and its mirror -q of the even
    action).  Independent check: the side well exists just below the one spinodal and not just
    above it (side_well, an exact root isolation of S'(q)/q)."""
    model = efftheory.theory("rubin-cubic")
    spinodals = [p for p in model.solve({"eps": eps}, dps=20).points if p.kind == "spinodal"]
    assert len(spinodals) == 1
    s2 = sp.Rational(str(mpmath.nstr(spinodals[0].values["sigma2"], 25)))
    delta = sp.Rational(1, 10**6)
    below = model.evaluate("side_well", {"eps": eps, "sigma2": s2 - delta}, dps=15).values
    above = model.evaluate("side_well", {"eps": eps, "sigma2": s2 + delta}, dps=15).values
    assert below["side_well"] == "present" and above["side_well"] == "absent"
    assert abs(below["q"] - spinodals[0].values["q"]) < 1e-2
