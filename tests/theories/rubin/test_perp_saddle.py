"""``perp = saddle``: Eq. 13 without the concentration of ``|w_perp|^2`` (derivation steps 18-20).

Each number of the engine (a two-order-parameter :class:`MultiPhaseProblem`, Newton on the augmented
system) is checked by another route: the first-order point by golden-section minimisation of the
action, and the action of ``t`` itself by quadrature of the exact finite-``d`` law of ``|w_perp|^2``
built from the continuum action (App. eq. 6), which must approach the saddle at the rate Laplace's
method predicts.
"""
import json

import mpmath
import pytest
import sympy as sp

from efftheory.numeric import compile_function
from efftheory.theories import get
from efftheory.theories.rubin import cubic_saddle, cubic_symbolic as sym
from efftheory.theories.rubin.cubic_numeric import gfl_b

S = sym.SYMBOLS
CUBIC = get("rubin-cubic")


@pytest.fixture(scope="module")
def point():
    return CUBIC.solve({"perp": "saddle"}, dps=30)["first_order"].values


def _golden(f, lo, hi, tol):
    g = (mpmath.sqrt(5) - 1) / 2
    a, b = mpmath.mpf(lo), mpmath.mpf(hi)
    while b - a > tol:
        c, d = b - g * (b - a), a + g * (b - a)
        if f(c) < f(d):
            b = d
        else:
            a = c
    return f((a + b) / 2)


def test_first_order_point_by_golden_section(point):
    """min over (q, t) of the action changes sign at sigma2_c: below it the side well is the lower state."""
    F = compile_function(cubic_saddle.relaxed_action(), (S.q, S.t, S.u, S.b, S.c, S.sigma_w2))
    p = CUBIC.resolve({})
    with mpmath.workdps(40):
        def well_depth(sigma2):
            u, kappa = sym.invariants_of(*(mpmath.mpf(sp.Rational(p[k])) for k in ("n", "d", "N", "sigma_a2")), sigma2)
            b = gfl_b(u, kappa, p["sigma_w2"], 40)
            c, sw = mpmath.mpf(-3) / 10, mpmath.mpf(1) / 2
            return _golden(lambda q: _golden(lambda t: F(q, t, u, b, c, sw), "0.3", "0.9", mpmath.mpf(10) ** -14),
                           "0.5", "0.95", mpmath.mpf(10) ** -14)
        h = mpmath.mpf(10) ** -9
        below, above = well_depth(point["sigma2"] - h), well_depth(point["sigma2"] + h)
    assert below < 0 < above
    assert abs(below) < 1e-7 and abs(above) < 1e-7      # linear in h: the point itself is a zero


def _log_law(q, d, u, b, c, sw):
    """log of the integral over s = |w_perp|^2 of s^((d-3)/2) exp(-S[w]) with S the continuum action at
    |w|^2 = q^2 + s, at fixed u (App. eq. 6, not the relaxed action)."""
    Sc = sym.continuum_action().subs(S.sigma_a2, S.u * S.sigma2**2 * S.d * S.N / S.n**2)
    sv = sp.Symbol("s", positive=True)
    E = sp.lambdify(sv, ((S.d - 3) / 2 * sp.log(sv) - Sc.subs(S.s2, S.q**2 + sv))
                    .subs({S.q: q, S.d: d, S.u: u, S.b: b, S.c: c, S.sigma_w2: sw}), "mpmath")
    s_max = mpmath.findroot(lambda s: mpmath.diff(E, s), sw / 2 if q else sw)
    top, width = E(s_max), 1 / mpmath.sqrt(d)
    pts = [mpmath.mpf(0), s_max - 20 * width, s_max, s_max + 20 * width, mpmath.inf]
    return top + mpmath.log(mpmath.quad(lambda s: mpmath.exp(E(s) - top), [x for x in pts if x >= 0]))


def test_saddle_of_t_is_the_large_d_limit_of_the_integrated_law(point):
    """-(1/d) log [J_d(q*) / J_d(0)] -> (1/d) [(3/2) log t* + (1/2) log(2 F_tt)] + O(1/d^2) at the first-order
    point, where F(q*, t*) = F(0, 1) = 0: the quadrature of the exact law over |w_perp|^2 meets the saddle."""
    F = cubic_saddle.relaxed_action().subs(S.c, S.eps)
    Ftt = sp.diff(F, S.t, 2)
    with mpmath.workdps(30):
        u, b, q, t = (point[k] for k in ("u", "b", "q", "t"))
        c, sw = mpmath.mpf(-3) / 10, mpmath.mpf(1) / 2
        ftt = mpmath.mpf(sp.N(Ftt.subs({S.q: q, S.t: t, S.u: u, S.b: b, S.eps: c, S.sigma_w2: sw}), 30))
        errors = []
        for d in (10**3, 10**4):
            rate = -(_log_law(q, d, u, b, c, sw) - _log_law(0, d, u, b, c, sw)) / d
            errors.append(abs(rate - (mpmath.mpf(3) / 2 * mpmath.log(t) + mpmath.log(2 * ftt) / 2) / d))
    assert errors[1] < 1e-7
    assert 30 < errors[0] / errors[1] < 300          # the remainder is O(1/d^2)


def _cli(capsys, *args):
    from efftheory.cli import main
    rc = main(list(args))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_cli_saddle_and_refusals(capsys):
    rc, out, _ = _cli(capsys, "solve", "rubin-cubic", "--param", "perp=saddle", "--dps", "20", "--json")
    assert rc == 0
    fo = next(p for p in json.loads(out)["points"] if p["kind"] == "first_order")
    assert fo["values"]["t"].startswith("0.60080509707") and fo["values"]["sigma2"].startswith("0.21709904971")
    rc, out, err = _cli(capsys, "eval", "rubin-cubic", "mixed_phase", "--param", "perp=saddle", "--param", "sigma2=1/5")
    assert rc == 2 and "perp = saddle" in err and len(err.strip().splitlines()) == 1
    rc, out, _ = _cli(capsys, "solve", "rubin-cubic", "--dps", "20", "--json")
    fo = next(p for p in json.loads(out)["points"] if p["kind"] == "first_order")
    assert "t" not in fo["values"] and fo["values"]["sigma2"].startswith("0.17871945473")


def test_certified_saddle_point(capsys):
    """``--certify`` proves a ball around each point of the (q, t) system (Krawczyk in Arb)."""
    rc, out, _ = _cli(capsys, "solve", "rubin-cubic", "--param", "perp=saddle", "--dps", "20", "--certify", "--json")
    assert rc == 0
    for p in json.loads(out)["points"]:
        for name in ("sigma2", "q", "t", "b"):
            mid, rad = (mpmath.mpf(x) for x in p["enclosure"][name])
            assert rad < 1e-20 and abs(mid - mpmath.mpf(p["values"][name])) <= rad + mpmath.mpf(10) ** -19
