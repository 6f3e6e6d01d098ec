"""The liu-addition model: derivation checks, spectrum, exact flow vs integration, quantities, claims."""
import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from efftheory.errors import InputError, ParameterDomainError
from efftheory.theories.liu import combinatorics as comb
from efftheory.theories.liu import determination as det
from efftheory.theories.liu import dynamics as dyn
from efftheory.theories import get

MODEL = get("liu-addition")


@pytest.mark.parametrize("p,d,norm", [(4, 2, "paper"), (5, 1, "code")])
def test_derivation_checks_pass(p, d, norm):
    der = MODEL.derivation({"p": str(p), "d": str(d), "normalization": norm})
    results = der.check()
    assert all(r.passed for r in results), [r for r in results if not r.passed]
    names = [s.name for s in der.steps]
    for must in ("Z0 conserved", "centre of mass", "gradient", "Euler-Lagrange flow", "exact solution",
                 "Hessian at a ground state"):
        assert must in names


def test_derived_gradient_equals_paper_formula():
    """The paper's H = 2/(N_D Z0) M_D (x) I_d (App. F / §3, as reported) against the derived Hessian step."""
    der = MODEL.derivation({"p": "4", "d": "2"})
    H = der["Hessian at a ground state"].result.rhs
    M = sp.Matrix(comb.gram_matrix(4))
    a0, a1, b0, b1 = sp.symbols("a_0 a_1 b_0 b_1", real=True)
    Z0 = sum((a0 + k * b0) ** 2 + (a1 + k * b1) ** 2 for k in range(4))
    paper = 2 / (len(comb.parallelograms(4)) * Z0) * sp.kronecker_product(M, sp.eye(2))
    assert sp.simplify(H - paper) == sp.zeros(8, 8)
    # the corrected centre-of-mass law differs from App. F's "dC/dt = 0" off the centred hyperplane
    cm = der["centre of mass"].result.rhs
    assert cm != sp.zeros(*cm.shape)


def test_spectrum_charpoly_eigsy_numpy_agree():
    D = det.authors_training_set(10, 45, 58)
    M = comb.gram_matrix(10, D)
    null = comb.nullity(10, D)
    x = sp.Symbol("x")
    chi = sp.Poly(sp.Matrix(M).charpoly(x).as_expr() / x**null, x)
    with mpmath.workdps(40):
        roots = sorted(mpmath.polyroots([int(c) for c in chi.all_coeffs()], maxsteps=200, extraprec=200))
        ev = dyn.spectrum(M, null, 40)
        assert all(abs(a - b) < mpmath.mpf(10) ** -30 * (1 + abs(a)) for a, b in zip(roots, ev[null:]))
    assert np.allclose(np.linalg.eigvalsh(np.array(M, dtype=float)), [float(v) for v in ev], atol=1e-9)


def _start(p, seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(-50, 50, p)
    x = p * x - x.sum()                      # integers summing to zero: a centred start
    return mpmath.matrix([[mpmath.mpf(int(v)) / (10 * p)] for v in x])


def test_closed_form_vs_rk4_and_euler():
    """Exact solution (note §6) vs RK4 at 40 digits (4th order) and the authors' Euler (1st order)."""
    p = 6
    D = det.authors_training_set(p, 15, 1)
    M_rows = comb.gram_matrix(p, D)
    scale = mpmath.mpf(1) / max(1, len(comb.training_parallelograms(p, D)))
    with mpmath.workdps(40):
        M = dyn.mp_matrix(M_rows, 40)
        R0 = _start(p, 0)
        eta, T = mpmath.mpf(1), mpmath.mpf(2)
        exact = dyn.closed_form(M, R0, scale, eta, T)
        errs = []
        for steps in (40, 80):
            R = dyn.rk4(M, R0, scale, eta, T, steps)
            errs.append(mpmath.norm(R - exact))
        assert errs[1] < mpmath.mpf(10) ** -8
        assert 12 < errs[0] / errs[1] < 20                 # ~ 2^4
        eul = [mpmath.norm(dyn.euler(M, R0, scale, eta, T, s, frozen_z0=False) - exact) for s in (200, 400)]
        assert 1.8 < eul[0] / eul[1] < 2.2                 # ~ 2^1
        # conservation along the numerical solution: Z0 const, C = 0 from a centred start, l_eff decreasing
        R = dyn.rk4(M, R0, scale, eta, T, 80)
        Z0 = mpmath.fsum(v**2 for v in R0)
        assert abs(mpmath.fsum(v**2 for v in R) - Z0) < mpmath.mpf(10) ** -8
        assert abs(mpmath.fsum(R)) < mpmath.mpf(10) ** -30
        ls = [dyn.ell_eff(M, dyn.closed_form(M, R0, scale, eta, t), scale) for t in (0, 1, 2, 4, 8)]
        assert all(a >= b for a, b in zip(ls, ls[1:]))


def test_late_time_decay_rate_is_lambda3():
    """log-slope of l_eff at late times = -2 eta lambda3 with lambda3 = 2 w mu3 / (N_D Z0) (note §6-§7.4)."""
    p = 6
    M_rows = comb.gram_matrix(p)
    with mpmath.workdps(50):
        M = dyn.mp_matrix(M_rows, 50)
        R0 = _start(p, 2)
        Z0 = mpmath.fsum(v**2 for v in R0)
        scale, eta = mpmath.mpf(1), mpmath.mpf(1)
        mu3 = dyn.spectrum(M_rows, 2, 50)[2]
        lam3 = 2 * scale * mu3 / Z0
        t1, t2 = mpmath.mpf(40) * Z0 / mu3, mpmath.mpf(41) * Z0 / mu3
        l1, l2 = (dyn.ell_eff(M, dyn.closed_form(M, R0, scale, eta, t), scale) for t in (t1, t2))
        slope = (mpmath.log(l2) - mpmath.log(l1)) / (t2 - t1)
        assert abs(slope / (-2 * eta * lam3) - 1) < mpmath.mpf(10) ** -6


def test_parallelogram_count_quantity():
    res = MODEL.evaluate("parallelogram_count", {"p": "10", "n": "30"}, dps=30)
    assert res.exact["parallelogram_count"] == 70 and res.exact["sample_count"] == 55
    assert res.exact["expected_training_parallelograms"] == sp.Rational(70 * 30 * 29, 55 * 54)
    assert res.digits == 30


def test_determined_probability_exact_and_mc():
    res = MODEL.evaluate("determined_probability", {"p": "6", "n": "12"}, dps=25)
    c = det.determining_counts(6)[12]
    assert res.exact["determined_probability"] == sp.Rational(c, math.comb(21, 12))
    mc = MODEL.evaluate("determined_probability", {"p": "10", "n": "23"}, dps=20, seed=5, trials=20_000)
    se = float(mc.stderr["determined_probability"])
    # authors' stored value 0.5795 (10^4 trials) within the combined Monte-Carlo error
    z = (float(mc.values["determined_probability"]) - 0.5795) / math.sqrt(se**2 + 0.5795 * 0.4205 / 1e4)
    assert abs(z) < 4
    with pytest.raises(InputError):
        MODEL.evaluate("determined_probability", {"p": "10"})
    with pytest.raises(ParameterDomainError):
        MODEL.evaluate("determined_probability", {"p": "10", "n": "56"})


def test_critical_fraction_p10_near_paper():
    res = MODEL.evaluate("critical_fraction", {"p": "10"}, seed=0, trials=20_000)
    rc, s = float(res.values["critical_fraction"]), float(res.stderr["critical_fraction"])
    assert abs(rc - 0.4) < 0.05                                   # Fig. 4a label r_c = 0.4
    assert 22 / 55 - 4 * s < rc < 23 / 55 + 4 * s                # authors' curve crosses 1/2 at n = 22..23


def test_grokking_rate_precision_and_formula():
    lo = MODEL.evaluate("grokking_rate", {"p": "10", "n": "45"}, dps=20, seed=58)
    hi = MODEL.evaluate("grokking_rate", {"p": "10", "n": "45"}, dps=40, seed=58)
    assert abs(hi.values["lambda3"] - lo.values["lambda3"]) < mpmath.mpf(10) ** -19
    N_D = int(lo.values["parallelograms_in_D"])
    code = MODEL.evaluate("grokking_rate", {"p": "10", "n": "45", "normalization": "code"}, dps=20, seed=58)
    # the count normalisation only rescales lambda3 by N_D
    assert abs(code.values["lambda3"] / lo.values["lambda3"] - N_D) < mpmath.mpf(10) ** -15
    low = MODEL.evaluate("grokking_rate", {"p": "10", "n": "20"}, dps=20, seed=0)
    assert low.values["lambda3"] == 0 and low.values["dof"] > 2 and "n_h" not in low.values
    with pytest.raises(InputError):
        MODEL.evaluate("grokking_rate", {"p": "10", "n": "45"}, seed=58, trials=3)


@pytest.mark.parametrize("cid", ["liu-addition/seed58", "liu-addition/app-c"])
def test_quick_exact_claims(cid):
    claim = next(c for c in MODEL.claims() if c.id == cid)
    assert claim.check().passed


def test_theory_builds():
    t = MODEL.theory({"p": "4"})
    assert len(t.order_parameters) == 4
    E = t.order_parameters
    assert t.action.subs({e: k for k, e in enumerate(E)}) == 0       # linear representation: l_eff = 0
