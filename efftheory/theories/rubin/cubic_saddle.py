r"""``rubin-cubic`` without Eq. 13's concentration of ``|w_perp|^2`` (``perp = saddle``), pure SymPy.

Eq. 13 (App. eqs. 7-8) sets ``|w_perp|^2 = sigma_w^2``.  But the data term of App. eq. 6 depends on
``|w|^2 = q^2 + |w_perp|^2`` at order ``d``, as do the prior and the entropy of ``w_perp``, so in a side
well ``|w_perp|^2`` sits at its own saddle point (the Langevin network measures it: claim
``sim-perp-concentration``).  Here ``t = |w_perp|^2/sigma_w^2`` is a second order parameter: the action
of ``(q, t)``, the theory built on it, and the derivation steps that lead there from App. eq. 6.

References
----------
Rubin et al. (ICLR 2024) App. eqs. 6-8; the finite-``d`` law with ``|w_perp|^2`` integrated is
:mod:`.langevin_theory` (``perp="integrated"``), whose ``d -> oo`` limit this is.
"""
from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ...symbolic import AllOf, Contribution, Derivation, Identity, Step, Theory
from . import PAPER
from .cubic_symbolic import (SYMBOLS as S, THEORY_PARAMETERS, T_PARAMETER, at_sigma2, build_theory as eq13_theory,
                             continuum_action, curvature_at_zero, derivation as eq13_derivation, gfl_equation,
                             scalar_action)

__all__ = ["relaxed_action", "build_theory", "derivation"]


@lru_cache(maxsize=None)
def relaxed_action():
    r"""The action per ``d`` of ``(q, t)``, ``t = |w_perp|^2/sigma_w^2``, without Eq. 13's concentration step.

    ``w = q w* + w_perp`` with ``|w_perp|^2 = sigma_w^2 t``: the continuum action at
    ``|w|^2 = q^2 + sigma_w^2 t``, divided by ``d``, minus the rate ``(1/2) log t`` of the measure
    ``s^{(d-3)/2} ds`` of ``s = |w_perp|^2`` (the volume of the sphere of ``w_perp``), less its value
    at ``(0, 1)``.  Eq. 13 is the section ``t = 1``; at ``d -> oo`` the law of ``(q, t)`` concentrates
    on the global minima of this action (Laplace's method over both), not on ``t = 1``.
    """
    expr = continuum_action().subs(S.s2, S.q**2 + S.sigma_w2 * S.t) / S.d - sp.log(S.t) / 2
    expr = expr.subs(S.sigma_a2, S.u * S.sigma2**2 * S.d * S.N / S.n**2)
    return sp.simplify(expr - expr.subs({S.q: 0, S.t: 1}))


def _relaxed_theory(variant) -> Theory:
    """``perp = saddle``: the action of ``(q, t)`` (:func:`relaxed_action`) with the same GFL equations
    (the curvature at ``(0, 1)`` along ``q`` is Eq. 13's ``m(b)`` and the ``q``-``t`` coupling vanishes there:
    derivation step "GFL unchanged")."""
    full = relaxed_action()
    prior = S.q**2 / (2 * S.sigma_w2)
    perp = S.t / 2 - sp.log(S.t) / 2 - sp.Rational(1, 2)
    return Theory("rubin-cubic", "Rubin et al. model A: action of q = w.w* and t = |w_perp|^2/sigma_w^2 "
                  "(Eq. 13 without the concentration of |w_perp|^2)",
                  THEORY_PARAMETERS + (T_PARAMETER,),
                  (Contribution("prior of q", prior, "Eq. 13"),
                   Contribution("prior and entropy of the perpendicular part", perp, "measure s^((d-3)/2) ds, App. eq. 7"),
                   Contribution("data term", sp.simplify(full - prior - perp),
                                "App. eq. 6 at |w|^2 = q^2 + sigma_w^2 t")),
                  (sp.Eq(gfl_equation(variant), 0), sp.Eq(S.c, S.eps)), r"\hat{\mathcal S}",
                  f"{PAPER.reference}, App. eqs. 6-7 (|w_perp|^2 at its saddle point) and App. eqs. 9-12 (corrected)")


def _saddle_steps() -> list:
    """Steps 18-20 of the record: ``|w_perp|^2`` kept as an order parameter (``perp = saddle``) instead of concentrated."""
    q, b, c, u, sw, d, t = S.q, S.b, S.c, S.u, S.sigma_w2, S.d, S.t
    sv = sp.Symbol("s", positive=True)
    law = sv**((d - 3) / 2) * sp.exp(-d * sv / (2 * sw))            # prior law of s = |w_perp|^2 (d-1 components)
    Z, M = (sp.integrate(f * law, (sv, 0, sp.oo), conds="none") for f in (1, sv))
    rate = sp.log(sv) / 2 - sv / (2 * sw)
    F = relaxed_action()
    w2 = q**2 + sw * t                                               # |w|^2
    by_hand = (w2 / (2 * sw) - 2 * u / sp.pi * q**2 / (1 + 2 * w2) * (b - 2 * c * q**2 / (1 + 2 * w2))**2
               - sp.log(t) / 2 - sp.Rational(1, 2))
    Ft = sp.diff(F, t)
    D0 = 1 + 2 * sw
    return [
        Step("measure of |w_perp|^2", "w_perp has d-1 components: d^(d-1) w_perp ∝ s^((d-3)/2) ds with "
             "s = |w_perp|^2, so p(s) ∝ s^((d-3)/2) exp(-d s/(2 sigma_w^2)) under the prior, of rate "
             "(1/2) log s - s/(2 sigma_w^2) per d; its mean is step 9's (d-1) sigma_w^2/d",
             sp.Eq(sp.Symbol("p(s)"), law), "App. eq. 7 (the volume of the sphere of w_perp)",
             Identity(sp.Matrix([sp.expand_func(M / Z), sp.expand_log(d * (sp.log(law) / d - rate), force=True)]),
                      sp.Matrix([(d - 1) * sw / d, -3 * sp.log(sv) / 2])),
             note="Eq. 13 keeps only the mean; the rate is of order d, like the data term, so in a side well "
                  "|w_perp|^2 moves by O(1) (the simulation measures it: claim sim-perp-concentration)"),
        Step("action of (q, t) without the concentration", "t = |w_perp|^2/sigma_w^2: the continuum action at "
             "|w|^2 = q^2 + sigma_w^2 t per d, plus the rate of the measure, less its value at (0, 1); the law "
             "of (q, t) concentrates on its global minima as d -> oo (Laplace's method over both)",
             sp.Eq(sp.Symbol(r"\hat S(q, t)"), F), "App. eqs. 6-7 (derived; the paper sets t = 1)",
             AllOf(Identity(F, by_hand), Identity(F.subs(t, 1), scalar_action())),
             note="the section t = 1 is Eq. 13; min over t of S_hat(q, t) lies below Eq. 13's S_hat(q)"),
        Step("GFL unchanged, side wells deeper", "at q = 0 the saddle is t = 1 with d^2S/dt^2 = 1/2, d^2S/dq dt = 0 "
             "and d^2S/dq^2 = m(b): the GFL fixed point is Eq. 13's; off q = 0, dS/dt at t = 1 is "
             "4 sigma_w^2 u b^2 q^2/(pi (1 + 2 sigma_w^2)^2) + O(q^4) > 0, so a well pulls t below 1",
             sp.Eq(sp.Symbol(r"\lim_{q \to 0} \partial_t \hat S(q, 1) / q^2"),
                   4 * sw * u * b**2 / (sp.pi * D0**2)), "derived (not in the paper)",
             Identity(sp.Matrix([Ft.subs({q: 0, t: 1}), sp.diff(F, t, 2).subs({q: 0, t: 1}),
                                 sp.diff(F, q, t).subs(q, 0), sp.diff(F, q, 2).subs({q: 0, t: 1}),
                                 sp.series(Ft.subs(t, 1), q, 0, 4).removeO()]),
                      sp.Matrix([0, sp.Rational(1, 2), 0, curvature_at_zero(),
                                 4 * sw * u * b**2 * q**2 / (sp.pi * D0**2)])),
             note="so the spinodal and the first-order point move, to larger sigma^2 at the Fig. 2 parameters "
                  "(solve with the saddle option)"),
    ]


def build_theory(params=None) -> Theory:
    """The theory of ``rubin-cubic``: Eq. 13's (``perp = concentrated``, default) or that of ``(q, t)``."""
    if (params or {}).get("perp") != "saddle":
        return eq13_theory(params)
    return at_sigma2(_relaxed_theory((params or {}).get("q11") or "corrected"), params)


def derivation(params=None) -> Derivation:
    """The derivation record of Eq. 13 (:func:`.cubic_symbolic.derivation`) and three more steps that drop
    its concentration of ``|w_perp|^2``."""
    record = eq13_derivation(params)
    return Derivation(record.title, tuple(record.steps) + tuple(_saddle_steps()), record.symbol_names,
                      summary=record.summary + " The last three steps drop Eq. 13's concentration of |w_perp|^2 "
                                               "(perp = saddle).")
