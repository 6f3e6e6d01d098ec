r"""Numbers of the 1-D exponential model, from the derived equations of :mod:`.one_d_symbolic`.

The grokking probability (finite sum and corrected Eq. 14), the density of x̄ (Eq. 13), the
joint law of (x̄, x_min) and the grokking-time density (Eqs. 16-17, with a float64 twin for
figures), its mode, t_ε (Eq. 8 corrected) and E(t) (Eq. 7), all at a stated precision.

References
----------
B. Žunkovič, E. Ilievski, JMLR 25(199) 2024 (arXiv:2210.15435), Secs. 3.2-3.5, App. A.
"""
from __future__ import annotations

from math import comb, factorial, log10

import mpmath
import sympy as sp

from ...errors import ConvergenceError, InputError, PrecisionError
from ...numeric import to_mpf

__all__ = ["eps_lambda", "grokking_probability", "grokking_probability_eq14", "density_eq13", "joint_density",
           "grokking_time_pdf", "grokking_time_pdf_np", "grokking_time_pdf_eq17", "grokking_time_mode",
           "flow_constants", "generalization_time", "test_error", "mean_grokking_time"]


def eps_lambda(params) -> sp.Rational:
    """The effective margin ε_λ = ε(1 + λ2) + λ1 (Eq. 10), exact."""
    return params["eps"] * (1 + params["lambda2"]) + params["lambda1"]


def _small_guard(x) -> int:
    """Extra digits lost to 1 - (1 - P) cancellation when P ~ x is small."""
    xf = float(x)
    return 5 + (int(-log10(xf)) if 0 < xf < 1 else 0)


def grokking_probability(n: int, e_l, dps: int):
    r"""Finite-sum grokking probability :math:`P_{E(\infty)=0}(\varepsilon_\lambda, N)` (derived; Sec. 3.3).

    :math:`1 - 2e^{-c}\sum_{k<N}\binom{N-1+k}{k}2^{-(N+k)}\sum_{j\le N-1-k}c^j/j!`, :math:`c = 2N\varepsilon_\lambda`.

    Examples
    --------
    >>> import sympy as sp, mpmath
    >>> mpmath.nstr(grokking_probability(2, sp.Rational(1, 10), 20), 15)
    '0.195615944757233'
    """
    if e_l == 0:
        return mpmath.mpf(0)
    with mpmath.workdps(dps + _small_guard(e_l * n)):
        c = 2 * n * to_mpf(e_l, mpmath.mp.dps)
        # O(N) terms: the inner sums are the prefix sums S_m = sum_{j<=m} c^j/j! of one series, and
        # binom(N-1+k, k) 2^-(N+k) follows by recurrence (all terms positive: no cancellation inside)
        prefix, term, acc = [], mpmath.mpf(1), mpmath.mpf(0)
        for j in range(n):
            acc += term
            prefix.append(acc)
            term = term * c / (j + 1)
        weight, total = mpmath.mpf(2) ** (-n), mpmath.mpf(0)
        for k in range(n):
            total += weight * prefix[n - 1 - k]
            weight = weight * (n + k) / (2 * (k + 1))
        out = 1 - 2 * mpmath.exp(-c) * total
    with mpmath.workdps(dps):
        return +out


#: Eq. 14's two terms are of size e^{2N eps_lambda} and cancel: it is evaluated (as a cross-check of
#: the finite sum) only while that cancellation costs at most this many extra digits.
EQ14_MAX_GUARD = 500


def eq14_affordable(n: int, e_l) -> bool:
    """Whether Eq. 14's cancellation (2N eps_lambda / ln 10 digits) is at most :data:`EQ14_MAX_GUARD` digits."""
    return 2 * n * e_l <= EQ14_MAX_GUARD * sp.log(10).evalf(30)


def grokking_probability_eq14(n: int, e_l, dps: int):
    r"""The corrected Eq. 14: two regularised :math:`{}_1\tilde F_2` terms.

    The terms are of size :math:`e^{2N\varepsilon_\lambda}` and cancel; the working precision is
    raised by :math:`2N\varepsilon_\lambda/\ln 10` digits so that ``dps`` digits survive.
    """
    if e_l == 0:
        return mpmath.mpf(0)
    if not eq14_affordable(n, e_l):
        raise PrecisionError(f"Eq. 14 at N={n}, eps_lambda={e_l}: its terms cancel to "
                             f"2N eps_lambda/ln 10 > {EQ14_MAX_GUARD} digits; use the finite sum")
    guard = int(2 * n * float(e_l) / 2.302585092994046) + _small_guard(e_l * n) + 10
    for _ in range(6):                            # raise the precision until it covers the cancellation
        with mpmath.workdps(dps + guard):
            e = to_mpf(e_l, mpmath.mp.dps)
            z = (n * e) ** 2
            half = mpmath.mpf(1) / 2
            t1 = mpmath.sqrt(mpmath.pi) * (-1) ** n * (n * e) ** (2 * n) * mpmath.hyper([n], [n + half, n + 1], z) / (
                mpmath.gamma(n + half) * mpmath.gamma(n + 1))
            t2 = mpmath.pi * (-1) ** (n + 1) * n * e / mpmath.gamma(n) * mpmath.hyper([half], [3 * half, 3 * half - n], z) / (
                mpmath.gamma(3 * half) * mpmath.gamma(3 * half - n))
            out = t1 + t2
            lost = int(mpmath.log10(max(abs(t1), abs(t2)) / abs(out))) + 1 if out != 0 else dps + guard
        if lost + 10 <= guard:
            break
        guard = lost + 15
    else:
        raise PrecisionError(f"Eq. 14: cancellation of {lost} digits not covered (N={n}, eps_lambda={e_l})")
    with mpmath.workdps(dps):
        return +out


def density_eq13(n: int, x, dps: int):
    """Eq. 13: the density of x̄ (Bessel-K form)."""
    with mpmath.workdps(dps + 10):
        x = abs(mpmath.mpf(x))
        if x == 0:
            return mpmath.mpf(2 * n * comb(2 * n - 2, n - 1)) / mpmath.mpf(2) ** (2 * n - 1)
        nu = n - mpmath.mpf(1) / 2
        return 2 * mpmath.mpf(n) ** (n + mpmath.mpf(1) / 2) * x**nu * mpmath.besselk(nu, 2 * n * x) / (
            mpmath.sqrt(mpmath.pi) * mpmath.gamma(n))


def _f_diff(a: int, bb: int, z):
    """Density of Gamma(a, 1) - Gamma(bb, 1) at z (a >= 0, bb >= 1; Gamma(0) = 0)."""
    if a == 0:
        return (-z) ** (bb - 1) * mpmath.exp(z) / factorial(bb - 1) if z < 0 else mpmath.mpf(0)
    if z < 0:
        return _f_diff(bb, a, -z)
    return mpmath.exp(-z) / (factorial(a - 1) * factorial(bb - 1)) * mpmath.fsum(
        comb(a - 1, k) * z ** (a - 1 - k) * factorial(bb - 1 + k) / mpmath.mpf(2) ** (bb + k) for k in range(a))


def joint_density(n: int, x, xm):
    """P_N(x̄, x_min) = 2N² e^{-N x_min} f_{N-1,N}(2N x̄ - N x_min) (memoryless decomposition; Eq. 72 at N = 2)."""
    if xm < 0:
        return mpmath.mpf(0)
    return 2 * n * n * mpmath.exp(-n * xm) * _f_diff(n - 1, n, 2 * n * x - n * xm)


def _pdf_integrand(n, e_l, c, tt, x):
    g = (mpmath.exp(c * tt) - 1) / c
    xm = (e_l - x) * g
    return (e_l - x) * mpmath.exp(c * tt) * joint_density(n, x, xm)


def _pdf_quad(n, e, c, tt, g, f):
    """∫ f(x_min) dx_min over x_min = (ε_λ - x̄) g in (0, 2 ε_λ g), split at the kink and at the e^{-N x_min} scale."""
    if g == 0:                                   # t = 0: integrate over x̄ directly (kink at 0)
        return mpmath.quad(lambda x: _pdf_integrand(n, e, c, tt, x), [-e, 0, e])
    xk = 2 * e * g / (2 + g)                     # x_min at the kink x̄ = e g/(2+g): (e - kink) g without cancellation
    top = 2 * e * g
    if n * (top - xk) > 4 * mpmath.mp.prec + 40 * n:
        # beyond the kink the integrand decays like x_min^(2N) e^{-2N x_min}: past x_min - x_kink = 2 + 2 prec ln2 / N
        # (or more) its tail is below 2^-prec of the total, so the (huge) far end is replaced by infinity, where
        # mpmath's quadrature handles the exponential decay (a finite end at ~e^t made it crawl)
        top = mpmath.inf
    pts = sorted({mpmath.mpf(0), xk, top} | {xk + k * mpmath.mpf(1) / n for k in (1, 8, 40) if xk + k * mpmath.mpf(1) / n < top}
                 | {k * mpmath.mpf(1) / n for k in (1, 8, 40) if k * mpmath.mpf(1) / n < xk})
    return mpmath.quad(f, pts)


def grokking_time_pdf(n: int, e_l, lam2, tt, dps: int, *, normalised: bool = True):
    r"""Density of the grokking time :math:`t_G` (Eq. 16) over training sets, by quadrature over x̄.

    :math:`\tilde P(t) = \int_{-\varepsilon_\lambda}^{\varepsilon_\lambda}(\varepsilon_\lambda-\bar x)e^{(1+\lambda_2)t}
    P_N(\bar x, x_{\min}(t,\bar x))\,d\bar x`, split at the kink :math:`2N\bar x = N x_{\min}`;
    normalised by the grokking probability unless ``normalised=False``.
    """
    with mpmath.workdps(dps + 10):
        e = to_mpf(e_l, mpmath.mp.dps)
        c = 1 + to_mpf(lam2, mpmath.mp.dps)
        tt = to_mpf(tt, mpmath.mp.dps)
        g = (mpmath.exp(c * tt) - 1) / c
        # in x_min: (eps_lambda - x̄) = x_min/g and 2N x̄ - N x_min are formed without the cancellation of
        # e - x_min/g (which rounds to e once g ~ e^t exceeds the working precision)
        ect = mpmath.exp(c * tt)

        def integrand(xm):
            return xm * ect / g**2 * 2 * n * n * mpmath.exp(-n * xm) * _f_diff(n - 1, n, 2 * n * e - n * xm * (1 + 2 / g))
        val = _pdf_quad(n, e, c, tt, g, integrand)
        if normalised:
            val = val / grokking_probability(n, e_l, mpmath.mp.dps)
    with mpmath.workdps(dps):
        return +val


def _log_f_diff_np(a: int, bb: int, z):
    """Vectorised float64 twin of :func:`_f_diff`, as (log of the polynomial part, -|z|): f = e^{-|z|} poly."""
    import numpy as np
    z = np.asarray(z, dtype=float)
    poly = np.zeros_like(z)
    for sign, (p, q_) in ((1, (a, bb)), (-1, (bb, a))):
        zz = sign * z
        m = zz >= 0 if sign == 1 else zz > 0
        if p == 0:
            continue
        if q_ == 0:
            poly[m] = zz[m] ** (p - 1) / factorial(p - 1)
            continue
        acc = sum(comb(p - 1, k) * zz[m] ** (p - 1 - k) * factorial(q_ - 1 + k) / 2.0 ** (q_ + k) for k in range(p))
        poly[m] = acc / (factorial(p - 1) * factorial(q_ - 1))
    return poly, -np.abs(z)


def grokking_time_pdf_np(n: int, e_l: float, lam2: float, ts, *, nodes: int = 80, normalised: bool = True):
    """Float64 t_G density (Gauss-Legendre over x̄, split at the kink) for arrays of t: figures and quick checks.

    The mpmath :func:`grokking_time_pdf` is the verified version; the two agree to ~1e-12 (tested).
    """
    import numpy as np
    ts = np.atleast_1d(np.asarray(ts, dtype=float))
    xg, wg = np.polynomial.legendre.leggauss(nodes)
    c = 1.0 + lam2
    out = np.empty_like(ts)
    for i, tt in enumerate(ts):
        if c * tt > 300:                          # the density decays like e^{-(1+λ2)t}: below 1e-120 here
            out[i] = 0.0
            continue
        g = np.expm1(c * tt) / c
        total = 0.0
        if g == 0:                                # t = 0: x_min = 0, integrate over x̄ (kink at 0)
            for lo, hi in ((-e_l, 0.0), (0.0, e_l)):
                x = 0.5 * (hi - lo) * xg + 0.5 * (hi + lo)
                poly, lexp = _log_f_diff_np(n - 1, n, 2 * n * x)
                total += 0.5 * (hi - lo) * np.sum(wg * (e_l - x) * 2 * n * n * poly * np.exp(lexp))
            out[i] = total
            continue
        xk = 2 * e_l * g / (2 + g)                # x_min at the kink (= (e_l - kink) g); integrate in x_min
        cap = 90.0 / n
        for lo, hi in ((0.0, min(xk, cap)), (min(xk, cap), min(2 * e_l * g, cap + xk))):
            if hi <= lo:
                continue
            xm = 0.5 * (hi - lo) * xg + 0.5 * (hi + lo)
            x = e_l - xm / g
            poly, lexp = _log_f_diff_np(n - 1, n, 2 * n * x - n * xm)
            total += 0.5 * (hi - lo) * np.sum(wg * xm * 2 * n * n * poly * np.exp(c * tt - n * xm + lexp - 2 * np.log(g)))
        out[i] = total
    if normalised:
        out /= float(grokking_probability(n, sp.nsimplify(e_l, rational=True) if isinstance(e_l, float) else e_l, 17))
    return out


#: Eq. 17 cancels to ~4 e^t eps_lambda digits; it is evaluated (a cross-check of the quadrature) only up to this.
EQ17_MAX_GUARD = 2000


def eq17_guard(e_l, tt) -> int | None:
    """The extra digits Eq. 17 needs at (eps_lambda, t), or None beyond :data:`EQ17_MAX_GUARD`."""
    if tt > 20 or e_l > EQ17_MAX_GUARD:
        return None
    guard = 10 + int(float(mpmath.exp(to_mpf(tt, 15))) * float(e_l) * 4)
    return guard if guard <= EQ17_MAX_GUARD else None


def grokking_time_pdf_eq17(e_l, tt, dps: int):
    """Eq. 17 (N = 2, λ2 = 0), unnormalised; needs ~ e^t ε_λ extra digits, which are added."""
    guard = eq17_guard(e_l, tt)
    if guard is None:
        raise PrecisionError(f"Eq. 17 at eps_lambda={e_l}, t={tt} cancels to more than {EQ17_MAX_GUARD} digits "
                             f"(about 4 e^t eps_lambda); use the quadrature (grokking_time_pdf)")
    with mpmath.workdps(dps + guard):
        e, tt = to_mpf(e_l, mpmath.mp.dps), to_mpf(tt, mpmath.mp.dps)
        u = mpmath.exp(tt)
        qq = 4 - mpmath.mpf(3) / (u + 1)
        E = mpmath.exp
        br = (E(4 * u * e * (3 * mpmath.sinh(tt) + mpmath.cosh(tt) + 4) / (u + 1) + 3 * tt)
              - 64 * e**2 * E(4 * qq * e + 3 * tt) - 24 * e * E(4 * qq * e + 2 * tt) - (3 + 8 * e) * E(4 * qq * e + tt)
              - 2 * E(4 * (4 * u + 1) * e / (u + 1)) - (u + 1) * E(4 * (2 * u + 2 - 1 / (u + 1)) * e) * (u * (u - 1 - 8 * e) - 2))
        out = E(-4 * u * (2 * u + 5) * e / (u + 1) - 2 * tt) * br / 8
    with mpmath.workdps(dps):
        return +out


def grokking_time_mode(n: int, e_l, lam2, dps: int):
    """The mode of the t_G density: a coarse float64-seeded grid, then a root of dP/dt at ``dps``."""
    import numpy as np
    grid = np.arange(1, 97) / 8.0                 # float64 seed from the float twin; polished at dps below
    vals = grokking_time_pdf_np(n, float(e_l), float(lam2), grid, normalised=False)
    k = int(np.argmax(vals))
    if k == 0 or k == len(vals) - 1:
        raise ConvergenceError(f"the t_G density has no interior maximum on (0, 12] (N={n}, eps_lambda={e_l})")
    with mpmath.workdps(dps + 10):
        def dpdt(tt):
            return mpmath.diff(lambda u: grokking_time_pdf(n, e_l, lam2, u, mpmath.mp.dps, normalised=False), tt)
        try:
            root = mpmath.findroot(dpdt, (mpmath.mpf(grid[k - 1]), mpmath.mpf(grid[k + 1])), solver="anderson")
        except (ValueError, ZeroDivisionError) as exc:
            raise ConvergenceError(f"mode of the t_G density: root of dP/dt not found near {float(grid[k])}: {exc}")
    with mpmath.workdps(dps):
        return +root


def flow_constants(params):
    """1 + λ2, the fixed point x̄_λ = (x̄ - λ1)/(1 + λ2) of Eq. 6, ε and b(0) at the current precision."""
    w = mpmath.mp.dps
    c = 1 + to_mpf(params["lambda2"], w)
    return c, (to_mpf(params["xbar"], w) - to_mpf(params["lambda1"], w)) / c, to_mpf(params["eps"], w), \
        to_mpf(params["b0"], w)


def generalization_time(params, dps: int):
    """t_ε of Eq. 8 (corrected, with 1/(1+λ2)) for one data set (x̄, b0) on the b >= 0 branch."""
    with mpmath.workdps(dps + 10):
        c, xl, e, bb = flow_constants(params)
        if not (bb > e > xl):
            raise InputError(f"t_eps exists only for b0 > eps > xbar_lambda; got b0={params['b0']}, "
                             f"eps={params['eps']}, xbar_lambda={mpmath.nstr(xl, 8)}")
        return +(mpmath.log((bb - xl) / (e - xl)) / c)


def test_error(params, dps: int):
    """E(t) of Eq. 7 along the flow of Eq. 6 for one data set (x̄, b0), on the b >= 0 branch."""
    with mpmath.workdps(dps + 10):
        c, xl, e, bb = flow_constants(params)
        tt = to_mpf(params["t"], mpmath.mp.dps)
        if bb < 0:
            raise InputError(f"test_error is derived on the branch b >= 0; got b0={params['b0']} (domain: b0 >= 0)")
        bt = xl - (xl - bb) * mpmath.exp(-c * tt)
        if bt < 0:
            raise InputError("the flow crosses b = 0 (|x̄| <= λ1 regime) before this t; test_error covers b >= 0")
        E = (1 - mpmath.exp(e - bt)) / 2 if bt > e else mpmath.mpf(0)
        return +bt, +E



def mean_grokking_time(n: int, e_l, lam2, dps: int):
    """<t_G> conditional on grokking: ∫ t P(t) dt by quadrature of the density (Eq. 16)."""
    with mpmath.workdps(dps + 5):
        num = mpmath.quad(lambda tt: tt * grokking_time_pdf(n, e_l, lam2, tt, mpmath.mp.dps, normalised=False),
                          [0, 1, 4, 12, mpmath.inf])
        return num / grokking_probability(n, e_l, mpmath.mp.dps)
