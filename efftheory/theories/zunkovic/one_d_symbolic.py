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
This module is pure SymPy; the numbers are in :mod:`.one_d_numeric`.
This module is pure SymPy; the numbers are in :mod:`.one_d_numeric`.

References
----------
B. Žunkovič, E. Ilievski, *Grokking phase transitions in learning local rules with gradient
descent*, JMLR 25(199) 2024, arXiv:2210.15435; theory note ``zunkovic2022.md`` Sec. 3.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ...errors import ConvergenceError
from ...symbolic import Agreement, Contribution, Derivation, Domain, Identity, Parameter, Role, Step, Theory

__all__ = ["PARAMETERS", "b", "q", "N", "eps", "l1", "l2", "b0", "xbar", "t", "s", "el", "build_theory", "derived",
           "derivation"]

PARAMETERS = (
    Parameter("N", Role.PARAMETER, Domain.interval(1, 10**6, integer=True), 10, "N",
              "training samples per class (at most 10^6; each quantity states its own work limit)"),
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
def derived() -> dict:
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
    d = derived()
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
