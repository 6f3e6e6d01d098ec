"""Žunkovič & Ilievski 1-D exponential model: derivation, closed forms vs independent routes, simulators."""
from math import comb

import mpmath
import numpy as np
import pytest
import sympy as sp
from scipy.integrate import quad

import efftheory
from efftheory.errors import InputError
from efftheory.theories.zunkovic import one_d_numeric as z
from efftheory.theories.zunkovic import one_d_symbolic as sym

R = sp.Rational
M = efftheory.theory("zunkovic-1d")


def test_derivation_checks_pass():
    results = sym.derivation().check()
    assert all(r.passed for r in results), [r for r in results if not r.passed]


def test_exponent_and_prefactor_are_derived_and_match_eq9():
    d = sym.derived()
    assert d["nu"] == 1
    # paper Eq. 9: E ~ (eps - xbar_l)(1 + lambda2)(t_eps - t)/2
    assert sp.simplify(d["prefactor"] - (sym.eps - d["xl"]) * (1 + sym.l2) / 2) == 0


def test_printed_eq8_differs_from_derived_t_eps_when_lambda2_nonzero():
    d = sym.derived()
    printed = sp.log((sym.b0 - d["xl"]) / (sym.eps - d["xl"]))             # paper Eq. 8 as printed
    assert sp.simplify(d["t_eps"] - printed / (1 + sym.l2)) == 0
    assert sp.simplify(d["t_eps"] - printed) != 0


def test_exponent_numerically_from_log_derivative():
    # d ln E / d ln(t_eps - t) of the exact E(t) converges to 1 with an O(t_eps - t) correction
    p = {"eps": R(1, 2), "lambda1": R(1, 10), "lambda2": R(1, 3), "xbar": R(1, 5), "b0": R(3)}
    with mpmath.workdps(40):
        te = z.generalization_time(p, 40)
        c = 1 + mpmath.mpf(1) / 3
        xl = (mpmath.mpf(1) / 5 - mpmath.mpf(1) / 10) / c
        E = lambda s: (1 - mpmath.exp(mpmath.mpf(1) / 2 - (xl - (xl - 3) * mpmath.exp(-c * (te - s))))) / 2  # noqa: E731
        slopes = [s * mpmath.diff(E, s) / E(s) for s in (mpmath.mpf(10) ** -k for k in (3, 6, 9))]
    assert abs(slopes[0] - 1) < 1e-2 and abs(slopes[2] - 1) < 1e-8
    assert abs(slopes[2] - 1) < abs(slopes[1] - 1) < abs(slopes[0] - 1)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 10, 25])
@pytest.mark.parametrize("e", [R(1, 1000), R(3, 100), R(1, 2), R(2), R(5)])
def test_finite_sum_equals_corrected_eq14(n, e):
    a = z.grokking_probability(n, e, 50)
    b = z.grokking_probability_eq14(n, e, 50)
    with mpmath.workdps(60):
        assert abs(a - b) <= abs(a) * mpmath.mpf(10) ** -48


@pytest.mark.parametrize("n,e", [(1, R(1, 3)), (4, R(1, 10)), (10, R(3, 10))])
def test_finite_sum_equals_quadrature_of_eq13(n, e):
    with mpmath.workdps(30):
        q = 2 * mpmath.quad(lambda x: z.density_eq13(n, x, 30), [0, e / 2, e])
        assert abs(q - z.grokking_probability(n, e, 30)) < mpmath.mpf(10) ** -25


def test_eq15_and_small_eps_slope():
    for e in (R(1, 7), R(2, 3)):
        with mpmath.workdps(40):
            ef = mpmath.mpf(e.p) / e.q
            assert abs(z.grokking_probability(2, e, 40) - (1 - (1 + 2 * ef) * mpmath.exp(-4 * ef))) < 1e-38
    for n in (1, 2, 6):
        slope = 4 * n * comb(2 * n - 2, n - 1) * mpmath.mpf(2) ** (1 - 2 * n)      # derived from f_N(0)
        with mpmath.workdps(30):
            assert abs(z.grokking_probability(n, R(1, 10**8), 30) / mpmath.mpf("1e-8") / slope - 1) < 1e-6


def test_eq72_is_the_N2_joint_density():
    rng = np.random.default_rng(1)
    for x, xm in rng.uniform([-1, 0], [1, 2], size=(6, 2)):
        x, xm = mpmath.mpf(x), mpmath.mpf(xm)
        eq72 = (2 * mpmath.exp(-4 * x) if 2 * x > xm else
                -2 * mpmath.exp(4 * x - 4 * xm) * (8 * x - 4 * xm - 1))        # paper Eq. 72
        assert abs(z.joint_density(2, x, xm) - eq72) < 1e-12


def test_eq17_agrees_with_quadrature_of_eq74():
    for t in (R(1, 5), R(3, 2), R(4)):
        a = z.grokking_time_pdf(2, R(1, 10), 0, t, 30, normalised=False)
        b = z.grokking_time_pdf_eq17(R(1, 10), t, 30)
        with mpmath.workdps(30):
            assert abs(a - b) < abs(b) * mpmath.mpf(10) ** -25


@pytest.mark.parametrize("n,e,l2", [(1, 0.2, 0.0), (5, 0.05, 1.0), (10, 0.04, 0.0), (3, 0.3, 0.5)])
def test_time_density_integrates_to_probability(n, e, l2):
    # float twin checked pointwise against the mpmath density, then integrated over t
    for t in (0.0, 0.3, 3.0):
        ref = z.grokking_time_pdf(n, R(e).limit_denominator(1000), R(l2).limit_denominator(1000),
                                  R(t).limit_denominator(1000), 15, normalised=False)
        assert z.grokking_time_pdf_np(n, e, l2, [t], normalised=False)[0] == pytest.approx(float(ref), rel=1e-10)
    total = quad(lambda t: z.grokking_time_pdf_np(n, e, l2, [t], nodes=60, normalised=False)[0], 0, 150,
                 limit=200, points=[0.1, 1, 5, 20])[0]
    assert total == pytest.approx(float(z.grokking_probability(n, R(e).limit_denominator(1000), 15)), rel=1e-8)


def test_mode_of_eq17_density_and_fig5_reading():
    mode = z.grokking_time_mode(2, R(1, 25), 0, 12)
    ts = np.linspace(1.5, 3.0, 1501)
    grid = ts[np.argmax(z.grokking_time_pdf_np(2, 0.04, 0.0, ts, normalised=False))]
    assert float(mode) == pytest.approx(grid, abs=2e-3)
    assert abs(float(mode) - 2.20) < 0.05               # Fig. 5 reading 2.20 ± 0.02 (flat maximum: ± 0.05)


@pytest.mark.parametrize("n,e,l1,l2", [(2, "0.2", "0", "0"), (2, "0.1", "0.1", "0"), (5, "0.05", "0", "1"),
                                       (10, "0.05", "0.02", "0")])
def test_sampling_monte_carlo_agrees_with_closed_forms(n, e, l1, l2):
    p = {"N": str(n), "eps": e, "lambda1": l1, "lambda2": l2}
    mc = M.evaluate("grokking_probability_mc", p, seed=3, trials=40000)
    params = M.resolve(p)
    exact = float(z.grokking_probability(n, z.eps_lambda(params), 15))
    assert abs(float(mc.values["grokking_probability"]) - exact) < 3 * float(mc.stderr["grokking_probability"])
    mean = quad(lambda t: t * z.grokking_time_pdf_np(n, float(z.eps_lambda(params)), float(params["lambda2"]), [t])[0],
                0, 150, limit=200, points=[0.1, 1, 5, 20])[0]
    assert abs(float(mc.values["mean_grokking_time"]) - mean) < 3 * float(mc.stderr["mean_grokking_time"])


@pytest.mark.parametrize("n,e,l1,l2", [(2, "0.2", "0", "0"), (5, "0.02", "0.03", "0.5")])
def test_gradient_descent_agrees_with_closed_forms(n, e, l1, l2):
    p = {"N": str(n), "eps": e, "lambda1": l1, "lambda2": l2}
    gd = M.evaluate("grokking_probability_gd", p, seed=5, trials=3000)
    params = M.resolve(p)
    exact = float(z.grokking_probability(n, z.eps_lambda(params), 15))
    assert abs(float(gd.values["grokking_probability"]) - exact) < 3 * float(gd.stderr["grokking_probability"])
    mean = quad(lambda t: t * z.grokking_time_pdf_np(n, float(z.eps_lambda(params)), float(params["lambda2"]), [t])[0],
                0, 150, limit=200, points=[0.1, 1, 5, 20])[0]
    # Euler with dt = 0.01 detects crossings up to one step late: allow that bias beside 3 standard errors
    assert abs(float(gd.values["mean_grokking_time"]) - mean) < 3 * float(gd.stderr["mean_grokking_time"]) + 0.02


@pytest.mark.parametrize("name,extra", [("grokking_probability", {"eps": "0.1"}), ("exponent", {}),
                                        ("eps_lambda", {"eps": "0.1", "lambda2": "1/3"}),
                                        ("test_error", {"eps": "1", "xbar": "0.7", "b0": "21", "t": "2"}),
                                        ("grokking_time_pdf", {"eps": "0.04", "N": "5", "t": "1"})])
def test_quantities_verified_at_30_digits(name, extra):
    res = M.evaluate(name, extra, dps=30)
    assert res.digits == 30
    assert all(isinstance(v, mpmath.mpf) for v in res.values.values())


def test_eps_is_required_and_validated():
    with pytest.raises(InputError, match="eps"):
        M.evaluate("grokking_probability", {})
    with pytest.raises(InputError):
        M.evaluate("grokking_probability", {"eps": "-1"})


def test_quick_claims_pass():
    for claim in M.claims():
        if claim.quick:
            assert claim.check(dps=20).passed, claim.id
