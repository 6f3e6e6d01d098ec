"""The L1 theory of the D-ball model (Eqs. 31-33, 88-90) against independent routes and the exact LASSO Monte Carlo."""
import mpmath
import numpy as np
import pytest
import sympy as sp

from efftheory.theories.zunkovic import ball_l1_numeric as L
from efftheory.theories.zunkovic.ball_l1_symbolic import l1_derivation
from efftheory.theories.zunkovic.simulation import ball_datasets, ball_grokking_mc, ball_stationary

R = sp.Rational


def _p(N, D, eps, lambda1, lambda2, alpha3="corrected"):
    return {"N": sp.Integer(N), "D": sp.Integer(D), "eps": R(eps), "lambda1": R(lambda1), "lambda2": R(lambda2),
            "alpha3": alpha3}


@pytest.mark.slow
def test_l1_derivation_checks_pass():
    results = l1_derivation().check()
    assert all(r.passed for r in results), [r for r in results if not r.passed]


@pytest.mark.parametrize("c,D,T", [("0.7", 5, 3), ("2", 8, 5), ("3.5", 10, 20), ("0.05", 3, "0.4"), ("0.6", 16, 9)])
def test_exact_sum_cdf_series_equals_laplace_inversion(c, D, T):
    """The signed chi^2 mixture against a Talbot inversion of ((1-p) + p M(s))^{D-1}/s, to 25 digits."""
    with mpmath.workdps(40):
        a = L.sum_cdf(mpmath.mpf(T), mpmath.mpf(c), D)
        b = L.sum_cdf_laplace(mpmath.mpf(T), mpmath.mpf(c), D)
        assert abs(a - b) < mpmath.mpf(10) ** -25


def test_sum_cdf_closed_forms_and_sampling():
    with mpmath.workdps(30):
        c, T = mpmath.mpf("1.3"), mpmath.mpf("2.2")
        # D = 2: one component, Pr(((|Z| - c)_+)^2 <= T) = Pr(|Z| <= c + sqrt T) = erf((c + sqrt T)/sqrt 2)
        assert abs(L.sum_cdf(T, c, 2) - mpmath.erf((c + mpmath.sqrt(T)) / mpmath.sqrt(2))) < mpmath.mpf(10) ** -25
        # c = 0: no threshold, the chi^2_{D-1} CDF, and the paper's chi^2 replacement is then exact
        for D in (2, 5, 9):
            chi = mpmath.gammainc(mpmath.mpf(D - 1) / 2, 0, T / 2, regularized=True)
            assert abs(L.sum_cdf(T, 0, D) - chi) < mpmath.mpf(10) ** -25
            assert abs(L.sum_cdf(T, 0, D, rk="chi2") - chi) < mpmath.mpf(10) ** -25
        # the chi^2_k replacement is a lower bound (stochastically larger sums)
        for D in (3, 6):
            assert L.sum_cdf(T, c, D, rk="chi2") < L.sum_cdf(T, c, D)
    z = np.random.default_rng(11).standard_normal((400000, 4))
    v = (np.maximum(np.abs(z) - 0.7, 0) ** 2).sum(1)
    frac, se = (v <= 3).mean(), np.sqrt((v <= 3).mean() * (1 - (v <= 3).mean()) / len(v))
    assert abs(frac - float(L.sum_cdf(3, mpmath.mpf("0.7"), 5))) < 4 * se


def test_eq33_is_the_k0_term_and_eps1_is_exact():
    p = _p(10, 5, 1, "1/10", 1000)
    a, b, c = L.eq32(p, 20), L.eq32(p, 20, rk="chi2"), L.eq33_bound(p, 20)
    assert abs(a - c) < mpmath.mpf(10) ** -18 and abs(b - c) < mpmath.mpf(10) ** -18      # eps = 1: only k = 0
    # the package's earlier Eq. 33 implementation (ball_numeric.eq33) is the same number
    from efftheory.theories.zunkovic.ball_numeric import eq33
    assert abs(eq33(p, R(1, 10), 20) - c) < mpmath.mpf(10) ** -18
    q = _p(10, 10, "1.01", "0.06", 1000)
    assert L.eq33_bound(q, 15) < L.eq32(q, 15, rk="chi2") < L.eq32(q, 15)
    assert L.eq32(_p(10, 5, "0.99", "0.1", 1000), 15) == 0                                   # overlapping balls


def test_eq32_exact_agrees_with_exact_lasso_monte_carlo():
    """lambda2 = 1000 (the regime N >> lambda_{2,D} >> 1 of Eq. 32's diagonal G): the exact R_k version agrees with
    the exact finite-N LASSO Monte Carlo within 3 standard errors; the paper's chi^2 version lies far below it."""
    args = (10, 10, "1.01", "0.06", 1000)
    val, chi = float(L.eq32(_p(*args), 15)), float(L.eq32(_p(*args), 15, rk="chi2"))
    mc, se = ball_grokking_mc(10, 10, 1.01, 0.06, 1000.0, trials=8000, seed=3)
    assert abs(val - mc) < 3 * se, (val, mc, se)
    assert mc - chi > 20 * se


def test_eq89_exact_agrees_with_exact_lasso_monte_carlo():
    """Eq. 89 (first order in N^{-1/2}, corrected alpha3) at N = 100, lambda2 = 0.1, where Eq. 32 does not apply."""
    args = (100, 5, "1.01", "1/1000", "1/10")
    val, chi = float(L.eq89(_p(*args), 12)), float(L.eq89(_p(*args), 12, rk="chi2"))
    mc, se = ball_grokking_mc(100, 5, 1.01, 0.001, 0.1, trials=10000, seed=5)
    assert abs(val - mc) < 3 * se, (val, mc, se)
    assert mc - chi > 4 * se
    assert float(L.eq32(_p(*args), 12)) < mc - 20 * se          # the main-text Eq. 32 is far off here
    assert float(L.eq90(_p(*args), 12)) < chi


def test_eq31_is_the_lasso_stationary_point_at_large_lambda2():
    """The soft threshold of Eq. 31 against the coordinate-descent LASSO on sampled data sets (lambda2 = 10^4)."""
    xt, y = ball_datasets(10, 6, 1.2, 20, np.random.default_rng(2))
    lam1, lam2 = 0.04, 1e4
    w = ball_stationary(xt, y, lam1, lam2)
    D = 6
    lamD = lam2 + 1 / (D + 2)
    xbar = np.einsum("n,tni->ti", y, xt) / len(y)
    xbar[:, 0] -= 1.2                                             # a = eps e1 + xbar
    soft = lambda a, g: np.sign(a) * np.maximum(np.abs(a) - lam1, 0) / g  # noqa: E731
    pred = np.concatenate([soft(xbar[:, :1] + 1.2, lamD + 1.2**2), soft(xbar[:, 1:], lamD)], axis=1)
    assert np.any(pred[:, 1:] == 0) and np.any(pred[:, 1:] != 0)
    assert np.all((pred == 0) == (w == 0))
    assert np.max(np.abs(w - pred)) < 1e-3 * np.max(np.abs(pred))


def test_l1_quantities_verified_and_validated():
    from efftheory.errors import InputError
    from efftheory.theories import get
    m = get("zunkovic-ball")
    r = m.evaluate("grokking_probability_l1", {"N": "10", "D": "4", "eps": "11/10", "lambda1": "1/20",
                                               "lambda2": "1000"}, dps=8)
    assert r.values["bound_eq33"] <= r.values["grokking_probability_l1_chi2"] <= r.values["grokking_probability_l1"] <= 1
    with pytest.raises(InputError, match="lambda1 > 0"):
        m.evaluate("grokking_probability_l1", {"lambda1": "0"}, dps=15)
    with pytest.raises(InputError, match="D <= 20"):
        L.eq32(_p(10, 500, "1.1", "1/20", 1000), 15)
