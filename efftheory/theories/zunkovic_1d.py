r"""Žunkovič & Ilievski, the 1-D exponential model of grokking (paper Sec. 3.2, App. A).

Two classes with densities :math:`P^+(\tilde x) = e^{-(\tilde x-\varepsilon)}\Theta(\tilde x-\varepsilon)` and
:math:`P^-(\tilde x) = P^+(-\tilde x)` (gap :math:`2\varepsilon`), :math:`N` samples each; the
classifier :math:`f(x) = \operatorname{sgn}(x - b)` is trained by gradient flow on the
squared loss with :math:`L_1`/:math:`L_2` penalties on the bias (Eq. 4, with the paper's
:math:`\lambda_1|w|` read as :math:`\lambda_1|b|`).

Everything is derived here from the loss (:func:`derivation`): the flow (Eqs. 5-6), the
test error (Eq. 7), the generalisation time (Eq. 8 *corrected*: the printed version lacks
the factor :math:`1/(1+\lambda_2)`), the exponent :math:`\nu = 1` and its prefactor
(Eqs. 9-10), the effective margin :math:`\varepsilon_\lambda = \varepsilon(1+\lambda_2)+\lambda_1`, the grokking
probability as an elementary finite sum and as the *corrected* Eq. 14 (the printed
:math:`(B\varepsilon_\lambda)^{2N}` and :math:`\Gamma(Nd)` are :math:`(N\varepsilon_\lambda)^{2N}` and :math:`\Gamma(N)`), Eq. 15
and the grokking-time density (Eq. 16; Eq. 17/74 for :math:`N = 2`, general :math:`N` and
:math:`\lambda_2` by quadrature over :math:`\bar x` of the joint law of :math:`(\bar x, x_{\min})`).

References
----------
B. Žunkovič, E. Ilievski, *Grokking phase transitions in learning local rules with gradient
descent*, JMLR 25(199) 2024, arXiv:2210.15435; theory note ``zunkovic2022.md`` Sec. 3.
"""
from __future__ import annotations

from functools import lru_cache
from math import comb, factorial, log10

import mpmath
import sympy as sp

from ..errors import ConvergenceError, InputError, PrecisionError
from ..numeric import to_mpf
from ..symbolic import Agreement, Contribution, Derivation, Domain, Identity, Parameter, Role, Step, Theory
from .base import Model, MonteCarlo, Quantity

__all__ = ["MODEL", "build_theory", "derivation", "eps_lambda", "grokking_probability", "grokking_probability_eq14",
           "density_eq13", "grokking_time_pdf", "grokking_time_pdf_eq17", "grokking_time_mode", "test_error",
           "generalization_time"]

PAPER = "Žunkovič & Ilievski, JMLR 25(199) 2024 (arXiv:2210.15435)"

PARAMETERS = (
    Parameter("N", Role.PARAMETER, Domain.positive(integer=True), 10, "N", "training samples per class"),
    Parameter("eps", Role.PARAMETER, Domain.nonnegative(), None, r"\varepsilon",
              "half the gap between the classes (required by most quantities)"),
    Parameter("lambda1", Role.PARAMETER, Domain.nonnegative(), 0, r"\lambda_1", "L1 strength on the bias"),
    Parameter("lambda2", Role.PARAMETER, Domain.nonnegative(), 0, r"\lambda_2", "L2 strength on the bias"),
    Parameter("b0", Role.PARAMETER, Domain.real(), 3, "b(0)", "initial bias (test_error, simulators)"),
    Parameter("xbar", Role.PARAMETER, Domain.real(), None, r"\bar x",
              "mean of all 2N inputs of one data set (test_error)"),
    Parameter("t", Role.CONTROL, Domain.nonnegative(), None, "t",
              "training time (test_error) or grokking time (grokking_time_pdf)"),
)
#: symbols of the derivation (b is the order parameter, q = mean((x - y)^2) a data constant)
b = sp.Symbol("b", real=True)
q = sp.Symbol("q", positive=True)
N, eps, l1, l2, b0, xbar, t = (p.symbol for p in PARAMETERS)
s = sp.Symbol("s", positive=True)          # t_eps - t
el = sp.Symbol("varepsilon_lambda", positive=True)


def build_theory(params=None) -> Theory:
    """The loss of Eq. 4 as a :class:`Theory` in the bias ``b`` (data enter via x̄ and q)."""
    order = (Parameter("b", Role.ORDER, Domain.real(), None, "b", "bias"),
             Parameter("q", Role.PARAMETER, Domain.positive(), None, "q", "mean of (x - y)^2 over the data"))
    return Theory("zunkovic-1d", "1-D exponential model: squared loss of the bias with L1/L2 (Eq. 4)",
                  PARAMETERS[:4] + PARAMETERS[5:6] + order,
                  (Contribution("data term", (b**2 - 2 * b * xbar + q) / 2, "Eq. 4"),
                   Contribution("L2", l2 * b**2 / 2, "Eq. 4"),
                   Contribution("L1", l1 * sp.Abs(b), "Eq. 4 (|b|, not |w|)")),
                  action_name=r"\mathcal R", reference="Žunkovič & Ilievski Eq. 4")


# ----------------------------------------------------------------------------- symbolic layer
def _finite_sum_expr(n: int, c):
    """The elementary closed form of the grokking probability, c = 2 N eps_lambda."""
    return 1 - 2 * sp.exp(-c) * sum(sp.binomial(n - 1 + k, k) * sp.Rational(1, 2 ** (n + k))
                                    * sum(c**j / sp.factorial(j) for j in range(n - k)) for k in range(n))


def _diff_density_expr(n: int, z):
    """Density of Gamma(n) - Gamma(n) at z >= 0 (finite sum)."""
    return sp.exp(-z) * sum(sp.binomial(n - 1 + k, k) * z ** (n - 1 - k) / (sp.factorial(n - 1 - k) * 2 ** (n + k))
                            for k in range(n))


def _eq14_expr(n, e):
    """Corrected Eq. 14 with SymPy's hyper (regularised by the Gamma factors)."""
    z = n**2 * e**2
    t1 = sp.sqrt(sp.pi) * (-1) ** n * (n * e) ** (2 * n) * sp.hyper([n], [n + sp.Rational(1, 2), n + 1], z) / (
        sp.gamma(n + sp.Rational(1, 2)) * sp.gamma(n + 1))
    t2 = sp.pi * (-1) ** (n + 1) * n * e / sp.gamma(n) * sp.hyper([sp.Rational(1, 2)], [sp.Rational(3, 2),
                                                                                    sp.Rational(3, 2) - n], z) / (
        sp.gamma(sp.Rational(3, 2)) * sp.gamma(sp.Rational(3, 2) - n))
    return t1 + t2


@lru_cache(maxsize=1)
def _derived() -> dict:
    """The chain of derived expressions (cached; pure SymPy)."""
    R = build_theory().action
    bp = sp.Symbol("b", positive=True)
    flow_rhs = -sp.diff(R.subs(b, bp), bp).subs(bp, b)                      # b >= 0 branch
    bt = sp.Function("b")
    sol = sp.dsolve(sp.Eq(bt(t).diff(t), flow_rhs.subs(b, bt(t))), bt(t), ics={bt(0): b0}).rhs
    xl = (xbar - l1) / (1 + l2)
    u = sp.Symbol("u", real=True)
    Ept = sp.integrate(sp.exp(-(u - eps)), (u, eps, b)) / 2                   # (1/2) P+(x < b): the positives' error
    t_eps = sp.solve(sp.Eq(sol, eps), t)[0]
    E_t = Ept.subs(b, sol)
    # Taylor coefficients of E(t_eps - s) in s: the first non-vanishing one gives nu and the prefactor
    nu, pref = None, None
    for k in range(4):
        coef = sp.simplify((-1) ** k * sp.diff(E_t, t, k).subs(t, t_eps) / sp.factorial(k))
        if coef != 0:
            nu, pref = k, sp.factor(coef)
            break
    if nu is None:
        raise ConvergenceError("E(t_eps - s) vanishes to third order: no exponent found")
    E_near = E_t.subs(t, t_eps - s)
    return {"R": R, "flow": flow_rhs, "b(t)": sol, "xl": xl, "E(b)": Ept, "t_eps": t_eps, "E_near": E_near,
            "nu": sp.Integer(nu), "prefactor": pref}


def derivation(params=None) -> Derivation:
    """From the loss (Eq. 4) to ν = 1, ε_λ, the grokking probability and Eq. 15, each step checked."""
    d = _derived()
    n2 = 2
    xs = sp.symbols("x1:5", real=True)
    ys = (1, 1, -1, -1)
    explicit = sum(((xi - b) - yi) ** 2 / 2 for xi, yi in zip(xs, ys)) / (2 * n2)
    means = {xbar: sum(xs) / 4, q: sum((xi - yi) ** 2 for xi, yi in zip(xs, ys)) / 4}
    xl = d["xl"]
    sol = d["b(t)"]
    printed_t8 = sp.log((b0 - xl) / (eps - xl))
    cz = sp.Symbol("c", positive=True)
    steps = [
        Step("loss", "squared loss of the bias, L2 and L1 penalties (Eq. 4 with |b| for |w|)",
             sp.Eq(sp.Symbol("R"), d["R"]), "Eq. 4",
             check=Identity(explicit.subs(b, b), (d["R"] - l2 * b**2 / 2 - l1 * sp.Abs(b)).subs(means)),
             note="checked against the explicit sum over 2N = 4 samples with balanced labels"),
        Step("gradient flow", "db/dt = -dR/db on the branch b > 0", sp.Eq(sp.Derivative(b, t), d["flow"]), "Eq. 5",
             check=Identity(d["flow"], xbar - l1 - (1 + l2) * b)),
        Step("solution of the flow", "dsolve with b(0) = b0", sp.Eq(sp.Function("b")(t), sol), "Eq. 6",
             check=Identity(sp.diff(sol, t) - d["flow"].subs(b, sol), 0),
             note="fixed point x̄_λ = (x̄ - λ1)/(1 + λ2); for |x̄| <= λ1 the flow sticks at b = 0"),
        Step("fixed point", "b(∞)", sp.Eq(sp.Symbol(r"\bar x_\lambda"), sp.limit(sol, t, sp.oo)), "Eq. 6",
             check=Identity(sp.limit(sol, t, sp.oo), xl)),
        Step("test error", "E = (1/2) P+(x < b) for b > ε (negatives always correct)", sp.Eq(sp.Symbol("E"), d["E(b)"]),
             "Eq. 7", check=Identity(d["E(b)"], (1 - sp.exp(eps - b)) / 2)),
        Step("generalisation time", "solve b(t_ε) = ε", sp.Eq(sp.Symbol("t_varepsilon"), d["t_eps"]),
             "Eq. 8 (corrected)", check=Identity(sol.subs(t, d["t_eps"]), eps),
             note="the printed Eq. 8 lacks the factor 1/(1 + λ2)"),
        Step("critical exponent", "leading order of E(t_ε - s) in s", sp.Eq(sp.Symbol("nu"), d["nu"]), "Eq. 9",
             check=Identity(d["nu"], 1)),
        Step("prefactor", "coefficient of s in E(t_ε - s)", sp.Eq(sp.Symbol("k"), d["prefactor"]), "Eq. 9",
             check=Identity(d["prefactor"], (eps - xl) * (1 + l2) / 2)),
        Step("effective margin", "(1 + λ2)(ε - x̄_λ) = ε_λ - x̄: averaging x̄ over the symmetric grokking region",
             sp.Eq(el, eps * (1 + l2) + l1), "Eq. 10",
             check=Identity((1 + l2) * (eps - xl), eps * (1 + l2) + l1 - xbar)),
        Step("grokking condition", "x̄_λ < ε on the b >= 0 branch and (x̄ + λ1)/(1 + λ2) > -ε on the b < 0 branch "
             "<=> |x̄| < ε_λ", sp.Lt(sp.Abs(xbar), el), "Eq. 11",
             check=Identity((1 + l2) * ((xbar + l1) / (1 + l2) + eps), xbar + eps * (1 + l2) + l1)),
    ]
    # the density of Z = G+ - G- (2 N x̄ = Z) by convolution, and the finite sum, for small N
    zz, yy = sp.symbols("z y", positive=True)
    for n in (1, 2, 3):
        g = lambda v, n=n: v ** (n - 1) * sp.exp(-v) / sp.factorial(n - 1)  # noqa: E731
        conv = sp.integrate(g(zz + yy) * g(yy), (yy, 0, sp.oo))
        steps.append(Step(f"difference density, N = {n}", "convolution of two Gamma(N, 1) densities",
                          sp.Eq(sp.Function(f"f_{n}")(zz), _diff_density_expr(n, zz)), "derived (finite sum)",
                          check=Identity(conv, _diff_density_expr(n, zz))))
        prob = 2 * sp.integrate(_diff_density_expr(n, zz), (zz, 0, cz))
        steps.append(Step(f"grokking probability, N = {n}", "P = 2 ∫_0^c f_N(z) dz with c = 2Nε_λ",
                          sp.Eq(sp.Symbol("P"), _finite_sum_expr(n, cz)), "derived (finite sum)",
                          check=Identity(prob, _finite_sum_expr(n, cz))))
    steps += [
        Step("Eq. 13 (Bessel form)", "change of variables z = 2N x̄ in f_N; checked for N = 3",
             sp.Eq(sp.Function("P_N")(xbar), 2 * N ** (N + sp.Rational(1, 2)) * xbar ** (N - sp.Rational(1, 2))
                   * sp.besselk(N - sp.Rational(1, 2), 2 * N * xbar) / (sp.sqrt(sp.pi) * sp.gamma(N))), "Eq. 13",
             check=Agreement(2 * 3 * _diff_density_expr(3, 6 * xbar),
                             2 * 3 ** sp.Rational(7, 2) * xbar ** sp.Rational(5, 2) * sp.besselk(sp.Rational(5, 2), 6 * xbar)
                             / (sp.sqrt(sp.pi) * 2), {xbar: (sp.Rational(1, 100), 3)})),
        Step("Eq. 14 (corrected)", "the two regularised 1F2 terms equal the finite sum (N = 3)",
             sp.Eq(sp.Symbol("P"), _eq14_expr(N, el)), "Eq. 14 with (Nε_λ)^{2N} and Γ(N)",
             check=Agreement(_eq14_expr(3, el), _finite_sum_expr(3, 6 * el), {el: (sp.Rational(1, 100), 2)}),
             note="the printed (Bε_λ)^{2N} and Γ(Nd) are typos"),
        Step("Eq. 15", "the finite sum at N = 2", sp.Eq(sp.Symbol("P"), 1 - (1 + 2 * el) * sp.exp(-4 * el)), "Eq. 15",
             check=Identity(_finite_sum_expr(2, 4 * el), 1 - (1 + 2 * el) * sp.exp(-4 * el))),
        Step("Eq. 8 as printed", "the printed t_ε (without 1/(1+λ2)) does not solve b(t) = ε unless λ2 = 0",
             sp.Eq(sp.Symbol("t_varepsilon^{printed}"), printed_t8), "Eq. 8 (printed)",
             check=Identity(sol.subs(t, printed_t8).subs(l2, 0), eps)),
    ]
    return Derivation("Žunkovič-Ilievski 1-D model: flow, exponent, grokking probability", tuple(steps),
                      {**build_theory().symbol_names, el: r"\varepsilon_\lambda"},
                      summary="From the loss of Eq. 4 to ν = 1, ε_λ, the grokking probability (finite sum = corrected "
                              "Eq. 14) and Eq. 15.")


# ----------------------------------------------------------------------------- numeric layer
def eps_lambda(params) -> sp.Rational:
    """The effective margin ε_λ = ε(1 + λ2) + λ1 (Eq. 10), exact."""
    return params["eps"] * (1 + params["lambda2"]) + params["lambda1"]


def _int_N(params) -> int:
    return int(params["N"])


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
        total = mpmath.fsum(comb(n - 1 + k, k) * mpmath.mpf(2) ** (-(n + k))
                            * mpmath.fsum(c**j / factorial(j) for j in range(n - k)) for k in range(n))
        out = 1 - 2 * mpmath.exp(-c) * total
    with mpmath.workdps(dps):
        return +out


def grokking_probability_eq14(n: int, e_l, dps: int):
    r"""The corrected Eq. 14: two regularised :math:`{}_1\tilde F_2` terms.

    The terms are of size :math:`e^{2N\varepsilon_\lambda}` and cancel; the working precision is
    raised by :math:`2N\varepsilon_\lambda/\ln 10` digits so that ``dps`` digits survive.
    """
    if e_l == 0:
        return mpmath.mpf(0)
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
        val = _pdf_quad(n, e, c, tt, g, lambda xm: _pdf_integrand(n, e, c, tt, e - xm / g) / g)
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


def grokking_time_pdf_eq17(e_l, tt, dps: int):
    """Eq. 17 (N = 2, λ2 = 0), unnormalised; needs ~ e^t ε_λ extra digits, which are added."""
    with mpmath.workdps(dps + 10 + int(float(mpmath.exp(to_mpf(tt, 15))) * float(e_l) * 4)):
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


def generalization_time(params, dps: int):
    """t_ε of Eq. 8 (corrected, with 1/(1+λ2)) for one data set (x̄, b0) on the b >= 0 branch."""
    with mpmath.workdps(dps + 10):
        c = 1 + to_mpf(params["lambda2"], mpmath.mp.dps)
        xl = (to_mpf(params["xbar"], mpmath.mp.dps) - to_mpf(params["lambda1"], mpmath.mp.dps)) / c
        e = to_mpf(params["eps"], mpmath.mp.dps)
        bb = to_mpf(params["b0"], mpmath.mp.dps)
        if not (bb > e > xl):
            raise InputError(f"t_eps exists only for b0 > eps > xbar_lambda; got b0={params['b0']}, "
                             f"eps={params['eps']}, xbar_lambda={mpmath.nstr(xl, 8)}")
        return +(mpmath.log((bb - xl) / (e - xl)) / c)


def test_error(params, dps: int):
    """E(t) of Eq. 7 along the flow of Eq. 6 for one data set (x̄, b0), on the b >= 0 branch."""
    with mpmath.workdps(dps + 10):
        c = 1 + to_mpf(params["lambda2"], mpmath.mp.dps)
        xl = (to_mpf(params["xbar"], mpmath.mp.dps) - to_mpf(params["lambda1"], mpmath.mp.dps)) / c
        e = to_mpf(params["eps"], mpmath.mp.dps)
        bb = to_mpf(params["b0"], mpmath.mp.dps)
        tt = to_mpf(params["t"], mpmath.mp.dps)
        if bb < 0:
            raise InputError(f"test_error is derived on the branch b >= 0; got b0={params['b0']} (domain: b0 >= 0)")
        bt = xl - (xl - bb) * mpmath.exp(-c * tt)
        if bt < 0:
            raise InputError("the flow crosses b = 0 (|x̄| <= λ1 regime) before this t; test_error covers b >= 0")
        E = (1 - mpmath.exp(e - bt)) / 2 if bt > e else mpmath.mpf(0)
        return +bt, +E


# ----------------------------------------------------------------------------- quantities
def _need_N(params) -> int:
    return _int_N(params)


def _q_probability(params, dps):
    n, e_l = _need_N(params), eps_lambda(params)
    return {"grokking_probability": grokking_probability(n, e_l, dps),
            "grokking_probability_eq14": grokking_probability_eq14(n, e_l, dps),
            "eps_lambda": to_mpf(e_l, dps)}


def _q_exponent(params, dps):
    d = _derived()
    out = {"exponent": to_mpf(d["nu"], dps)}
    if params.get("eps") is not None:
        e_l = eps_lambda(params)
        out["averaged_prefactor"] = to_mpf(e_l, dps) / 2          # Eq. 10, <(1+λ2)(ε - x̄_λ)>/2 = ε_λ/2
    return out


def _q_eps_lambda(params, dps):
    return {"eps_lambda": to_mpf(eps_lambda(params), dps)}


def _q_test_error(params, dps):
    bt, E = test_error(params, dps)
    out = {"test_error": E, "b": bt}
    with mpmath.workdps(dps + 10):
        c = 1 + to_mpf(params["lambda2"], mpmath.mp.dps)
        xl = (to_mpf(params["xbar"], mpmath.mp.dps) - to_mpf(params["lambda1"], mpmath.mp.dps)) / c
        if to_mpf(params["b0"], mpmath.mp.dps) > to_mpf(params["eps"], mpmath.mp.dps) > xl:
            out["t_eps"] = generalization_time(params, dps)
            out["prefactor"] = (to_mpf(params["eps"], mpmath.mp.dps) - xl) * c / 2
    return out


def _q_tg_pdf(params, dps):
    n, e_l = _need_N(params), eps_lambda(params)
    if e_l == 0:
        raise InputError("grokking_time_pdf needs eps_lambda = eps(1+lambda2)+lambda1 > 0")
    out = {"grokking_time_pdf": grokking_time_pdf(n, e_l, params["lambda2"], params["t"], dps),
           "unnormalised": grokking_time_pdf(n, e_l, params["lambda2"], params["t"], dps, normalised=False)}
    if n == 2 and params["lambda2"] == 0:
        out["unnormalised_eq17"] = grokking_time_pdf_eq17(e_l, params["t"], dps)
    return out


def _q_tg_mode(params, dps):
    n, e_l = _need_N(params), eps_lambda(params)
    return {"grokking_time_mode": grokking_time_mode(n, e_l, params["lambda2"], dps)}


def _mc_sampling(params, dps, *, seed, trials):
    """Direct sampling of data sets: grokking indicator and t_G from the sampled (x̄, x_min)."""
    import numpy as np
    from ._zunkovic_sim import binomial, mean_stderr, one_d_datasets
    n, e = _need_N(params), float(params["eps"])
    l1f, l2f = float(params["lambda1"]), float(params["lambda2"])
    x, _ = one_d_datasets(n, e, trials, seed)
    xb = x.mean(axis=1)
    b_inf = np.sign(xb) * np.maximum(np.abs(xb) - l1f, 0) / (1 + l2f)       # fixed point of the flow
    groks = np.abs(b_inf) <= e                                             # zero final test error
    xmin = x[:, :n].min(axis=1) - e
    xl = (xb - l1f) / (1 + l2f)
    tg = np.log((e + xmin[groks] - xl[groks]) / (e - xl[groks])) / (1 + l2f)
    p, se = binomial(groks)
    m, sm = mean_stderr(tg)
    return MonteCarlo({"grokking_probability": mpmath.mpf(p), "mean_grokking_time": mpmath.mpf(m)},
                      {"grokking_probability": mpmath.mpf(se), "mean_grokking_time": mpmath.mpf(sm)})


def _mc_gd(params, dps, *, seed, trials):
    """Gradient descent (Euler dt = 0.01, proximal L1) on sampled data sets."""
    import numpy as np
    from ._zunkovic_sim import binomial, mean_stderr, one_d_gradient_descent
    n = _need_N(params)
    res = one_d_gradient_descent(n, float(params["eps"]), float(params["lambda1"]), float(params["lambda2"]),
                                 trials=trials, seed=seed, b0=float(params["b0"]))
    p, se = binomial(res["groks"])
    ok = res["groks"] & res["valid"] & ~np.isnan(res["t_train"])
    m, sm = mean_stderr(res["t_test"][ok] - res["t_train"][ok])
    return MonteCarlo({"grokking_probability": mpmath.mpf(p), "mean_grokking_time": mpmath.mpf(m)},
                      {"grokking_probability": mpmath.mpf(se), "mean_grokking_time": mpmath.mpf(sm)})


def mean_grokking_time(n: int, e_l, lam2, dps: int):
    """<t_G> conditional on grokking: ∫ t P(t) dt by quadrature of the density (Eq. 16)."""
    with mpmath.workdps(dps + 5):
        num = mpmath.quad(lambda tt: tt * grokking_time_pdf(n, e_l, lam2, tt, mpmath.mp.dps, normalised=False),
                          [0, 1, 4, 12, mpmath.inf])
        return num / grokking_probability(n, e_l, mpmath.mp.dps)


# ----------------------------------------------------------------------------- claims and figures
def _claims():
    from . import _zunkovic_claims as zc
    return zc.one_d_claims()


def _figures(outdir, quick):
    from . import _zunkovic_figures as zf
    return zf.one_d_figures(outdir, quick)


MODEL = Model(
    name="zunkovic-1d",
    paper=PAPER,
    description="1-D exponential model: grokking probability, exponent nu = 1, grokking-time density",
    parameters=PARAMETERS,
    theory=build_theory,
    derivation=derivation,
    quantities=(
        Quantity("grokking_probability", "P_{E(inf)=0}: finite sum and corrected Eq. 14 (both reported)",
                 _q_probability, requires=("eps",)),
        Quantity("exponent", "critical exponent nu of E ~ (t_eps - t)^nu, derived (= 1); with eps also the "
                             "averaged prefactor eps_lambda/2 (Eq. 10)", _q_exponent),
        Quantity("eps_lambda", "effective margin eps(1+lambda2)+lambda1 (Eq. 10)", _q_eps_lambda, requires=("eps",),
                 exact=lambda p: {"eps_lambda": eps_lambda(p)}),
        Quantity("test_error", "E(t), b(t), t_eps and the Eq. 9 prefactor for one data set (xbar, b0)",
                 _q_test_error, requires=("eps", "xbar", "t")),
        Quantity("grokking_time_pdf", "normalised and unnormalised density of t_G at t (Eq. 16; Eq. 17 for N=2)",
                 _q_tg_pdf, requires=("eps", "t")),
        Quantity("grokking_time_mode", "the mode of the t_G density (Fig. 5)", _q_tg_mode, requires=("eps",)),
        Quantity("grokking_probability_mc", "Monte Carlo over sampled data sets: grokking fraction and mean t_G",
                 _mc_sampling, requires=("eps",), randomized=True, default_trials=100000),
        Quantity("grokking_probability_gd", "gradient descent (Euler dt=0.01, proximal L1, b0) on sampled data "
                                            "sets: grokking fraction and mean t_G", _mc_gd, requires=("eps",),
                 randomized=True, default_trials=5000),
    ),
    claims=_claims,
    figures=_figures,
)
