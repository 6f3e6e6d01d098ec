r"""Numbers of the D-ball model, from the derived equations of :mod:`.ball_symbolic`.

The coefficients of Eq. 82 and the Gaussian moments (Eqs. 83-85), Eq. 86 (``alpha3``
corrected or printed), Eq. 30, the bound Eq. 33 and its maximum, the test error (Eq. 22),
c_D (Eq. 23) and the boundary-mass prefactor (Eqs. 48-50), the grokking-time branches
(Eqs. 43-47) and the large-D threshold, each at a stated precision.

References
----------
B. Žunkovič, E. Ilievski, JMLR 25(199) 2024 (arXiv:2210.15435), Secs. 3.3-3.4, App. B.
"""
from __future__ import annotations

import mpmath
import sympy as sp

from ...errors import ConvergenceError, InputError
from ...numeric import compile_function, to_mpf
from .ball_symbolic import Ds, delta, derived, xis

__all__ = ["coefficients", "eq86", "eq30", "eq33", "eq33_max", "ball_test_error", "ball_test_error_2f1", "c_D",
           "boundary_mass_prefactor", "p_fast", "t_slow", "fast_pdf", "large_d_threshold"]


def _mp(p, key):
    return to_mpf(p[key], mpmath.mp.dps)


def coefficients(p, *, alpha3: str | None = None) -> dict:
    """β, α1..α4 (Eq. 82), the Gaussian means/variances (Eqs. 84-85) at the current mpmath precision."""
    D, n = int(p["D"]), int(p["N"])
    e, lam2 = _mp(p, "eps"), _mp(p, "lambda2")
    lamD = lam2 + mpmath.mpf(1) / (D + 2)
    L = lamD + e**2
    beta = e / L + e / (L**2 * (D + 2))
    a1 = 1 / L - 2 * e**2 / L**2
    a2 = -e / L**2
    which = alpha3 or p.get("alpha3", "corrected")
    a3 = 1 / L if which == "corrected" else 1 / lamD - e / (lamD * L)
    a4 = -e / (lamD * L)
    m1 = beta + a2 / (D + 2)
    s1sq = a1**2 / (2 * n * (D + 2)) + a2**2 * (D + 1) / (n * (D + 2) ** 2 * (D + 4))
    sjsq = a3**2 / (2 * n * (D + 2)) + a4**2 / (2 * n * (D**2 + 6 * D + 8))
    return {"lambda_D": lamD, "beta": beta, "alpha1": a1, "alpha2": a2, "alpha3": a3, "alpha4": a4,
            "mean_w1": m1, "s1": mpmath.sqrt(s1sq), "sigma_j": mpmath.sqrt(sjsq)}


def _gaussian_window(m, sd, lo):
    pts = [m + k * sd for k in (-40, -12, -4, 0, 4, 12, 40)]
    return [lo] + [x for x in pts if x > lo] + [mpmath.inf]


def eq86(p, dps: int, *, alpha3: str | None = None):
    r"""Eq. 86: :math:`\int_0^\infty \mathcal N_1(w_1)\,P(\frac{D-1}2, \frac{(\varepsilon^2-1)w_1^2}{2\sigma_j^2})\,dw_1` (λ1 = 0)."""
    if p["lambda1"] != 0:
        raise InputError(f"Eq. 86 holds for lambda1 = 0 (got {p['lambda1']}); use grokking_probability_bound (Eq. 33) "
                         f"or grokking_probability_mc for lambda1 > 0")
    D = int(p["D"])
    with mpmath.workdps(dps + 10):
        c = coefficients(p, alpha3=alpha3)
        e = _mp(p, "eps")
        if e <= 1:
            return mpmath.mpf(0)                 # the balls touch or overlap: Eq. 25 has measure zero
        m, sd, sj = c["mean_w1"], c["s1"], c["sigma_j"]
        dens = lambda w: mpmath.npdf(w, m, sd)  # noqa: E731
        if D == 1:
            val = mpmath.quad(dens, _gaussian_window(m, sd, mpmath.mpf(0)))
        else:
            k = mpmath.mpf(D - 1) / 2
            val = mpmath.quad(lambda w: dens(w) * mpmath.gammainc(k, 0, (e**2 - 1) * w**2 / (2 * sj**2), regularized=True),
                              _gaussian_window(m, sd, mpmath.mpf(0)))
    with mpmath.workdps(dps):
        return +val


def eq30(p, dps: int):
    """Eq. 30 (N ≫ λ_{2,D} ≫ 1 simplification; far off at the Fig. 8 defaults)."""
    D, n = int(p["D"]), int(p["N"])
    with mpmath.workdps(dps + 10):
        e, lam2 = _mp(p, "eps"), _mp(p, "lambda2")
        if e <= 1:
            return mpmath.mpf(0)
        lamD = lam2 + mpmath.mpf(1) / (D + 2)
        var = 1 / (2 * mpmath.mpf(n) * (D + 2))
        k = mpmath.mpf(D - 1) / 2
        f = lambda x: mpmath.npdf(x, 0, mpmath.sqrt(var)) * (  # noqa: E731
            mpmath.gammainc(k, 0, n * (D + 2) * (e**2 - 1) * (x + e) ** 2 / (e**2 / lamD + 1) ** 2, regularized=True)
            if D > 1 else 1)
        sd = mpmath.sqrt(var)
        val = mpmath.quad(f, [-e] + [x for x in (-40 * sd, -4 * sd, 0, 4 * sd, 40 * sd) if x > -e] + [mpmath.inf])
    with mpmath.workdps(dps):
        return +val


def eq33(p, lam1, dps: int):
    r"""Eq. 33: :math:`\frac12(1+\operatorname{erf}(\sqrt{N(D+2)}(\varepsilon-\lambda_1)))\operatorname{erf}(\sqrt{N(D+2)}\lambda_1)^{D-1}`."""
    D, n = int(p["D"]), int(p["N"])
    with mpmath.workdps(dps + 10):
        a = mpmath.sqrt(mpmath.mpf(n) * (D + 2))
        e, lam = _mp(p, "eps"), mpmath.mpf(lam1)
        val = (1 + mpmath.erf(a * (e - lam))) / 2 * mpmath.erf(a * lam) ** (D - 1)
    with mpmath.workdps(dps):
        return +val


def eq33_max(p, dps: int):
    """Maximum of Eq. 33 over λ1 > 0 (log-concave: the root of d ln/dλ1, bracketed)."""
    D, n = int(p["D"]), int(p["N"])
    with mpmath.workdps(dps + 10):
        e = _mp(p, "eps")
        if D == 1:
            return mpmath.mpf(0), eq33(p, 0, dps)
        a = mpmath.sqrt(mpmath.mpf(n) * (D + 2))
        k = 2 / mpmath.sqrt(mpmath.pi)

        def dlog(lam):
            return (-a * k * mpmath.exp(-(a * (e - lam)) ** 2) / mpmath.erfc(a * (lam - e))
                    + (D - 1) * a * k * mpmath.exp(-(a * lam) ** 2) / mpmath.erf(a * lam))
        lo, hi = mpmath.mpf(10) ** -6 / a, e if e > 0 else 1 / a
        for _ in range(200):
            if dlog(hi) < 0:
                break
            hi *= 2
        else:
            raise ConvergenceError("Eq. 33 maximisation: no sign change of d ln P / d lambda1 found")
        if dlog(lo) <= 0:
            raise ConvergenceError("Eq. 33 maximisation: derivative not positive near lambda1 = 0")
        for _ in range(60):                      # bisection to a good start, then a bracketing solver
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if dlog(mid) > 0 else (lo, mid)
        arg = mpmath.findroot(dlog, (lo, hi), solver="anderson")
        val = eq33(p, arg, dps)
    with mpmath.workdps(dps):
        return +arg, +val


def ball_test_error(D: int, h, dps: int):
    """E_D(h) = (1/2) I_{1-h^2}((D+1)/2, 1/2) (Eq. 22), the class-averaged error for 0 <= h <= 1."""
    with mpmath.workdps(dps + 10):
        h = mpmath.mpf(h)
        val = mpmath.betainc(mpmath.mpf(D + 1) / 2, mpmath.mpf(1) / 2, 0, 1 - h**2, regularized=True) / 2
    with mpmath.workdps(dps):
        return +val


def ball_test_error_2f1(D: int, h, dps: int):
    """The printed 2F1 form of Eq. 22 (cancels as h -> 1; a cross-check only)."""
    with mpmath.workdps(dps + 10):
        h = mpmath.mpf(h)
        val = mpmath.mpf(1) / 2 - D * mpmath.gamma(mpmath.mpf(D) / 2) / (2 * mpmath.sqrt(mpmath.pi) * mpmath.gamma(mpmath.mpf(D + 1) / 2)) \
            * mpmath.hyp2f1(mpmath.mpf(1) / 2, mpmath.mpf(1 - D) / 2, mpmath.mpf(3) / 2, h**2) * h
    with mpmath.workdps(dps):
        return +val


def c_D(D: int, dps: int):
    """c_D of Eq. 23, evaluated from the derived expression."""
    f = compile_function(derived()["cD"], (Ds,))
    with mpmath.workdps(dps + 10):
        val = f(mpmath.mpf(D))
    with mpmath.workdps(dps):
        return +val


def boundary_mass_prefactor(D: int, xi, dps: int):
    """M(δ)/δ^ν for the density ρ u^{-ξ} per unit volume with ρ = 1/V_D (exact version of Eqs. 48-50)."""
    # powsimp cancels delta^nu * delta^-nu (delta > 0): the prefactor is independent of delta
    expr = sp.powsimp(derived()["mass"] / delta ** ((Ds + 1) / 2 - xis) / (sp.pi ** (Ds / 2) / sp.gamma(Ds / 2 + 1)))
    f = compile_function(expr, (Ds, xis))
    with mpmath.workdps(dps + 10):
        val = f(mpmath.mpf(D), mpmath.mpf(xi) if not isinstance(xi, sp.Rational) else to_mpf(xi, mpmath.mp.dps))
    with mpmath.workdps(dps):
        return +val


def p_fast(D: int, e, dps: int):
    """Eq. 45: p_fast = F_{χ²_{D-1}}(1 - ε^{-2}) = P((D-1)/2, (1 - ε^{-2})/2)."""
    with mpmath.workdps(dps + 10):
        e = to_mpf(e, mpmath.mp.dps)
        if D == 1:
            val = mpmath.mpf(1)
        else:
            val = mpmath.gammainc(mpmath.mpf(D - 1) / 2, 0, (1 - 1 / e**2) / 2, regularized=True)
    with mpmath.workdps(dps):
        return +val


def t_slow(D: int, e, lam2, dps: int, *, variant: str = "paper"):
    """Slow-branch grokking time: Eq. 47 as printed or the self-consistent variant (factor ξ kept)."""
    with mpmath.workdps(dps + 10):
        e, lam2 = to_mpf(e, mpmath.mp.dps), to_mpf(lam2, mpmath.mp.dps)
        lamD = lam2 + mpmath.mpf(1) / (D + 2)
        val = (mpmath.log(e**4 / (e**4 - 1)) if variant == "paper" else mpmath.log(e**2 / (e**2 - 1))) / (2 * lamD)
    with mpmath.workdps(dps):
        return +val


def fast_pdf(D: int, e, tt, dps: int):
    """Eq. 43: P_fast(t_G) = χ²_{D-1}(r(t_G)) dr/dt_G with the simplified r(t_G)."""
    with mpmath.workdps(dps + 10):
        e, tt = to_mpf(e, mpmath.mp.dps), to_mpf(tt, mpmath.mp.dps)
        c = mpmath.sqrt(e**2 - 1)
        rfun = lambda x: c**2 * (mpmath.exp(e**2 * x) - 1) ** 2 / (e * mpmath.exp(e**2 * x) - c) ** 2  # noqa: E731
        r = rfun(tt)
        u = mpmath.exp(e**2 * tt)
        drdt = 2 * c**2 * (u - 1) * (e - c) / (e * u - c) ** 3 * e**2 * u     # d r / d t_G, from r(u)
        k = mpmath.mpf(D - 1) / 2
        chi2 = r ** (k - 1) * mpmath.exp(-r / 2) / (2**k * mpmath.gamma(k)) if D > 1 else mpmath.mpf(0)
        val = chi2 * drdt
    with mpmath.workdps(dps):
        return +val


def large_d_threshold(n: int, dps: int):
    """ε* with 2Nε*²(ε*²-1) = 1: ε*² = (1 + sqrt(1 + 2/N))/2."""
    with mpmath.workdps(dps + 10):
        val = mpmath.sqrt((1 + mpmath.sqrt(1 + mpmath.mpf(2) / n)) / 2)
    with mpmath.workdps(dps):
        return +val
