r"""Žunkovič & Ilievski, the :math:`D`-ball model of grokking (paper Sec. 3.3, App. B).

Inputs uniform in the unit :math:`D`-ball, shifted by :math:`\pm\varepsilon e_1` (labels :math:`\pm1`),
:math:`N` per class; a bias-free linear classifier trained by gradient flow on the
squared loss with :math:`L_1`/:math:`L_2` penalties (Eq. 19), :math:`\lambda_D = \lambda_2 + 1/(D+2)`.

Derived here, in pure SymPy (:func:`derivation`; the numbers are in
:mod:`.ball_numeric`): the test error :math:`E_D(h)` as a regularised
incomplete beta function (Eq. 22), :math:`\nu = (D+1)/2` and :math:`c_D` (Eq. 23), the
boundary-divergent density exponent :math:`\nu = (D+1)/2 - \xi` with its exact prefactor
(Eqs. 48-50), the first-order expansion of :math:`G^{-1}a` (Eqs. 81-82: the printed
:math:`\alpha_3` is **wrong**, the correct one is :math:`1/(\lambda_D+\varepsilon^2)`), the Gaussian
moments (Eqs. 83-85), Eq. 86 (``alpha3="corrected"``, default, or ``"paper"``, which
reproduces Fig. 8), Eq. 30, the bound Eq. 33 and its maximum over :math:`\lambda_1`, the
large-:math:`D` threshold :math:`2N\varepsilon^2(\varepsilon^2-1) = 1` and the grokking-time branches
(Eqs. 42-47; ``slow="paper"``, the printed Eq. 47 plotted in Fig. 9, or
``"self-consistent"``, which keeps the factor :math:`\xi` dropped in Eq. 46).

References
----------
B. Žunkovič, E. Ilievski, JMLR 25(199) 2024 (arXiv:2210.15435); theory note ``zunkovic2022.md`` Sec. 4.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ...symbolic import Agreement, Contribution, Derivation, Domain, Identity, Parameter, Role, Step, Theory

__all__ = ["PARAMETERS", "Ds", "eps", "l1", "l2", "hs", "ts", "xis", "lD", "Lam", "delta", "build_theory",
           "first_order", "derived", "cD_paper", "derivation"]

PARAMETERS = (
    Parameter("N", Role.PARAMETER, Domain.interval(1, 10**6, integer=True), 10, "N",
              "training samples per class (at most 10^6: Eq. 86's quadrature takes ~12 s there)"),
    Parameter("D", Role.PARAMETER, Domain.interval(1, 1000, integer=True), 10, "D",
              "latent dimension (at most 1000: Eq. 86's incomplete gamma of order (D-1)/2 takes ~20 s there)"),
    Parameter("eps", Role.PARAMETER, Domain.interval(0, 1000), sp.Rational(101, 100), r"\varepsilon",
              "distance of each ball centre from the origin (separable iff eps >= 1; at most 1000: Eq. 86 "
              "takes ~12 s there)"),
    Parameter("lambda1", Role.PARAMETER, Domain.nonnegative(), 0, r"\lambda_1", "L1 strength"),
    Parameter("lambda2", Role.PARAMETER, Domain.nonnegative(), sp.Rational(1, 10), r"\lambda_2", "L2 strength"),
    Parameter("alpha3", Role.PARAMETER, Domain.words("corrected", "paper"), "corrected", r"\alpha_3",
              "Eq. 82 coefficient: corrected 1/(lambda_D+eps^2) (default) or the printed one (reproduces Fig. 8)"),
    Parameter("slow", Role.PARAMETER, Domain.words("paper", "self-consistent"), "paper", "slow",
              "slow grokking time: printed Eq. 47 (Fig. 9, default) or the self-consistent variant"),
    Parameter("h", Role.CONTROL, Domain.interval(0, 1), None, "h", "hyperplane distance from a ball centre (test_error)"),
    Parameter("t", Role.CONTROL, Domain.nonnegative(), None, "t_G", "grokking time (fast_pdf)"),
    Parameter("xi", Role.PARAMETER, Domain.interval(0, 1, hi_open=True), 0, r"\xi",
              "boundary divergence exponent of the data density (exponent)"),
)
Ns, Ds, eps, l1, l2 = (p.symbol for p in PARAMETERS[:5])
hs, ts, xis = PARAMETERS[7].symbol, PARAMETERS[8].symbol, PARAMETERS[9].symbol
lD = sp.Symbol("lambda_D", positive=True)
Lam = sp.Symbol("Lambda", positive=True)
delta = sp.Symbol("delta", positive=True)
w1s = sp.Symbol("w_1", real=True)


def build_theory(params=None) -> Theory:
    """The loss of Eq. 19, (1/2) wᵀMw - aᵀw + 1/2 + (λ2/2)|w|² + λ1|w|_1, M = (1/2N) Σ x̃x̃ᵀ (D = 3 shown).

    With G = M + λ2 1 this is the paper's (1/2) wᵀGw - aᵀw + 1/2 + λ1|w|_1.
    """
    w = sp.Matrix(sp.symbols("w1:4", real=True))
    Mm = sp.MatrixSymbol("M", 3, 3).as_explicit()
    a = sp.Matrix(sp.symbols("a1:4", real=True))
    order = tuple(Parameter(f"w{i}", Role.ORDER, Domain.real(), None, f"w_{i}", "weight") for i in (1, 2, 3))
    return Theory("zunkovic-ball", "D-ball model: squared loss of a bias-free linear classifier (Eq. 19)",
                  PARAMETERS[:5] + order,
                  (Contribution("data term", ((w.T * Mm * w)[0] / 2 - (a.T * w)[0] + sp.Rational(1, 2)), "Eq. 19"),
                   Contribution("L2", l2 * (w.T * w)[0] / 2, "Eq. 19"),
                   Contribution("L1", l1 * sum(sp.Abs(x) for x in w), "Eq. 19")),
                  action_name=r"\mathcal R", reference="Žunkovič & Ilievski Eq. 19")



@lru_cache(maxsize=1)
def first_order() -> dict:
    """First-order expansion of w = G^{-1} a in the fluctuations, exactly for D = 3 (Eqs. 77-82)."""
    eta = sp.Symbol("eta")
    xb = sp.Matrix(sp.symbols("xbar1:4", real=True))
    m = sp.symbols("m11 m12 m13 m22 m23 m33", real=True)
    dM = sp.Matrix([[m[0], m[1], m[2]], [m[1], m[3], m[4]], [m[2], m[4], m[5]]])
    e1 = sp.Matrix([1, 0, 0])
    G0 = lD * sp.eye(3) + eps**2 * e1 * e1.T
    G1 = dM + eps * (e1 * xb.T + xb * e1.T)
    a0, a1 = eps * e1, xb
    w0 = G0.LUsolve(a0)
    # exact derivative of (G0 + eta G1)^{-1}(a0 + eta a1) at eta = 0, from the exact inverse
    wexact = (G0 + eta * G1).LUsolve(a0 + eta * a1)
    w1 = sp.simplify(sp.diff(wexact, eta).subs(eta, 0))
    sub = {lD: Lam - eps**2}
    coef = lambda expr, sym: sp.simplify(sp.diff(expr, sym).subs(sub))  # noqa: E731
    alpha2 = coef(w1[0], m[0])
    out = {"w0": w0, "w1": w1,
           "beta": sp.simplify(w0[0].subs(sub) - alpha2 * sp.Symbol("Dinv")),
           "alpha1": coef(w1[0], xb[0]), "alpha2": alpha2, "alpha3": coef(w1[1], xb[1]), "alpha4": coef(w1[1], m[1]),
           "xb": xb, "m": m}
    return out


@lru_cache(maxsize=1)
def derived() -> dict:
    """Cap volume, exponent, c_D and the boundary-divergent mass (Eqs. 22-23, 48-50)."""
    sv = sp.Symbol("s")
    D = Ds
    lead = sp.integrate((2 * (1 - sv)) ** ((D - 1) / 2), (sv, 1 - delta, 1))   # leading behaviour of the cap
    nu = sp.simplify(delta * sp.diff(sp.log(lead), delta))
    norm = sp.sqrt(sp.pi) * sp.gamma((D + 1) / 2) / sp.gamma(D / 2 + 1)        # ∫_{-1}^1 (1-s^2)^{(D-1)/2} ds
    cD = sp.gammasimp(sp.simplify(lead / delta**nu / norm))
    # boundary-divergent density rho = rho_xi u^{-xi}: inner (transverse) integral at depth a
    aa, r, v = sp.symbols("a r v", positive=True)
    S = 2 * sp.pi ** ((D - 1) / 2) / sp.gamma((D - 1) / 2)                     # area of the unit (D-2)-sphere
    inner = S * (2 * aa) ** ((D - 1) / 2) * aa ** (-xis) * sp.beta((D - 1) / 2, 1 - xis) / 2
    pp = sp.Symbol("p", positive=True)
    prim = sp.integrate(aa**pp, (aa, 0, delta))                                 # depth integral, p = (D-1)/2 - xi > -1
    mass = S * 2 ** ((D - 1) / 2) * sp.beta((D - 1) / 2, 1 - xis) / 2 * prim.subs(pp, (D - 1) / 2 - xis)
    nu_xi = sp.simplify(delta * sp.diff(sp.log(mass), delta))
    return {"lead": lead, "nu": nu, "cD": cD, "S": S, "inner": inner, "mass": mass, "nu_xi": nu_xi,
            "aa": aa, "r": r}


def cD_paper(D):
    return D * 2 ** ((D - 3) / 2) * sp.gamma(D / 2) / (sp.sqrt(sp.pi) * sp.gamma((D + 3) / 2))


def derivation(params=None) -> Derivation:
    """From the ball geometry and the loss to ν, c_D, Eq. 82 (corrected α3), Eq. 86, the threshold and Eqs. 42-47."""
    d = derived()
    fo = first_order()
    D = Ds
    sv = sp.Symbol("s")
    h4 = sp.Rational(4)
    cap4 = sp.Integral((1 - sv**2) ** sp.Rational(3, 2), (sv, hs, 1)) / sp.Integral((1 - sv**2) ** sp.Rational(3, 2), (sv, -1, 1))
    betaform = sp.betainc_regularized((D + 1) / 2, sp.Rational(1, 2), 0, 1 - hs**2) / 2
    hyperform = sp.Rational(1, 2) - D * sp.gamma(D / 2) / (2 * sp.sqrt(sp.pi) * sp.gamma((D + 1) / 2)) \
        * sp.hyper([sp.Rational(1, 2), (1 - D) / 2], [sp.Rational(3, 2)], hs**2) * hs
    aa = d["aa"]
    D4 = {D: h4}
    vv = sp.Symbol("v", positive=True)
    rv = sp.sqrt(2 * aa * vv)
    al = sp.Symbol("a_D", positive=True)
    V = sp.pi ** (D / 2) / sp.gamma(D / 2 + 1)
    alpha3c = 1 / Lam
    Nn = Ns
    mean_w1 = sp.Symbol("beta") + sp.Symbol("alpha_2") / (D + 2)
    s1sq = sp.Symbol("alpha_1") ** 2 / (2 * Nn * (D + 2)) + sp.Symbol("alpha_2") ** 2 * (D + 1) / (Nn * (D + 2) ** 2 * (D + 4))
    sjsq = sp.Symbol("alpha_3") ** 2 / (2 * Nn * (D + 2)) + sp.Symbol("alpha_4") ** 2 / (2 * Nn * (D**2 + 6 * D + 8))
    # large-D limits with the corrected alpha3
    Lfull = l2 + 1 / (D + 2) + eps**2
    lDfull = l2 + 1 / (D + 2)
    beta_f = eps / Lfull + eps / (Lfull**2 * (D + 2))
    mean_f = beta_f - eps / Lfull**2 / (D + 2)
    sj_f = (1 / Lfull) ** 2 / (2 * Nn * (D + 2)) + (eps / (lDfull * Lfull)) ** 2 / (2 * Nn * (D**2 + 6 * D + 8))
    lim_mean = sp.limit(mean_f, D, sp.oo)
    lim_r = sp.limit((D - 1) * sj_f, D, sp.oo)
    thr = sp.factor(sp.simplify((eps**2 - 1) * lim_mean**2 / lim_r))
    es = sp.Symbol("varepsilon_*", positive=True)
    eps_star = [sol for sol in sp.solve(sp.Eq(2 * Nn * es**2 * (es**2 - 1), 1), es) if sol.is_positive is not False][0]
    # grokking time
    u = sp.Symbol("u", positive=True)
    rr = sp.Symbol("r", positive=True)
    tG42 = sp.log((1 - sp.sqrt(rr)) / (1 - eps / sp.sqrt(eps**2 - 1) * sp.sqrt(rr))) / eps**2
    r_simpl = (eps**2 - 1) * (u - 1) ** 2 / (eps * u - sp.sqrt(eps**2 - 1)) ** 2
    E2 = sp.exp(2 * ts * eps**2)
    E1 = sp.exp(ts * eps**2)
    r44 = (eps**2 - 1) * (E1 - 1) ** 2 * (eps * (eps * E2 + 2 * sp.sqrt(eps**2 - 1) * E1 + eps) - 1) / (eps**2 * (E2 - 1) + 1) ** 2
    xi_tr, xi_te = 1 / sp.sqrt(1 + eps**2), 1 / eps
    t46 = lambda xi: sp.log(1 / (sp.sqrt(1 - xi**2))) / lD  # noqa: E731  (|w_perp|/w1 common factor drops)
    t46sc = lambda xi: sp.log(xi / sp.sqrt(1 - xi**2)) / lD  # noqa: E731
    steps = (
        Step("test error as a cap volume", "class-averaged error = fraction of one ball beyond x1 > h (D = 4 shown)",
             sp.Eq(sp.Function("E_D")(hs), betaform), "Eq. 22",
             check=Agreement(cap4, betaform.subs(D4), {hs: (sp.Rational(1, 20), sp.Rational(19, 20))})),
        Step("2F1 form", "the printed hypergeometric form equals the regularised incomplete beta (D = 5)",
             sp.Eq(sp.Function("E_D")(hs), hyperform), "Eq. 22",
             check=Agreement(hyperform.subs(D, 5), betaform.subs(D, 5), {hs: (sp.Rational(1, 20), sp.Rational(19, 20))})),
        Step("leading cap volume", "(1 - s^2) ~ 2(1 - s) near s = 1, integrate over s in (1 - δ, 1)",
             sp.Eq(sp.Symbol("V_cap"), d["lead"]), "Eq. 23", check=Identity(d["lead"], (2) ** ((D - 1) / 2) * delta ** ((D + 1) / 2) / ((D + 1) / 2))),
        Step("critical exponent", "ν = δ d ln E / dδ (1 - h is linear in t_ε - t)", sp.Eq(sp.Symbol("nu"), d["nu"]),
             "Eq. 23", check=Identity(d["nu"], (D + 1) / 2)),
        Step("c_D", "leading cap volume over the ball's marginal normalisation", sp.Eq(sp.Symbol("c_D"), d["cD"]),
             "Eq. 23", check=Identity(sp.gammasimp(d["cD"] - cD_paper(D)), 0)),
        Step("boundary-divergent density, transverse integral",
             "∫ S r^{D-2}(a - r²/2)^{-ξ} dr over r² < 2a; r = sqrt(2 a v) turns it into a Beta integral in v",
             sp.Eq(sp.Function("I")(aa), d["inner"]), "Eqs. 48-50 (exact, derived)",
             check=Identity(d["S"] * rv ** (D - 2) * (aa - rv**2 / 2) ** (-xis) * sp.diff(rv, vv),
                            d["S"] * (2 * aa) ** ((D - 1) / 2) * aa ** (-xis) * vv ** ((D - 3) / 2) * (1 - vv) ** (-xis) / 2),
             note="the integrand identity of the substitution; ∫_0^1 v^{(D-3)/2}(1-v)^{-ξ} dv = B((D-1)/2, 1-ξ)"),
        Step("boundary mass", "integrate a^{(D-1)/2 - ξ} over the depth a in (0, δ)", sp.Eq(sp.Symbol("M"), d["mass"]),
             "Eq. 50 (exact prefactor, derived)",
             check=Identity(d["mass"], d["S"] * 2 ** ((D - 3) / 2) * sp.beta((D - 1) / 2, 1 - xis)
                            * delta ** ((D + 1) / 2 - xis) / ((D + 1) / 2 - xis))),
        Step("exponent for a divergent density", "δ d ln M / dδ", sp.Eq(sp.Symbol("nu"), d["nu_xi"]), "Eq. 50",
             check=Identity(d["nu_xi"], (D + 1) / 2 - xis)),
        Step("xi = 0 limit", "uniform density ρ0 = 1/V_D gives back c_D", sp.Eq(sp.Symbol("c_D"), d["mass"].subs(xis, 0) / V / delta ** ((D + 1) / 2)),
             "Eq. 23", check=Identity(d["mass"].subs(xis, 0) / V / delta ** ((D + 1) / 2) - d["cD"], 0, {D: 2 * al + 1})),
        Step("zeroth order", "A^{-1} ε e1 with A = λ_D 1 + ε e1 e1ᵀ", sp.Eq(sp.Symbol("w^{(0)}"), fo["w0"]),
             "Eqs. 77-80", check=Identity(fo["w0"][0], eps / (lD + eps**2))),
        Step("alpha1", "coefficient of x̄1 in the exact first-order term of G^{-1}a (D = 3)", sp.Eq(sp.Symbol("alpha_1"), fo["alpha1"]),
             "Eq. 82", check=Identity(fo["alpha1"], 1 / Lam - 2 * eps**2 / Lam**2)),
        Step("alpha2", "coefficient of the fluctuation of mean(x1^2)", sp.Eq(sp.Symbol("alpha_2"), fo["alpha2"]), "Eq. 82",
             check=Identity(fo["alpha2"], -eps / Lam**2)),
        Step("beta", "w1 at zeroth order minus alpha2 <x1^2>, <x1^2> = 1/(D+2) (Dinv = 1/(D+2))",
             sp.Eq(sp.Symbol("beta"), fo["beta"]), "Eq. 82",
             check=Identity(fo["beta"], eps / Lam + eps * sp.Symbol("Dinv") / Lam**2)),
        Step("alpha3 (corrected)", "coefficient of x̄_j in w_j", sp.Eq(sp.Symbol("alpha_3"), fo["alpha3"]),
             "Eq. 82 (corrected)", check=Identity(fo["alpha3"], alpha3c),
             note="the printed alpha3 = 1/λ_D - ε/(λ_D Λ) is wrong (ε for ε²); Fig. 8 was drawn with it"),
        Step("alpha4", "coefficient of mean(x1 x_j) in w_j", sp.Eq(sp.Symbol("alpha_4"), fo["alpha4"]), "Eq. 82",
             check=Identity(fo["alpha4"], -eps / ((Lam - eps**2) * Lam))),
        Step("ball moments", "E[x1^2] from the marginal (1 - s^2)^{(D-1)/2}", sp.Eq(sp.Symbol("E[x_1^2]"), 1 / (D + 2)),
             "App. B Table 2", check=Agreement(sp.Integral(sv**2 * (1 - sv**2) ** ((D - 1) / 2), (sv, -1, 1))
                                              / sp.Integral((1 - sv**2) ** ((D - 1) / 2), (sv, -1, 1)), 1 / (D + 2),
                                              {D: (1, 12)}, digits=30, points=2)),
        Step("variances", "Var of sample means of 2N i.i.d. ball points (Eqs. 83-85)",
             sp.Eq(sp.Tuple(sp.Symbol("m_1"), sp.Symbol("s_1^2"), sp.Symbol("sigma_j^2")), sp.Tuple(mean_w1, s1sq, sjsq)),
             "Eqs. 83-85", check=Identity((sp.Rational(3) / ((D + 2) * (D + 4)) - 1 / (D + 2) ** 2) / (2 * Nn),
                                          (D + 1) / (Nn * (D + 2) ** 2 * (D + 4)))),
        Step("Eq. 86", "P = ∫_0^∞ N(w1; m1, s1²) F_{χ²_{D-1}}((ε²-1) w1²/σ_j²) dw1, F_{χ²_k}(x) = P(k/2, x/2)",
             sp.Eq(sp.Symbol("P"), sp.Integral(sp.exp(-(w1s - sp.Symbol("m_1")) ** 2 / (2 * sp.Symbol("s_1^2")))
                                                / sp.sqrt(2 * sp.pi * sp.Symbol("s_1^2"))
                                                * sp.lowergamma((D - 1) / 2, (eps**2 - 1) * w1s**2 / (2 * sp.Symbol("sigma_j^2")))
                                                / sp.gamma((D - 1) / 2), (w1s, 0, sp.oo))), "Eq. 86"),
        Step("large-D means", "D → ∞ of E[w1] and (D-1)σ_j² (corrected α3)",
             sp.Eq(sp.Tuple(sp.Symbol("E[w_1]"), sp.Symbol("r_inf")), sp.Tuple(lim_mean, lim_r)), "derived",
             check=Identity(sp.Matrix([lim_mean, lim_r]), sp.Matrix([eps / (l2 + eps**2), 1 / (2 * Nn * (l2 + eps**2) ** 2)]))),
        Step("large-D threshold", "(ε²-1) E[w1]² / r_inf = 2Nε²(ε²-1): P → 1 above 1, → 0 below",
             sp.Eq(sp.Symbol("varepsilon_*"), eps_star), "derived (corrects 'P decreases with D for any parameters')",
             check=Identity(thr, 2 * Nn * eps**2 * (eps**2 - 1))),
        Step("fast-branch r(t_G)", "invert Eq. 42 with u = exp(ε² t_G)", sp.Eq(sp.Symbol("r"), r_simpl), "Eqs. 42-44",
             check=Agreement(tG42.subs(rr, r_simpl), sp.log(u) / eps**2, {u: (sp.Rational(101, 100), 3), eps: (sp.Rational(11, 10), 3)})),
        Step("printed Eq. 44", "equals the simplified r(t_G)", sp.Eq(sp.Symbol("r"), r44), "Eq. 44",
             check=Agreement(r44, r_simpl.subs(u, E1), {ts: (sp.Rational(1, 100), 2), eps: (sp.Rational(11, 10), 3)})),
        Step("Eq. 47 (printed)", "t_test - t_train from Eq. 46 as printed, ξ_train = 1/√(1+ε²), ξ_test = 1/ε",
             sp.Eq(sp.Symbol("t_G^{slow}"), sp.log(eps**4 / (eps**4 - 1)) / (2 * lD)), "Eqs. 46-47",
             check=Agreement(t46(xi_te) - t46(xi_tr), sp.log(eps**4 / (eps**4 - 1)) / (2 * lD),
                             {eps: (sp.Rational(11, 10), 3), lD: (sp.Rational(1, 100), 1)})),
        Step("slow time, self-consistent", "keep the factor ξ of the exact crossing w1/|w| = ξ",
             sp.Eq(sp.Symbol("t_G^{slow}"), sp.log(eps**2 / (eps**2 - 1)) / (2 * lD)), "Eq. 46 corrected",
             check=Agreement(t46sc(xi_te) - t46sc(xi_tr), sp.log(eps**2 / (eps**2 - 1)) / (2 * lD),
                             {eps: (sp.Rational(11, 10), 3), lD: (sp.Rational(1, 100), 1)})),
    )
    return Derivation("Žunkovič-Ilievski D-ball model: exponent, Eq. 86, threshold, grokking time", steps,
                      {lD: r"\lambda_D", Lam: r"\Lambda", eps: r"\varepsilon", l1: r"\lambda_1", l2: r"\lambda_2",
                       xis: r"\xi", delta: r"\delta"},
                      summary="From the uniform-ball geometry and the loss of Eq. 19 to ν = (D+1)/2, c_D, the corrected "
                              "α3, Eq. 86 and the large-D threshold 2Nε²(ε²-1) = 1.")
