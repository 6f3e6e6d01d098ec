r"""The derivation record of the declared two-layer model, step by step from its definition
(pure SymPy; each step says how it is checked, or that it is transcribed).

References
----------
Rubin, Seroussi & Ringel (ICLR 2024) eqs. 7-13, App. A.2-A.4; theory note §3.1-3.4, §4.2-4.8.
"""
from __future__ import annotations

import sympy as sp

from ..symbolic import Agreement, Derivation, Identity, Step
from ..symbolic.gaussian import conditional_hermite_mean
from . import two_layer_symbolic as sym
from .gaussian_means import X

__all__ = ["derivation"]

S = sym.S
PAPER = "Rubin, Seroussi & Ringel (ICLR 2024)"


def _conditioning_route(spec, k):
    """``E[phi(h) He_k(z)]`` by conditioning ``z`` on ``h`` and integrating ``h`` (an unevaluated
    integral: the independent numerical route to the Stein closed form)."""
    h = sp.Symbol("h", real=True)
    cond = conditional_hermite_mean(k, S.q * h / S.s2, 1 - S.q**2 / S.s2)
    density = sp.exp(-h**2 / (2 * S.s2)) / sp.sqrt(2 * sp.pi * S.s2)
    return sp.Integral(spec.activation.subs(X, h) * cond * density, (h, -sp.oo, sp.oo))


def derivation(params=None) -> Derivation:
    """From the declared activation and teacher to the phase conditions and the GMFL-I system."""
    params = params or {}
    spec = sym.spec(params.get("activation") or sym.PARAMETERS[0].default,
                    params.get("teacher") or sym.PARAMETERS[1].default)
    z, w2 = sp.Symbol("z", real=True), sp.Symbol("|w|^2", positive=True)
    y = sp.Add(*(t * sym.he(k, z) for k, t in spec.teacher))
    g = spec.g
    steps = [
        Step("model", "two-layer network f(x) = sum_i a_i phi(w_i.x), a_i ~ N(0, sigma_a^2/N), "
             "w_i ~ N(0, sigma_w^2/d), x ~ N(0, I_d); teacher y = sum_k t_k He_k(w*.x), |w*| = 1",
             sp.Eq(sp.Function("phi")(X), spec.activation), f"{PAPER} eqs. 1-2 (the model, declared)"),
        Step("teacher", "probabilists' Hermite modes, unnormalised", sp.Eq(sp.Symbol("y"), y),
             "declared", check=Identity(y.subs(z, 0) - sp.Add(*(t * sym.he(k, 0) for k, t in spec.teacher)), 0)),
        Step("per-neuron action", "transcribed: mean-field decoupling of the read-out (eq. 7), with "
             "t = (y - f)/sigma^2 at its saddle", sp.Eq(sp.Symbol("S"), sp.Symbol("d|w|^2/(2 sigma_w^2) - "
                                                                                   "sigma_a^2/(2N) (sum_mu t_mu phi_mu)^2")),
             f"{PAPER} eq. 7 (transcribed; derived in theory note §3.2)"),
        Step("discrepancy ansatz", "sigma^2 t(x) = sum_k b_k He_k(w*.x), one coefficient per teacher mode "
             "and the linear one", sp.Eq(sp.Symbol("sigma^2 t"), sp.Add(*(S.b(k) * sym.he(k, z) for k in spec.modes))),
             f"{PAPER} eq. 12, generalised"),
    ]
    for k in spec.modes:
        P = spec.projection(k)
        check = (Identity(P, 0) if k in spec.decoupled else
                 Agreement(P, _conditioning_route(spec, k), {S.q: ("1/10", "1/2"), S.s2: ("3/5", "3/2")},
                           digits=12, points=2))
        steps.append(Step(f"Hermite projection He{k}", "Gaussian Stein identity E[phi(h) He_k(z)] = q^k "
                          "E[phi^(k)(h)], h ~ N(0, s2), Cov(h, z) = q" + (" (vanishes by parity)"
                                                                          if k in spec.decoupled else ""),
                          sp.Eq(sp.Symbol(f"P{k}"), P), "theory note §4.2, Route 1", check=check))
    Sh = sym.scalar_action(spec)
    m = sym.curvature_at_zero(spec)
    n_sigma = sp.Symbol("X")
    steps += [
        Step("continuum action", "sum_mu t_mu phi_mu -> (n/sigma^2) sum_k b_k P_k, and "
             "n^2 sigma_a^2/(N sigma^4) = u d", sp.Eq(sp.Symbol("S"), S.d * (w2 / (2 * S.sigma_w2)
                                                                               - S.u / 2 * n_sigma**2)),
             "theory note §4.3",
             check=Identity(S.sigma_a2 / (2 * S.N) * (S.n / S.sigma2) ** 2 * n_sigma**2,
                            S.d * S.u / 2 * n_sigma**2,
                            {S.u: S.n**2 * S.sigma_a2 / (S.sigma2**2 * S.d * S.N)})),
        Step("scalar action", "w = q w* + w_perp with |w_perp|^2 -> sigma_w^2, so s2 = sigma_w^2 + q^2; "
             "S = d S_hat(q)", sp.Eq(sp.Symbol("S_hat"), Sh), f"{PAPER} eq. 13, generalised",
             check=Identity(Sh.subs(S.q, 0), 0)),
        Step("curvature at q = 0", "only the linear mode is quadratic at q = 0",
             sp.Eq(sp.Symbol("m"), m), "theory note §4.6", check=Identity(sp.diff(Sh, S.q, 2).subs(S.q, 0), m)),
        Step("GFL kernel", "kappa d <v_k v_l> with q ~ N(0, 1/(d m)): the (1,1) entry tends to kappa g_1^2/m; "
             "every other entry of the teacher modes is O(d^(1-(k+l)/2)) -> 0; a constant mode of phi has "
             "kappa d <v_0^2> -> oo, so its discrepancy vanishes and it leaves the action",
             sp.Eq(sp.Symbol("K_11"), S.kappa * g[1].subs(S.s2, S.sigma_w2) ** 2 / S.m), "theory note §4.6",
             check=Identity(S.kappa * S.d * g[1].subs(S.s2, S.sigma_w2) ** 2 / (S.d * S.m),
                            S.kappa * g[1].subs(S.s2, S.sigma_w2) ** 2 / S.m)),
        Step("GFL self-consistency", "b1 = t1 / (1 + kappa g_1^2/m(b1)), b_k = t_k for k >= 2 (times m > 0)",
             sp.Eq(sym.gfl_equation(spec), 0), "theory note §4.6, generalised",
             check=Identity(sym.gfl_equation(spec),
                            sp.expand((S.b(1) * (1 + S.kappa * g[1].subs(S.s2, S.sigma_w2) ** 2 / m)
                                       - spec.target(1)) * m))),
        Step("phase conditions", "spinodal: S_hat' = S_hat'' = 0 at q* > 0; first order: S_hat' = 0 and "
             "S_hat = S_hat(0) = 0", sp.Tuple(sp.Eq(sp.Derivative(sp.Symbol("S_hat"), S.q), 0),
                                              sp.Eq(sp.Symbol("S_hat"), 0)), f"{PAPER} Claim IV"),
        Step("GMFL-I system", "droplets r = rho d in the +-q* wells: S_hat'(q*) = 0, S_hat(q*) = 0, "
             "[I + kappa g1^2/m e1 e1^T + kappa r v v^T] Delta = y", sp.Tuple(*sym.mixed_system(spec)),
             "theory note §4.8, generalised"),
    ]
    lim = sym.large_q(spec)
    steps.append(Step("large q", "S_hat(q)/q^2 as q -> oo: positive means bounded below" +
                      ("" if lim is not None else "; phi is bounded, so every projection is and the prior wins"),
                      sp.Eq(sp.Symbol("L"), lim if lim is not None else sp.Integer(1) / (2 * S.sigma_w2)),
                      "derived", check=None if lim is None else Identity(lim, sp.limit(Sh.subs(
                          {S.b(k): spec.target(k) for k in spec.modes if k != 1}) / S.q**2, S.q, sp.oo))))
    names = {S.sigma_w2: r"\sigma_w^2", S.sigma_a2: r"\sigma_a^2", S.sigma2: r"\sigma^2", S.kappa: r"\kappa",
             S.eps: r"\epsilon"}
    return Derivation(f"Two-layer network: phi = {spec.activation}", tuple(steps), names)
