"""The Gaussian/Hermite engine against its numerical twins (quadrature at >= 30 digits)."""
import random

import mpmath
import pytest
import sympy as sp

from efftheory.numeric import bivariate_expectation, gaussian_expectation, hermite_projection_quad
from efftheory.numeric.precision import agreeing_digits
from efftheory.symbolic import He, erf_arcsine_kernel, gaussian_mean, hermite_coefficients, hermite_projection

x = sp.Symbol("x", real=True)
q, s2 = sp.symbols("q s2", positive=True)
DPS = 32


def random_pairs(n, seed):
    """Random exact (q, s2) with q^2 < s2 (Cauchy-Schwarz for |w*| = 1)."""
    rng = random.Random(seed)
    for _ in range(n):
        s2v = sp.Rational(rng.randrange(50, 3000), 1000)
        qv = sp.sqrt(s2v) * sp.Rational(rng.randrange(-950, 950), 1000)
        qv = sp.Rational(sp.floor(qv * 1000), 1000)
        yield qv, s2v


def mp(v):
    return mpmath.mpf(int(v.p)) / int(v.q)


def test_erf_projections_match_the_issue_formulas_symbolically():
    # Rubin et al. App. A.3-A.4 (the issue's reference formulas)
    assert sp.simplify(hermite_projection(sp.erf(x), x, 1, q=q, s2=s2) - 2 * q / sp.sqrt(sp.pi * (1 + 2 * s2))) == 0
    assert sp.simplify(hermite_projection(sp.erf(x), x, 3, q=q, s2=s2)
                       + 4 * q**3 / (sp.sqrt(sp.pi) * (1 + 2 * s2) ** sp.Rational(3, 2))) == 0


def test_paper_recursion_route_agrees_with_stein():
    # App. eqs. 13-19: E[erf H_3] = I_1 - 3 I_0 with I_0, I_1 as printed (|w*| = 1)
    I0 = 2 / sp.sqrt(sp.pi) * q / sp.sqrt(1 + 2 * s2)
    I1 = I0 * (3 - 2 * q**2 / (1 + 2 * s2))
    assert sp.simplify(hermite_projection(sp.erf(x), x, 3, q=q, s2=s2) - (I1 - 3 * I0)) == 0


@pytest.mark.parametrize("k", [1, 3])
def test_erf_projection_agrees_with_quadrature(k):
    closed = hermite_projection(sp.erf(x), x, k, q=q, s2=s2)
    for qv, s2v in random_pairs(2, seed=k):
        exact = sp.N(closed.subs({q: qv, s2: s2v}), DPS + 10)
        with mpmath.workdps(DPS + 10):
            num = hermite_projection_quad(mpmath.erf, k, q=mp(qv), s2=mp(s2v), dps=DPS)
            assert agreeing_digits(num, mpmath.mpf(exact), cap=DPS) >= 30


@pytest.mark.parametrize("g,k", [(x**2, 2), (x**3, 1), (x**3, 3), (x**2 - 3 * x**5 + 2, 5), (x, 1), (x**4, 2)])
def test_polynomial_activations_agree_with_quadrature(g, k):
    closed = hermite_projection(g, x, k, q=q, s2=s2)
    f = sp.lambdify(x, g, "mpmath")
    for qv, s2v in random_pairs(2, seed=7 * k):
        exact = sp.N(closed.subs({q: qv, s2: s2v}), DPS + 10)
        with mpmath.workdps(DPS + 10):
            num = hermite_projection_quad(f, k, q=mp(qv), s2=mp(s2v), dps=DPS)
            if exact == 0:
                assert abs(num) < mpmath.mpf(10) ** (-DPS)
            else:
                assert agreeing_digits(num, mpmath.mpf(exact), cap=DPS) >= 30


def test_hermite_coefficients_reconstruct_polynomials_exactly():
    for g in (x**3, x**4 - x, 5 * x**6 + x**2):
        deg = sp.degree(g, x)
        coeffs = hermite_coefficients(g, x, deg)
        assert sp.expand(sum(c * He(k, x) for k, c in enumerate(coeffs)) - g) == 0


def test_hermite_coefficients_of_erf_agree_with_quadrature():
    coeffs = hermite_coefficients(sp.erf(x), x, 3)
    for k, c in enumerate(coeffs):
        Hk = sp.lambdify(x, He(k, x), "mpmath")
        with mpmath.workdps(DPS + 10):
            num = gaussian_expectation(lambda z: mpmath.erf(z) * Hk(z), 1, dps=DPS) / mpmath.factorial(k)
            exact = sp.N(c, DPS + 10)
            if exact == 0:
                assert abs(num) < mpmath.mpf(10) ** (-DPS)
            else:
                assert agreeing_digits(num, mpmath.mpf(exact), cap=DPS) >= 30


def test_gaussian_mean_closed_form_and_fallback_agree_with_quadrature():
    h = sp.Symbol("h", real=True)
    v = sp.Rational(7, 10)
    for expr in (h**4 * sp.exp(-h**2), (4 * h**2 - 2) * sp.exp(-3 * h**2 / 2), sp.cos(h)):
        closed = sp.N(gaussian_mean(expr, h, v), DPS + 10)
        f = sp.lambdify(h, expr, "mpmath")
        with mpmath.workdps(DPS + 10):
            num = gaussian_expectation(f, mp(v), dps=DPS)
            assert agreeing_digits(num, mpmath.mpf(closed), cap=DPS) >= 30


def test_arcsine_kernel_agrees_with_bivariate_quadrature():
    a, b, c = sp.Rational(1, 2), sp.Rational(1, 5), sp.Rational(4, 5)
    closed = sp.N(erf_arcsine_kernel(a, b, c), DPS + 10)
    with mpmath.workdps(DPS + 10):
        num = bivariate_expectation(lambda u, w: mpmath.erf(u) * mpmath.erf(w), mp(a), mp(b), mp(c), dps=30)
        assert agreeing_digits(num, mpmath.mpf(closed), cap=30) >= 30


def test_arcsine_kernel_symbolic_form():
    a, b, c = sp.symbols("a b c", positive=True)
    expected = 2 / sp.pi * sp.asin(2 * b / sp.sqrt((1 + 2 * a) * (1 + 2 * c)))
    assert sp.simplify(erf_arcsine_kernel(a, b, c) - expected) == 0
