r"""Symbolic core of ``rubin-cubic`` (pure SymPy): symbols, the Hermite projections
computed by the engine, the scalar action (paper Eq. 13), the kernel entries and the
self-consistency equations, and the derivation record that produces them.

Everything numerical lives in :mod:`.cubic_numeric` and its siblings; this module
never imports numpy, scipy or matplotlib.

References
----------
N. Rubin, I. Seroussi, Z. Ringel, *Grokking as a First Order Phase Transition in Two
Layer Networks*, ICLR 2024, arXiv:2310.03789 (v3): eqs. 1-2, 7-13, App. A.1-A.4
(App. eqs. 2-12, 13-19).  Theory note: ``shared/theory/rubin2023.md`` §2-4, §7.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ...symbolic import (Contribution, Derivation, Domain, He, Identity, Parameter, Role, Step, Theory,
                         gaussian_mean, hermite_projection)
from ...symbolic.gaussian import conditional_hermite_mean
from . import PAPER

__all__ = ["PARAMETERS", "THEORY_PARAMETERS", "SYMBOLS", "projections", "scalar_action", "kernel_weights",
           "gfl_equation", "mixed_equations", "build_theory", "derivation", "K11"]

#: CLI parameters (CLI.md): defaults are the paper's Fig. 2 base point (App. C, App. eq. 43).
PARAMETERS = (
    Parameter("sigma_w2", Role.PARAMETER, Domain.positive(), "1/2", r"\sigma_w^2",
              "prior variance of the input weights times d (sigma_w^2 = 0.5, App. C)"),
    Parameter("eps", Role.PARAMETER, Domain.real(), "-3/10", r"\epsilon",
              "cubic amplitude of the teacher y = H1 + eps H3 (eq. 1)"),
    Parameter("n", Role.PARAMETER, Domain.positive(), 3000, "n", "number of training samples"),
    Parameter("d", Role.PARAMETER, Domain.positive(), 150, "d", "input dimension"),
    Parameter("N", Role.PARAMETER, Domain.positive(), 700, "N", "width (number of hidden neurons)"),
    Parameter("sigma_a2", Role.PARAMETER, Domain.positive(), "8/700", r"\sigma_a^2",
              "total read-out prior variance (each weight sigma_a^2/N)"),
    Parameter("sigma2", Role.CONTROL, Domain.positive(), None, r"\sigma^2",
              "noise / temperature of the posterior (control parameter of Fig. 2)"),
    Parameter("beta", Role.PARAMETER, Domain.positive(), 1, r"\beta",
              "Table-1 scaling variable (alpha = beta): finite_d uses d*sqrt(beta), u and kappa are invariant"),
    Parameter("kappa", Role.PARAMETER, Domain.positive(), None, r"\kappa",
              "second invariant n sigma_a^2/(d sigma^2), given directly for the u_c(kappa) phase diagram"),
    Parameter("q11", Role.PARAMETER, Domain.words("corrected", "paper"), "corrected", r"\tilde Q_{11}",
              "kernel entry Q11: 'corrected' numerator 4q^2 (default) or the 'paper''s printed 2q^2 (App. A.3)"),
    Parameter("perp", Role.PARAMETER, Domain.words("concentrated", "saddle"), "concentrated", r"|w_\perp|^2",
              "|w_perp|^2 'concentrated' at sigma_w^2 (Eq. 13, the paper's Claim II; default) or at its 'saddle' "
              "point, a second order parameter t = |w_perp|^2/sigma_w^2 (d -> oo without the concentration step)"),
)

#: Parameters of the symbolic theory (the scalar action in its invariant form).
THEORY_PARAMETERS = (
    PARAMETERS[0], PARAMETERS[1],
    Parameter("u", Role.PARAMETER, Domain.positive(), None, "u", "effective interaction n^2 sigma_a^2/(sigma^4 d N)"),
    PARAMETERS[8],
    Parameter("q", Role.ORDER, Domain.real(), None, "q", "overlap w.w* (the paper's Phi)"),
    Parameter("b", Role.FIELD, Domain.real(), None, "b", "linear discrepancy coefficient (eq. 12)"),
    Parameter("c", Role.FIELD, Domain.real(), None, "c", "cubic discrepancy coefficient (eq. 12)"),
)

#: the second order parameter of ``perp = saddle``
T_PARAMETER = Parameter("t", Role.ORDER, Domain.positive(), None, "t",
                        "|w_perp|^2 / sigma_w^2 (perp = saddle; Eq. 13 sets t = 1)")


class _Symbols:
    """The SymPy symbols of the theory, named like the parameters."""

    def __init__(self):
        byname = {p.name: p.symbol for p in PARAMETERS + THEORY_PARAMETERS + (T_PARAMETER,) if not p.domain.choices}
        for k, v in byname.items():
            setattr(self, k, v)
        self.r = sp.Symbol("r", nonnegative=True)          # droplet mass r = rho d
        self.s2 = sp.Symbol("s2", positive=True)           # |w|^2
        self.x = sp.Symbol("x", real=True)
        self.m = sp.Symbol("m", positive=True)             # curvature of the action at q = 0
        self.k11 = sp.Symbol("k11", positive=True)         # numerator of Q11 / sigma_a^2: 4 (corrected) or 2
        self.latex = {p.symbol: p.latex for p in PARAMETERS + THEORY_PARAMETERS if p.latex and not p.domain.choices}


SYMBOLS = _Symbols()
S = SYMBOLS

#: numerator of Q11 / (sigma_a^2 <q^2/(pi D)>) for each variant (App. A.3; note §7 item 2)
K11 = {"corrected": sp.Integer(4), "paper": sp.Integer(2)}


def D_of(q, sw):
    """``D(q) = 1 + 2 (sigma_w^2 + q^2)`` (the |w_perp|^2 -> sigma_w^2 concentrated denominator)."""
    return 1 + 2 * (sw + q**2)


@lru_cache(maxsize=None)
def projections():
    """``E[erf(w.x) He_k(w*.x)]`` for k = 1, 3 from the Hermite engine (Stein's identity), in q and s2."""
    P1 = hermite_projection(sp.erf(S.x), S.x, 1, q=S.q, s2=S.s2)
    P3 = hermite_projection(sp.erf(S.x), S.x, 3, q=S.q, s2=S.s2)
    return P1, P3


@lru_cache(maxsize=None)
def continuum_action():
    r"""App. eq. 6 derived: ``S[w]`` with the ansatz ``sigma^2 t = b H1 + c H3`` and EK sums, in (q, s2)."""
    P1, P3 = projections()
    n, sig2, sa, N = S.n, S.sigma2, S.sigma_a2, S.N
    data = n / sig2 * (S.b * P1 + S.c * P3)                 # sum_mu t_mu phi_mu -> n E[t phi]
    return S.d * S.s2 / (2 * S.sigma_w2) - sa / (2 * N) * data**2


@lru_cache(maxsize=None)
def scalar_action():
    r"""Paper Eq. 13 derived: ``S_hat(q; u, b, c, sigma_w^2)`` = continuum action / d at |w|^2 = sigma_w^2 + q^2."""
    u_def = S.n**2 * S.sigma_a2 / (S.sigma2**2 * S.d * S.N)
    expr = continuum_action().subs(S.s2, S.sigma_w2 + S.q**2) / S.d
    expr = expr - expr.subs(S.q, 0)           # drop the q-independent prior of w_perp (normalisation)
    # trade the microscopic parameters for the invariant u (exact: sigma_a2 = u sigma2^2 d N / n^2)
    expr = expr.subs(S.sigma_a2, S.u * S.sigma2**2 * S.d * S.N / S.n**2)
    expr = sp.simplify(expr)
    if sp.simplify(u_def.subs(S.sigma_a2, S.u * S.sigma2**2 * S.d * S.N / S.n**2) - S.u) != 0:  # pragma: no cover
        raise RuntimeError("internal: u substitution is not exact")
    return expr


@lru_cache(maxsize=None)
def scalar_action_contributions():
    """The action as the two named contributions (prior, data term), each from the derived expression."""
    full = scalar_action()
    prior = S.q**2 / (2 * S.sigma_w2)
    return prior, sp.simplify(full - prior)


@lru_cache(maxsize=None)
def normalised_v():
    """``v1 = E[erf He1]``, ``v2 = E[erf He3]/sqrt(6)`` at ``|w|^2 = sigma_w^2 + q^2`` (App. A.3)."""
    P1, P3 = projections()
    at = {S.s2: S.sigma_w2 + S.q**2}
    return sp.simplify(P1.subs(at)), sp.simplify(P3.subs(at) / sp.sqrt(6))


@lru_cache(maxsize=None)
def kernel_weights(variant: str = "corrected"):
    """``(w11, w12, w22)`` with ``Q_ij = sigma_a^2 <w_ij(q)>`` (App. A.3, corrected or printed Q11)."""
    v1, v2 = normalised_v()
    w11 = sp.simplify(v1**2 * K11[variant] / 4)
    return w11, sp.simplify(v1 * v2), sp.simplify(v2**2)


@lru_cache(maxsize=None)
def curvature_at_zero():
    """``m(b) = S_hat''(0)`` (GFL stiffness)."""
    return sp.simplify(sp.diff(scalar_action(), S.q, 2).subs(S.q, 0))


@lru_cache(maxsize=None)
def gfl_limit_coefficient(variant: str = "corrected"):
    r"""``lim_{d->oo} kappa d <w11>`` with ``q ~ N(0, 1/(d m))``: ``k11 kappa / (pi D0 m)``.

    Derived from the Taylor series of ``w11`` at ``q = 0`` and Gaussian moments.
    """
    w11 = kernel_weights(variant)[0]
    return _central_limit(w11)


def _central_limit(w):
    ser = sp.series(w, S.q, 0, 8).removeO()
    mean = gaussian_mean(sp.expand(ser), S.q, 1 / (S.d * S.m))
    return sp.simplify(sp.limit(S.kappa * S.d * mean, S.d, sp.oo))


@lru_cache(maxsize=None)
def gfl_equation(variant: str = "corrected"):
    """GFL fixed point ``G(b) = 0`` (multiplied by m(b) > 0, polynomial in b): note §4.6."""
    m = curvature_at_zero()
    coef = gfl_limit_coefficient(variant).subs(S.m, m)     # k11 kappa / (pi D0 m(b))
    return sp.expand(sp.cancel((S.b * (1 + coef) - 1) * m))


@lru_cache(maxsize=None)
def mixed_equations(variant: str = "corrected"):
    """The four d -> oo GMFL-I equations in (b, c, q, r) (note §4.8), each a left side equal to zero.

    ``S_hat'(q)/q = 0``, ``S_hat(q)/q^2 = 0`` and the two rows of
    ``[I + k11 kappa/(pi D0 m) e1 e1^T + kappa r W(q)] (b, sqrt6 c) = (1, sqrt6 eps)``.
    """
    Sh = scalar_action()
    w11, w12, w22 = kernel_weights(variant)
    m = curvature_at_zero()
    central = gfl_limit_coefficient(variant).subs(S.m, m)
    s6 = sp.sqrt(6)
    e1 = S.b * (1 + central) + S.kappa * S.r * (w11 * S.b + w12 * s6 * S.c) - 1
    e2 = S.c + S.kappa * S.r * (w12 * S.b / s6 + w22 * S.c) - S.eps
    return (sp.cancel(sp.diff(Sh, S.q) / S.q), sp.cancel(Sh / S.q**2), e1, e2)


def invariants_of(n, d, N, sigma_a2, sigma2):
    """``u = n^2 sigma_a^2/(sigma^4 d N)`` and ``kappa = n sigma_a^2/(d sigma^2)`` (eq. 11; note §4.1)."""
    return n**2 * sigma_a2 / (sigma2**2 * d * N), n * sigma_a2 / (d * sigma2)


def build_theory(params=None) -> Theory:
    """The scalar action (Eq. 13, derived) with the GFL self-consistency, as a :class:`Theory`.

    With ``sigma2`` given, ``u`` and ``kappa`` are substituted from the microscopic parameters.

    References
    ----------
    Rubin et al. (ICLR 2024) Eq. 13 and App. eqs. 9-12 (corrected, theory note §7 items 1-2).
    """
    variant = (params or {}).get("q11") or "corrected"
    prior, data = scalar_action_contributions()
    theory = Theory("rubin-cubic", "Rubin et al. model A: scalar action of q = w.w* (Eq. 13)",
                    THEORY_PARAMETERS, (Contribution("prior", prior, "Eq. 13"),
                                        Contribution("data term", data, "Eq. 13, App. eq. 6")),
                    (sp.Eq(gfl_equation(variant), 0), sp.Eq(S.c, S.eps)), r"\hat{\mathcal S}",
                    f"{PAPER.reference}, Eq. 13 and App. eqs. 9-12 (corrected)")
    return at_sigma2(theory, params)


def at_sigma2(theory, params):
    """``theory`` with u, kappa, sigma_w2 and eps substituted when ``params`` give ``sigma2``."""
    if params and params.get("sigma2") is not None:
        u, kappa = invariants_of(params["n"], params["d"], params["N"], params["sigma_a2"], params["sigma2"])
        theory = theory.subs({"u": u, "kappa": kappa, "sigma_w2": params["sigma_w2"], "eps": params["eps"]})
    return theory


# ---------------------------------------------------------------------------------------------- derivation
def derivation(params=None) -> Derivation:
    """The derivation record from the network definition to Eq. 13 and the (b, c) equations.

    Every step carries a check: SymPy identities, or agreement with one-dimensional
    quadrature at 30 digits (Hermite projections).  The printed ``2q^2`` of
    ``Q11`` is recorded as a corrected typo (note §7 item 2).
    """
    variant = (params or {}).get("q11", "corrected") if params else "corrected"
    q, s2, b, c, eps = S.q, S.s2, S.b, S.c, S.eps
    n, d, N, sa, sig2, sw, u, kap = S.n, S.d, S.N, S.sigma_a2, S.sigma2, S.sigma_w2, S.u, S.kappa
    z, h, t, rr, a, T, X = sp.symbols("z h t r a T X", real=True)
    steps = []

    # 1. teacher and the Hermite basis
    steps.append(Step(
        "teacher and Hermite basis", "y = H1(z) + eps H3(z), z = w*.x ~ N(0,1); orthogonality by Gaussian moments",
        sp.Eq(sp.Symbol("y"), He(1, z) + eps * He(3, z)), "eq. 1",
        Identity(sp.Matrix([gaussian_mean(He(1, z) * He(3, z), z, 1), gaussian_mean(He(3, z)**2, z, 1),
                            gaussian_mean(He(1, z)**2, z, 1)]), sp.Matrix([0, 6, 1])),
        note="normalised basis H1, H3/sqrt(6) (App. A.3)"))
    # 2. posterior
    f = sp.Function("f")
    steps.append(Step(
        "student and posterior", "f(x) = sum_i a_i erf(w_i.x); Gaussian priors a_i ~ N(0, sigma_a^2/N), "
        "w_i ~ N(0, sigma_w^2/d I); likelihood exp(-sum_mu (f_mu - y_mu)^2/(2 sigma^2))",
        sp.Eq(sp.Symbol(r"p(\theta \mid D)"), sp.exp(-sp.Sum((f(sp.Symbol("x_mu")) - sp.Symbol("y_mu"))**2,
                                                       (sp.Symbol("mu"), 1, n)) / (2 * sig2))
              * sp.Symbol(r"\prod_i \mathcal{N}(a_i; 0, \sigma_a^2/N)\, \mathcal{N}(w_i; 0, \sigma_w^2 I/d)")),
        "eq. 2, §2.3 (note §2.3: temperature sigma^2, L = sum/2)"))
    # 3. Hubbard-Stratonovich
    hs_lhs = sp.integrate(sp.exp(-sig2 * t**2 / 2) * sp.cos(t * rr), (t, -sp.oo, sp.oo))
    steps.append(Step(
        "Hubbard-Stratonovich", "exp(-r^2/(2 sigma^2)) = sqrt(sigma^2/(2 pi)) int dt exp(-sigma^2 t^2/2 + i t r)",
        sp.Eq(sp.exp(-rr**2 / (2 * sig2)),
              sp.sqrt(sig2 / (2 * sp.pi)) * sp.Integral(sp.exp(-sig2 * t**2 / 2 + sp.I * t * rr), (t, -sp.oo, sp.oo))),
        "note §3.2 step 1", Identity(sp.sqrt(sig2 / (2 * sp.pi)) * hs_lhs, sp.exp(-rr**2 / (2 * sig2)))))
    # 4. read-out integral
    ro = gaussian_mean(sp.cos(a * T), a, sa / N)
    steps.append(Step(
        "Gaussian integral over the read-out", "E_a[exp(i a T)] over a ~ N(0, sigma_a^2/N), T = sum_mu t_mu phi_mu",
        sp.Eq(sp.Symbol(r"\mathbb{E}_a[e^{iaT}]"), ro), "note §3.2 step 2", Identity(ro, sp.exp(-sa * T**2 / (2 * N)))))
    # 5. mean-field saddle
    weight = sp.exp(-sa * T**2 / (2 * N)).subs(T, -sp.I * X)
    steps.append(Step(
        "mean-field saddle (eq. 7)", "t_mu -> -i tbar_mu, tbar = (y - fbar)/sigma^2: per-neuron weight "
        "exp(+sigma_a^2/(2N) (sum_mu tbar_mu phi_mu)^2), X = sum_mu tbar_mu phi_mu",
        sp.Eq(sp.Symbol(r"e^{-S_{\mathrm{data}}}"), weight), "eq. 7-10 (note §3.2 steps 3-4)",
        Identity(weight, sp.exp(sa * X**2 / (2 * N)))))
    # 6. Hermite projections by the engine, each checked by direct SymPy integration (conditional route)
    P1, P3 = projections()
    hq = sp.Symbol("h", real=True)
    dens = sp.exp(-hq**2 / (2 * s2)) / sp.sqrt(2 * sp.pi * s2)
    for k, P in ((1, P1), (3, P3)):
        cond = sp.Poly(conditional_hermite_mean(k, q * hq / s2, 1 - q**2 / s2), hq)
        direct = sum(coef * sp.integrate(sp.erf(hq) * hq**mon[0] * dens, (hq, -sp.oo, sp.oo))
                     for mon, coef in zip(cond.monoms(), cond.coeffs()))
        steps.append(Step(
            f"Hermite projection on H{k}", f"E[erf(h) He_{k}(z)] = q^{k} E[erf^({k})(h)] (Gaussian Stein identity, "
            "computed by the engine), Var h = |w|^2 = s2, Cov(h, z) = q",
            sp.Eq(sp.Symbol(f"E[erf H{k}]"), P), "App. A.3-A.4, App. eqs. 13-19",
            Identity(direct, P),
            note="independent route: condition z on h (E[He_k(z) | h] is a polynomial in h) and integrate each "
                 "erf(h) h^j against the Gaussian density with SymPy"))
    # 7. the paper's recursion I_0, I_1 (App. eqs. 13-19) reproduces the projections
    I0 = 2 / sp.sqrt(sp.pi) * q / sp.sqrt(1 + 2 * s2)
    I1 = I0 * (3 - 2 * q**2 / (1 + 2 * s2))
    steps.append(Step(
        "paper's recursion", "I_n = E[erf(w.x) (w*.x)^(2n+1)]; E[erf H1] = I_0, E[erf H3] = I_1 - 3 I_0",
        sp.Eq(sp.Tuple(sp.Symbol("I_0"), sp.Symbol("I_1")), sp.Tuple(I0, I1)), "App. eqs. 13-19",
        Identity(sp.Matrix([P1, P3]), sp.Matrix([I0, I1 - 3 * I0]))))
    # 8. continuum action (App. eq. 6)
    Sc = continuum_action()
    paper6 = d * (s2 / (2 * sw) - 2 * u / sp.pi * q**2 / (1 + 2 * s2) * (b - 2 * c * q**2 / (1 + 2 * s2))**2)
    u_def, kappa_def = invariants_of(n, d, N, sa, sig2)
    steps.append(Step(
        "continuum action (App. eq. 6)", "ansatz sigma^2 tbar = b H1 + c H3 (eq. 12); EK: sum_mu -> n E_x; "
        "prior d|w|^2/(2 sigma_w^2); u = n^2 sigma_a^2/(sigma^4 d N)",
        sp.Eq(sp.Symbol("S[w]"), Sc), "eq. 12, App. eqs. 5-6",
        Identity(Sc, paper6.subs(u, u_def))))
    # 9. concentration of |w_perp|^2
    comp = sp.Symbol("w_j", real=True)
    mean_perp = (d - 1) * gaussian_mean(comp**2, comp, sw / d)
    var_perp = (d - 1) * (gaussian_mean(comp**4, comp, sw / d) - gaussian_mean(comp**2, comp, sw / d)**2)
    steps.append(Step(
        "concentration of |w_perp|^2", "w = q w* + w_perp; the d-1 components of w_perp are N(0, sigma_w^2/d): "
        "mean (d-1) sigma_w^2/d -> sigma_w^2, variance 2(d-1) sigma_w^4/d^2 -> 0",
        sp.Eq(sp.Symbol(r"|w_{\perp}|^2"), sw), "App. eq. 7",
        Identity(sp.Matrix([mean_perp, var_perp, sp.limit(mean_perp, d, sp.oo), sp.limit(var_perp, d, sp.oo)]),
                 sp.Matrix([(d - 1) * sw / d, 2 * (d - 1) * sw**2 / d**2, sw, 0]))))
    # 10. Eq. 13
    Sh = scalar_action()
    D = D_of(q, sw)
    steps.append(Step(
        "scalar action (Eq. 13)", "S[w] = d S_hat(q) with |w|^2 = sigma_w^2 + q^2, in terms of u",
        sp.Eq(sp.Symbol(r"\hat S(q)"), Sh), "eq. 13 = App. eq. 8",
        Identity(Sh, ((Sc.subs(s2, sw + q**2) - d * sw / (2 * sw)) / d).subs(sa, u * sig2**2 * d * N / n**2)),
        note="D(q) = 1 + 2(sigma_w^2 + q^2); the constant d sigma_w^2/(2 sigma_w^2) of the w_perp prior is "
             "dropped (normalisation), so S_hat(0) = 0; S_hat is even"))
    # 11. invariants (Table 1)
    al, be = sp.symbols("alpha beta", positive=True)
    scale = {N: be * N, d: sp.sqrt(be) * d, sa: sa / sp.sqrt(be), sig2: al / be * sig2, n: al * n}
    steps.append(Step(
        "scaling invariants (Table 1)", "u and kappa = n sigma_a^2/(d sigma^2) under N->bN, d->sqrt(b)d, "
        "sigma_a^2->sigma_a^2/sqrt(b), sigma^2->(a/b)sigma^2, n->a n",
        sp.Eq(sp.Tuple(u, kap), sp.Tuple(u_def, kappa_def)), "eq. 11, Table 1 (kappa: note §4.1)",
        Identity(sp.Matrix([u_def.subs(scale, simultaneous=True) / u_def,
                            kappa_def.subs(scale, simultaneous=True) / kappa_def]), sp.Matrix([1, 1]))))
    # 12. normalised projections and kernel entries
    v1, v2 = normalised_v()
    w11, w12, w22 = kernel_weights(variant)
    steps.append(Step(
        "kernel entries (App. A.3)", "v1 = E[erf H1], v2 = E[erf H3]/sqrt(6) at |w|^2 = sigma_w^2 + q^2; "
        "Q_ij = sigma_a^2 <v_i v_j>" + ("" if variant == "corrected" else " (paper's printed Q11 = 2q^2/(pi D))"),
        sp.Eq(sp.Tuple(sp.Symbol("Q11/sa"), sp.Symbol("Q12/sa"), sp.Symbol("Q22/sa")), sp.Tuple(w11, w12, w22)),
        "App. eqs. 9-11",
        Identity(sp.Matrix([v1, v2, w11, w12, w22]),
                 sp.Matrix([2 * q / sp.sqrt(sp.pi * D), -4 * q**3 / (sp.sqrt(6 * sp.pi) * D**sp.Rational(3, 2)),
                            K11[variant] * q**2 / (sp.pi * D), -8 * q**4 / (sp.sqrt(6) * sp.pi * D**2),
                            8 * q**6 / (3 * sp.pi * D**3)])),
        note="corrected: v1^2 = 4q^2/(pi D); the paper prints 2q^2 (note §7 item 2)"))
    # 13. GPR in the two-dimensional subspace
    A = sp.Matrix(2, 2, sp.symbols("Q11 Q12 Q12 Q22", real=True))
    lam = sp.Symbol("lambda", positive=True)             # sigma^2/n
    lhs = lam * (A + lam * sp.eye(2)).inv()
    rhs = (sp.eye(2) + A / lam).inv()
    steps.append(Step(
        "GPR self-consistency (corrected App. eq. 12)", "(b, sqrt6 c) = (sigma^2/n)[Q + sigma^2/n]^-1 (1, sqrt6 eps) "
        "= [I + (n/sigma^2) Q]^-1 (1, sqrt6 eps), with (n/sigma^2) sigma_a^2 = kappa d",
        sp.Eq(sp.Matrix([b, sp.sqrt(6) * c]),
              sp.Symbol(r"[I + \kappa d \langle v v^T\rangle]^{-1}") * sp.Matrix([1, sp.sqrt(6) * eps])),
        "App. eq. 12 with the missing prefactor sigma^2/n (note §7 item 1)",
        Identity(sp.Matrix([*(lhs - rhs), n / sig2 * sa - kap * d]).subs(kap, kappa_def), sp.zeros(5, 1))))
    # 14. GFL: curvature and the d -> oo limit of the kernel
    m_b = curvature_at_zero()
    lim11 = gfl_limit_coefficient(variant)
    lim12, lim22 = _central_limit(w12), _central_limit(w22)
    steps.append(Step(
        "GFL limit (d -> oo)", "S_hat ~ m q^2/2 at q = 0 so q ~ N(0, 1/(d m)); kappa d <v v^T> -> "
        "diag(k11 kappa/(pi D0 m), 0) (Taylor series and Gaussian moments)",
        sp.Eq(b, 1 / (1 + lim11.subs(S.m, sp.Symbol("m(b)")))),
        "note §4.6 (derived)",
        Identity(sp.Matrix([m_b, Sh.subs(q, -q) - Sh, Sh.subs(q, 0), lim11, lim12, lim22]),
                 sp.Matrix([1 / sw - 4 * u * b**2 / (sp.pi * (1 + 2 * sw)), 0, 0,
                            K11[variant] * kap / (sp.pi * (1 + 2 * sw) * S.m), 0, 0])),
        note="c = eps in GFL"))
    # 15. phase conditions
    dS = sp.diff(Sh, q)
    steps.append(Step(
        "phase conditions", "spinodal: S_hat'(q) = S_hat''(q) = 0 (q != 0); first-order point: "
        "S_hat'(q)/q = 0 and S_hat(q)/q^2 = 0 (degenerate with q = 0), with b the GFL root and c = eps",
        sp.Eq(sp.Tuple(sp.cancel(dS / q), sp.cancel(Sh / q**2)), sp.Tuple(0, 0)), "Claim IV; note §4.7",
        Identity(sp.Matrix([dS.subs(q, 0), sp.cancel(dS / q) * q - dS, sp.cancel(Sh / q**2) * q**2 - Sh]),
                 sp.zeros(3, 1))))
    # 16. mixed phase
    eqs = mixed_equations(variant)
    rho = sp.Symbol("r", nonnegative=True) / d
    mix11 = (1 - rho) * S.kappa * d * sp.Symbol("C11") + S.kappa * d * rho * w11
    steps.append(Step(
        "mixed phase GMFL-I (d -> oo)", "fraction rho = r/d of neurons in the +-q* wells: "
        "kappa d <v v^T> -> k11 kappa/(pi D0 m) e1 e1^T + kappa r W(q*); wells degenerate with q = 0",
        sp.Eq(sp.Matrix(eqs), sp.zeros(4, 1)), "note §4.8 (derived; the paper gives only the heuristic)",
        Identity(sp.limit(mix11.subs(sp.Symbol("C11"), lim11 / (S.kappa * d)), d, sp.oo),
                 lim11 + S.kappa * sp.Symbol("r", nonnegative=True) * w11)))
    return Derivation("Rubin et al. model A: from the erf network to the scalar action and the (b, c) equations",
                      tuple(steps), SYMBOLS.latex,
                      summary="Each step is checked: SymPy identities, and quadrature for the Hermite projections. "
                              "Final equations: the scalar action (Eq. 13), the GFL fixed point and the GMFL-I system.")
