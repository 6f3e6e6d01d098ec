r"""Numbers of the :math:`L_1` theory of the D-ball model (Eqs. 31-33, 88-90), from :mod:`.ball_l1_symbolic`.

The grokking probability with :math:`\lambda_1 > 0` is, in both the main-text (Eq. 32) and the
appendix (Eq. 89) versions,

.. math::  P = \int_{t_1}^\infty \mathcal N(u; m_1, s_1^2)\,F_S\!\Big(\frac{(\varepsilon^2-1)(u-t_1)^2}{s_\perp^2}\Big)\,du,

where :math:`S` is the sum over the :math:`D-1` perpendicular components of the squared
threshold excesses :math:`((|u_j|-t_\perp)_+/s_\perp)^2` (an atom at 0 of mass :math:`(1-p_\lambda)^{D-1}`).
:func:`sum_cdf` evaluates :math:`F_S` exactly (``rk="exact"``) as the signed :math:`\chi^2`
mixture :math:`\sum_m h_m P(m/2, T/2)`, :math:`h_m = [z^m]\,Q(z)^{D-1}` of the derivation
record, or with the paper's replacement of :math:`R_k` by :math:`\chi^2_k` (``rk="chi2"``, a lower
bound).  The :math:`k = 0` term alone is the bound Eq. 33 / Eq. 90.

References
----------
B. Žunkovič, E. Ilievski, JMLR 25(199) 2024 (arXiv:2210.15435), Sec. 3.3.2, Eqs. 31-33, App. B.2, Eqs. 88-90.
"""
from __future__ import annotations

import mpmath

from ...errors import InputError
from ...numeric import to_mpf
from .ball_numeric import coefficients

__all__ = ["sum_cdf", "sum_cdf_laplace", "l1_parameters", "l1_probability", "eq32", "eq33_bound", "eq89", "eq90",
           "MAX_TERMS", "MAX_D"]

#: Work limits of the exact F_S series: (D - 1) times the terms of g (~2c^2 + the digits) is the degree of
#: Q(z)^(D-1), and the dimension (the cancellation costs about (D - 1) log10(3) extra digits).
MAX_TERMS = 1500
MAX_D = 20
#: Thresholds further above the mean of w_1 give probabilities below exp(-MAX_SIGMAS^2/2), refused.
MAX_SIGMAS = 10**4


def _g_coeffs(c, nmax):
    """Taylor coefficients of g(c z) = ∫_0^∞ exp(-y²/2 - c z y) dy in z: (-c)^n 2^{(n-1)/2} Γ((n+1)/2)/n!."""
    out, n = [], 0
    while n <= nmax:
        out.append((-c) ** n * mpmath.mpf(2) ** (mpmath.mpf(n - 1) / 2) * mpmath.gamma(mpmath.mpf(n + 1) / 2)
                   / mpmath.factorial(n))
        n += 1
    return out


def _mul(a, b, m):
    return [mpmath.fsum(a[j] * b[k - j] for j in range(max(0, k - len(b) + 1), min(k, len(a) - 1) + 1))
            for k in range(min(m, len(a) + len(b) - 2) + 1)]


def _power(q, e, m):
    """Truncated power series q(z)^e to order z^m (binary powering)."""
    result, base = [mpmath.mpf(1)], q
    while e:
        if e & 1:
            result = _mul(result, base, m)
        e >>= 1
        if e:
            base = _mul(base, base, m)
    return result


def _terms_needed(c, w, D):
    """Order of the series: |c^n g_n| times the 3^{D-1} majorant below 10^-w (the terms peak near n ~ c^2)."""
    if c == 0:
        return 1                                    # Q(z) = z: the plain chi^2_{D-1}
    lim = mpmath.mpf(10) ** (-w) / mpmath.mpf(3) ** (D - 1)
    n, last = 0, None
    while True:
        t = abs(c) ** n * mpmath.mpf(2) ** (mpmath.mpf(n - 1) / 2) * mpmath.gamma(mpmath.mpf(n + 1) / 2) / mpmath.factorial(n)
        if n > 2 * c**2 + 4 and t < lim and (last is None or t < last):
            if n * (D - 1) > MAX_TERMS:
                break
            return n
        last = t
        n += 1
        if n * (D - 1) > MAX_TERMS:
            break
    raise InputError(f"the exact R_k series needs more than {MAX_TERMS} terms ((D - 1) x the {n} terms of g) at "
                     f"D = {D}, c = lambda1/sigma = {mpmath.nstr(c, 5)}: lower D, lambda1 or N")


def _mixture(c, D):
    """(atom, h) with F_S(T) = atom + Σ_{m>=1} h_m P(m/2, T/2) (derivation record, 'F_S as a χ² mixture')."""
    p = mpmath.erfc(c / mpmath.sqrt(2))
    n = D - 1
    if n == 0:
        return mpmath.mpf(1), []
    w = mpmath.mp.dps
    if p < mpmath.mpf(10) ** (-w - 5) / n:          # no component survives the threshold, to working precision
        return (1 - p) ** n, []
    ng = _terms_needed(c, w, D)
    beta = mpmath.sqrt(2 / mpmath.pi) * mpmath.exp(-c**2 / 2)
    q = [1 - p] + [beta * g for g in _g_coeffs(c, ng - 1)]      # Q(z) = (1 - p) + β z g(c z), degree ng
    h = _power(q, n, n * ng)                                   # exact power of the polynomial: degree (D-1) ng
    return h[0], h[1:]


def _lower_gammas(mmax, x):
    """P(m/2, x) for m = 1..mmax by the stable downward recurrence P(a, x) = P(a+1, x) + x^a e^{-x}/Γ(a+1).

    The added terms t(a) = x^a e^{-x}/Γ(a+1) obey t(a-1) = t(a) a / x (all positive: no cancellation)."""
    out = [None] * (mmax + 1)
    for top in (mmax, mmax - 1):
        if top < 1:
            continue
        a = mpmath.mpf(top) / 2
        val = mpmath.gammainc(a, 0, x, regularized=True)
        term = x ** (a - 1) * mpmath.exp(-x) / mpmath.gamma(a)           # t(a - 1)
        k = top
        while k >= 1:
            out[k] = val
            if k - 2 >= 1:
                val += term
                term *= (a - 1) / x                                      # t(a - 2) from t(a - 1)
                a -= 1
            k -= 2
    return out[1:]


def sum_cdf(T, c, D, *, rk="exact", mixture=None):
    r""":math:`F_S(T) = \Pr(\sum_{j=2}^D ((|Z_j| - c)_+)^2 \le T)` for i.i.d. standard normals (working precision).

    ``rk="exact"``: the exact law (the signed χ² mixture); ``rk="chi2"``: the paper's replacement of the
    law :math:`R_k` of the :math:`k` surviving excesses by :math:`\chi^2_k` (a lower bound of the exact one).
    """
    T, c = mpmath.mpf(T), mpmath.mpf(c)
    p = mpmath.erfc(c / mpmath.sqrt(2))
    n = D - 1
    if T < 0:
        return mpmath.mpf(0)
    if rk == "chi2":
        return mpmath.fsum(mpmath.binomial(n, k) * p**k * (1 - p) ** (n - k)
                           * (mpmath.gammainc(mpmath.mpf(k) / 2, 0, T / 2, regularized=True) if k else 1)
                           for k in range(n + 1))
    atom, h = mixture if mixture is not None else _mixture(c, D)
    if T == 0 or not h:
        return atom
    return atom + mpmath.fdot(h, _lower_gammas(len(h), T / 2))


def sum_cdf_laplace(T, c, D):
    r"""The same :math:`F_S(T)` by numerical inversion (Talbot) of its Laplace transform
    :math:`((1-p) + pM(s))^{D-1}/s` (an independent route, for tests)."""
    T, c = mpmath.mpf(T), mpmath.mpf(c)
    p = mpmath.erfc(c / mpmath.sqrt(2))

    def M(s):
        q = mpmath.sqrt(1 + 2 * s)
        return mpmath.erfc(c / (mpmath.sqrt(2) * q)) * mpmath.exp(-c**2 * s / (1 + 2 * s)) / (p * q)
    return mpmath.invertlaplace(lambda s: ((1 - p) + p * M(s)) ** (D - 1) / s, T, method="talbot")


def l1_parameters(p, *, version="main", alpha3=None) -> dict:
    r"""The Gaussian :math:`u_1 \sim \mathcal N(m_1, s_1^2)` with threshold :math:`t_1`, and the
    perpendicular :math:`u_j \sim \mathcal N(0, s_\perp^2)` with threshold :math:`t_\perp`, at working precision.

    ``version="main"``: Eqs. 31-32 (:math:`G \approx \lambda_{2,D}\mathbb 1 + \varepsilon^2 e_1e_1^T`);
    ``"appendix"``: Eqs. 88-89 (first order in the fluctuations, with the chosen :math:`\alpha_3`).
    """
    D, n = int(p["D"]), int(p["N"])
    e, lam1 = to_mpf(p["eps"], mpmath.mp.dps), to_mpf(p["lambda1"], mpmath.mp.dps)
    co = coefficients(p, alpha3=alpha3)
    lamD = co["lambda_D"]
    L = lamD + e**2
    if version == "main":
        sig = 1 / mpmath.sqrt(2 * mpmath.mpf(n) * (D + 2))
        m1, s1, sp_ = e / L, sig / L, sig / lamD
    else:
        m1, s1, sp_ = co["mean_w1"], co["s1"], co["sigma_j"]
    return {"m1": m1, "s1": s1, "t1": lam1 / L, "s_perp": sp_, "t_perp": lam1 / lamD, "eps": e, "D": D,
            "c": lam1 / lamD / sp_, "p_lambda": mpmath.erfc(lam1 / lamD / sp_ / mpmath.sqrt(2))}


def l1_probability(q: dict, *, rk="exact"):
    """The outer integral of Eq. 32/89 over u_1 (Gauss-Legendre on a window of the Gaussian), working precision."""
    D, e = q["D"], q["eps"]
    if D > MAX_D:
        raise InputError(f"the L1 grokking probability: D = {D}; allowed D <= {MAX_D} (the exact series "
                         f"loses about (D - 1) log10(3) digits)")
    if e < 1:
        return mpmath.mpf(0)                     # overlapping balls: zero test error is impossible
    m1, s1, t1, sp_, c = q["m1"], q["s1"], q["t1"], q["s_perp"], q["c"]
    if (t1 - m1) / s1 > MAX_SIGMAS:
        raise InputError(f"the L1 grokking probability: the threshold lambda1/Lambda lies {mpmath.nstr((t1 - m1) / s1, 3)} "
                         f"standard deviations above the mean of w_1 (P < exp(-{MAX_SIGMAS}^2/2)); allowed: at most "
                         f"{MAX_SIGMAS} (lower lambda1)")
    if e == 1 or D == 1:
        atom = sum_cdf(0, c, D, rk=rk)
        return atom * mpmath.ncdf((m1 - t1) / s1)
    return _outer(q, _mixture(c, D) if rk == "exact" else None, rk)


def _outer(q, mix, rk):
    D, e, m1, s1, t1, sp_, c = q["D"], q["eps"], q["m1"], q["s1"], q["t1"], q["s_perp"], q["c"]
    K = mpmath.sqrt(2 * (mpmath.mp.dps + 10) * mpmath.log(10)) + 2
    lo, hi = max(t1, m1 - K * s1), max(t1, m1) + K * s1      # the mass outside is below 10^-(dps+10)
    k2 = (e**2 - 1) / sp_**2
    f = lambda u: mpmath.npdf(u, m1, s1) * sum_cdf(k2 * (u - t1) ** 2, c, D, rk=rk, mixture=mix)  # noqa: E731
    pts = [lo] + ([m1] if lo < m1 < hi else []) + [hi]
    val = mpmath.quad(f, pts, method="gauss-legendre")
    return val


def _with(p, dps, fn, guard=0):
    """``fn()`` at dps + 10 (+ ``guard``) working digits, rounded to ``dps``."""
    with mpmath.workdps(dps + 10 + guard):
        val = fn()
    with mpmath.workdps(dps):
        return +val


def _guard(p, rk):
    """Extra digits for the cancellation of the signed chi^2 mixture, at most (D - 1) log10(3)."""
    return int(0.48 * (int(p["D"]) - 1)) + 1 if rk == "exact" else 0


def eq32(p, dps: int, *, rk="exact"):
    r"""Eq. 32 (main text, :math:`N \gg \lambda_{2,D} \gg 1`): exact :math:`R_k` or the paper's :math:`\chi^2_k`."""
    return _with(p, dps, lambda: l1_probability(l1_parameters(p), rk=rk), _guard(p, rk))


def eq33_bound(p, dps: int):
    """Eq. 33 as the k = 0 term of Eq. 32: (1 - p_λ)^{D-1} Φ((m1 - t1)/s1) (0 for eps < 1)."""
    def go():
        q = l1_parameters(p)
        if q["eps"] < 1:
            return mpmath.mpf(0)
        return (1 - q["p_lambda"]) ** (q["D"] - 1) * mpmath.ncdf((q["m1"] - q["t1"]) / q["s1"])
    return _with(p, dps, go)


def eq89(p, dps: int, *, rk="exact", alpha3=None):
    r"""Eq. 89 (appendix, first order in :math:`N^{-1/2}`), corrected (:math:`\sqrt2`, quotient), either :math:`\alpha_3`."""
    return _with(p, dps, lambda: l1_probability(l1_parameters(p, version="appendix", alpha3=alpha3), rk=rk),
                 _guard(p, rk))


def eq90(p, dps: int, *, alpha3=None):
    r"""Eq. 90: :math:`\frac{(1-p_\lambda)^{D-1}}2[1 + \operatorname{erf}((m_1 - \lambda_1/\Lambda)/(\sqrt2 s_1))]`."""
    def go():
        q = l1_parameters(p, version="appendix", alpha3=alpha3)
        if q["eps"] < 1:
            return mpmath.mpf(0)
        return (1 - q["p_lambda"]) ** (q["D"] - 1) * (1 + mpmath.erf((q["m1"] - q["t1"]) / (mpmath.sqrt(2) * q["s1"]))) / 2
    return _with(p, dps, go)
