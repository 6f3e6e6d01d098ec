"""Tests of ``rubin-cubic`` (Rubin, Seroussi & Ringel 2024, model A).

Every reference is either the paper's printed formula (Eq. 13), a closed form of the
theory note (GFL limits, §4.6), an independent numerical route (quadrature, a second
formulation of the phase conditions, finite differences, a second precision) or the
paper's stated approximate values with their stated precision.
"""
from __future__ import annotations

import mpmath
import pytest
import sympy as sp

import efftheory
from efftheory.errors import ParameterDomainError
from efftheory.numeric import hermite_projection_quad, to_mpf
from efftheory.theories.rubin import cubic_symbolic as sym
from efftheory.theories.rubin.cubic_finite_d import finite_d
from efftheory.theories.rubin.cubic_mixed import mixed_phase
from efftheory.theories.rubin.cubic_numeric import gfl_b
from efftheory.theories.rubin.cubic_phase_diagram import first_order_at_kappa

S = sym.SYMBOLS
MODEL = efftheory.theory("rubin-cubic")


def _params(**over):
    return MODEL.resolve({k: str(v) for k, v in over.items()})


# ------------------------------------------------------------------------------------------ symbolic
def test_final_action_equals_paper_eq13():
    """The derived scalar action equals paper Eq. 13 as printed (with u written out)."""
    q, sw, b, c, n, d, N, sa, s2 = S.q, S.sigma_w2, S.b, S.c, S.n, S.d, S.N, S.sigma_a2, S.sigma2
    D = 1 + 2 * (sw + q**2)
    eq13 = q**2 / (2 * sw) - 2 * n**2 * sa / (sp.pi * s2**2 * d * N) * q**2 / D * (b - 2 * c * q**2 / D)**2
    u = n**2 * sa / (s2**2 * d * N)
    derived = MODEL.derivation(None)["scalar action (Eq. 13)"].result.rhs
    assert sp.simplify(derived.subs(S.u, u) - eq13) == 0
    assert sp.simplify(MODEL.theory(None).action.subs(S.u, u) - eq13) == 0


def test_derivation_checks_pass():
    results = MODEL.derivation(None).check()
    assert len(results) >= 15
    assert all(r.passed for r in results), [r for r in results if not r.passed]
    tex = MODEL.derivation(None).to_latex()
    assert "Eq. 13" in tex and "\\section" in tex


@pytest.mark.parametrize("k,q,s2", [(1, "0.3", "0.8"), (3, "-0.45", "1.1"), (3, "0.7", "0.75")])
def test_projections_match_quadrature(k, q, s2):
    """Engine closed forms (Stein) vs conditioning + tanh-sinh quadrature, 30 digits."""
    P = sym.projections()[0 if k == 1 else 1]
    qv, sv = sp.Rational(q), sp.Rational(s2)
    closed = to_mpf(P.subs({S.q: qv, S.s2: sv}), 40)
    quad = hermite_projection_quad(lambda h: mpmath.erf(h), k, q=to_mpf(qv, 40), s2=to_mpf(sv, 40), dps=40)
    assert abs(closed - quad) <= mpmath.mpf(10) ** -30 * abs(closed)


def test_printed_q11_is_the_documented_variant():
    w11c, w11p = sym.kernel_weights("corrected")[0], sym.kernel_weights("paper")[0]
    D = 1 + 2 * (S.sigma_w2 + S.q**2)
    assert sp.simplify(w11c - 4 * S.q**2 / (sp.pi * D)) == 0       # v1^2 (note §4.5)
    assert sp.simplify(w11p - 2 * S.q**2 / (sp.pi * D)) == 0       # as printed in App. A.3


def test_invariants_under_table1_scaling():
    p = _params()
    beta = sp.Integer(4)                                               # alpha = beta: sigma2 unchanged
    scaled = dict(n=p["n"] * beta, d=p["d"] * sp.sqrt(beta), N=p["N"] * beta, sigma_a2=p["sigma_a2"] / sp.sqrt(beta))
    s2 = sp.Rational(18, 100)
    assert sym.invariants_of(p["n"], p["d"], p["N"], p["sigma_a2"], s2) == \
        sym.invariants_of(scaled["n"], scaled["d"], scaled["N"], scaled["sigma_a2"], s2)


# ------------------------------------------------------------------------------------------ GFL
def test_gfl_limits():
    """Closed forms of note §4.6: u -> 0 gives b = (1 + 4 kappa sw/(pi (1 + 2 sw)))^-1; kappa -> 0 gives b -> 1
    (when m(1) > 0, i.e. u < pi (1 + 2 sw)/(4 sw); otherwise b -> b_max where m vanishes)."""
    sw, kappa = sp.Rational(1, 2), sp.Rational(7, 5)
    b0 = gfl_b(sp.Rational(1, 10**40), kappa, sw, 30)
    with mpmath.workdps(30):
        ref = 1 / (1 + 4 * to_mpf(kappa, 30) * to_mpf(sw, 30) / (mpmath.pi * (1 + 2 * to_mpf(sw, 30))))
    assert abs(b0 - ref) < mpmath.mpf(10) ** -28
    assert abs(gfl_b(sp.Integer(1), sp.Rational(1, 10**30), sw, 30) - 1) < mpmath.mpf(10) ** -25
    bmax = mpmath.sqrt(mpmath.pi * 2 / (4 * 30 * mpmath.mpf(1) / 2))
    assert abs(gfl_b(sp.Integer(30), sp.Rational(1, 10**30), sw, 30) - bmax) < mpmath.mpf(10) ** -12


# ------------------------------------------------------------------------------------------ phase structure
@pytest.fixture(scope="module")
def solved():
    return MODEL.solve(dps=40)


def test_solve_points_and_paper_values(solved):
    kinds = [p.kind for p in solved.points]
    assert kinds == ["first_order", "spinodal"]
    fo, sp_ = solved["first_order"], solved["spinodal"]
    assert fo.digits == 40 and set(fo.values) == {"sigma2", "u", "kappa", "b", "c", "q"}
    # paper Claim I: u_c ~ 30.2 (note §8 D1: within ~2 %); §3.1.1: sigma2 ~ 0.18 (within ~1 %)
    assert abs(fo.values["u"] / 30.2 - 1) < 0.02
    assert abs(fo.values["sigma2"] / 0.18 - 1) < 0.01
    assert sp_.values["sigma2"] > fo.values["sigma2"]                    # spinodal precedes (note §8 B3)


def test_first_order_conditions_hold_independently(solved):
    """Evaluate the derived action with SymPy (evalf) at the solved point: S = S' = 0, S'' > 0."""
    v = solved["first_order"].values
    Sh = sym.scalar_action().subs(S.c, sp.Rational(-3, 10)).subs(S.sigma_w2, sp.Rational(1, 2))
    at = {S.q: sp.Float(mpmath.nstr(v["q"], 40), 45), S.u: sp.Float(mpmath.nstr(v["u"], 40), 45),
          S.b: sp.Float(mpmath.nstr(v["b"], 40), 45)}
    assert abs(Sh.subs(at).evalf(45)) < 1e-35
    assert abs(sp.diff(Sh, S.q).subs(at).evalf(45)) < 1e-35
    assert sp.diff(Sh, S.q, 2).subs(at).evalf(45) > 0
    # the GFL field equation at the point, by the scalar solver
    b = gfl_b(v["u"], v["kappa"], sp.Rational(1, 2), 40)
    with mpmath.workdps(60):
        assert abs(b - v["b"]) < mpmath.mpf(10) ** -35


def test_first_order_two_routes_agree(solved):
    """Control sigma2 (PhaseProblem) vs control u at fixed kappa (own System, bisection seed)."""
    v = solved["first_order"].values
    kappa = sp.Rational(3000) * sp.Rational(8, 700) / 150 / sp.Rational(mpmath.nstr(v["sigma2"], 45))
    other = first_order_at_kappa(kappa, sp.Rational(1, 2), sp.Rational(-3, 10), 40)
    with mpmath.workdps(60):          # compare at a precision above both results
        assert abs(other["u_c"] - v["u"]) < mpmath.mpf(10) ** -35 * v["u"]
        assert abs(other["q"] - v["q"]) < mpmath.mpf(10) ** -35


def test_q11_printed_moves_the_transition_far_from_the_paper():
    """Regression guard (note §8 D1): with the printed 2q^2 the u_c test fails by a wide margin."""
    res = MODEL.solve({"q11": "paper"}, dps=15)
    assert abs(res["first_order"].values["u"] / 30.2 - 1) > 0.1


# ------------------------------------------------------------------------------------------ mixed phase
def test_mixed_phase_continuity_and_onset_slope(solved):
    sc = sp.Rational(mpmath.nstr(solved["first_order"].values["sigma2"], 30))
    h = sp.Rational(1, 10**6)
    near = MODEL.evaluate("mixed_phase", {"sigma2": sc - h}, dps=20).values
    far = MODEL.evaluate("mixed_phase", {"sigma2": "0.16"}, dps=20).values
    fo = solved["first_order"].values
    assert 0 < near["r"] < far["r"]                                   # r grows from 0+ (note §8 B4)
    assert abs(near["c"] + mpmath.mpf("0.3")) < 1e-6 and far["c"] > -0.3   # c leaves eps, learning the cubic
    assert abs(near["q"] - fo["q"]) < 1e-4 and abs(near["b"] - fo["b"]) < 1e-4
    slopes = MODEL.evaluate("onset_slopes", dps=20).values
    with mpmath.workdps(30):
        fd = -near["r"] / to_mpf(h, 30)                                    # finite difference vs implicit function
    assert abs(fd / slopes["dr_dsigma2"] - 1) < 1e-3


def test_mixed_phase_rejects_gfl_side():
    with pytest.raises(ParameterDomainError, match="sigma2"):
        MODEL.evaluate("mixed_phase", {"sigma2": "0.2"}, dps=15)


def test_learned_components_cross_the_transition():
    gfl = MODEL.evaluate("learned_components", {"sigma2": "0.2"}, dps=20).values
    mix = MODEL.evaluate("learned_components", {"sigma2": "0.15"}, dps=20).values
    assert gfl["phase"] == "GFL" and gfl["cubic"] == 0
    assert mix["phase"] == "GMFL-I" and mix["cubic_normalized"] > 0 and mix["linear"] > gfl["linear"]


# ------------------------------------------------------------------------------------------ finite d
def test_finite_d_approaches_the_mixed_phase():
    """Quadrature of exp(-d S_hat) at d = 150 sqrt(beta): (b, c) converge to the d -> oo GMFL-I state."""
    p = _params(sigma2="0.16")
    inf = mixed_phase(p, 15)
    errs = []
    for beta in (1, 16, 256):
        fd = finite_d({**p, "beta": sp.Integer(beta)}, 12)
        errs.append(max(abs(fd["b"] - inf["b"]), abs(fd["c"] - inf["c"])))
    assert errs[0] > errs[1] > errs[2]
    assert errs[2] < errs[0] / 5


def test_finite_d_is_verified_at_two_precisions():
    res = MODEL.evaluate("finite_d", {"sigma2": "0.25"}, dps=8)
    gfl = MODEL.evaluate("gfl", {"sigma2": "0.25"}, dps=8).values
    assert res.digits == 8
    assert abs(res.values["b"] - gfl["b"]) < 0.05 and abs(res.values["c"] + mpmath.mpf("0.3")) < 0.01


# ------------------------------------------------------------------------------------------ claims, figures
def test_nngp_exponent_and_count():
    v = MODEL.evaluate("nngp", {"sigma2": "0.18"}, dps=20).values
    assert v["d_exponent"] == 3
    assert v["cubic_harmonics"] == sp.binomial(152, 3) - 150              # dimension of cubic harmonics
    assert v["learned_fraction_at_n"] < 1e-4                               # the NNGP does not learn H3 at n = 3000


def test_claims_quick(tmp_path):
    results = {c.id: c.check(dps=15) for c in MODEL.claims() if c.quick}
    assert all(r.passed for r in results.values()), {k: r.detail for k, r in results.items() if not r.passed}


def test_figures_quick(tmp_path):
    paths = MODEL.figures(tmp_path, True)
    # quick mode: the theory figures and App. D's reduced dynamics (the Langevin posterior runs only in full mode)
    assert [p.name for p in paths] == ["rubin_cubic_fig2c.png", "rubin_cubic_fig2ab.png", "rubin_cubic_phase_diagram.png",
                                       "rubin_cubic_fig4_appd.png", "rubin_cubic_fig5_appd.png", "rubin_cubic_fig6_appd.png"]
    assert all(p.exists() and p.stat().st_size > 1000 for p in paths)


def test_spinodal_exponent_is_the_square_root_law():
    # a fold of S_hat'(q) = 0 in (q, sigma2), with b(sigma2) from the GFL equation: gamma = 1/2
    res = MODEL.evaluate("spinodal_exponent", dps=15)
    assert (res.values["numerator"], res.values["denominator"]) == (1, 2)
    assert abs(res.values["estimate"] - mpmath.mpf(1) / 2) < mpmath.mpf(10) ** -9
