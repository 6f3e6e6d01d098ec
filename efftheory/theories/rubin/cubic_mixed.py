r"""The ``d -> oo`` GMFL-I mixed phase of ``rubin-cubic`` below the first-order point (note §4.8).

A fraction ``rho = r/d`` of the neurons sits in the degenerate side wells ``+-q*``; the four
derived equations (:func:`.cubic_symbolic.mixed_equations`) fix ``(b, c, q*, r)``.  Here: the
state at a given ``sigma2``, the equilibrium learned components (Fig. 2c), the onset slopes at
the first-order point and the side-well diagnostics of Fig. 2a/b.

References
----------
Rubin et al. (ICLR 2024) Claim IV, Fig. 2; theory note §4.8.
"""
from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp

from ...errors import ConvergenceError, ParameterDomainError
from ...numeric import System, compile_function, to_mpf
from . import cubic_symbolic as sym
from .cubic_numeric import (MICRO, action_functions, cache_key, first_order, gfl_b, invariants, micro_subs,
                            micro_values, variant)

__all__ = ["mixed_phase", "learned_components", "onset_slopes", "side_well"]

S = sym.SYMBOLS


@lru_cache(maxsize=None)
def _mixed_system(variant: str) -> System:
    eqs = tuple(micro_subs(e) for e in sym.mixed_equations(variant))
    return System(eqs, (S.b, S.c, S.q, S.r), (S.sigma2, *MICRO), "GMFL-I mixed phase")


@lru_cache(maxsize=64)
def _mixed_seed(key, sigma2, steps=24):
    """Float64 continuation of the GMFL-I branch from the first-order point down to ``sigma2``."""
    params = dict(key)
    fo = first_order(params, 20)
    sc = float(fo["sigma2"])
    if not float(sigma2) < sc:
        raise ParameterDomainError(f"parameter 'sigma2' = {sigma2} is outside the mixed phase GMFL-I: it needs "
                                   f"sigma2 < sigma2_c = {mpmath.nstr(fo['sigma2'], 12)} (first-order point)")
    system = _mixed_system(variant(params))
    x = np.array([float(fo["b"]), float(fo["c"]), float(fo["q"]), 0.0])
    vals = {**{s: params[s.name] for s in MICRO}}
    for s2 in np.linspace(sc, float(sigma2), steps + 1)[1:]:
        x = system.seed(x, {S.sigma2: s2, **vals})
    if np.linalg.norm(system.residual_f64(x, [float(sigma2)] + [float(sp.Rational(vals[s])) for s in MICRO])) > 1e-8:
        raise ConvergenceError(f"GMFL-I continuation from sigma2_c = {sc:.10g} to {float(sigma2):.10g} failed")
    return tuple(x)


def mixed_phase(params, dps):
    """``d -> oo`` GMFL-I state at ``sigma2``: b, c, q = q*, r = rho d (note §4.8)."""
    x0 = _mixed_seed(cache_key(params), params["sigma2"])
    system = _mixed_system(variant(params))
    b, c, q, r = system.polish(list(x0), {S.sigma2: params["sigma2"], **micro_values(params)}, dps=dps)
    if r < 0:
        raise ConvergenceError(f"GMFL-I: the droplet mass r = {mpmath.nstr(r, 8)} came out negative")
    u, kappa = invariants(params, dps)
    with mpmath.workdps(dps):
        return {"b": b, "c": c, "q": abs(q), "r": r, "u": u, "kappa": kappa}


def learned_components(params, dps):
    """Learned components ``1 - b``, ``eps - c``, ``(eps - c)/eps`` in the d -> oo equilibrium state.

    References
    ----------
    Rubin et al. (ICLR 2024) Fig. 2c.
    """
    fo = first_order(params, 20)
    u, kappa = invariants(params, dps)
    with mpmath.workdps(dps):
        eps = to_mpf(params["eps"], dps)
        if to_mpf(params["sigma2"], 30) >= fo["sigma2"]:
            b, c, phase = gfl_b(u, kappa, params["sigma_w2"], dps, variant=variant(params)), eps, "GFL"
        else:
            st = mixed_phase(params, dps)
            b, c, phase = st["b"], st["c"], "GMFL-I"
        out = {"b": b, "c": c, "linear": 1 - b, "cubic": eps - c, "phase": phase, "u": u, "kappa": kappa}
        if eps != 0:
            out["cubic_normalized"] = (eps - c) / eps
        return out


def onset_slopes(params, dps):
    """Onset slopes of the mixed phase at the first-order point (implicit function theorem).

    At ``sigma2_c`` the GMFL-I system ``F(b, c, q, r; sigma2) = 0`` has a regular Jacobian, so the
    branch is analytic: ``r``, ``eps - c`` grow linearly (exponent 1) in ``sigma2_c - sigma2``
    with slopes ``-J^-1 dF/dsigma2``.  Returned: the slopes ``dr/dsigma2``, ``dc/dsigma2``,
    ``db/dsigma2``, ``dq/dsigma2`` on the GMFL-I side and the exponent 1 (exact) when the
    slopes are nonzero.
    """
    fo = first_order(params, dps)
    system = _mixed_system(variant(params))
    J = sp.ImmutableMatrix(system.equations).jacobian(system.unknowns)
    Fs = sp.ImmutableMatrix(system.equations).diff(S.sigma2)
    args = (*system.unknowns, S.sigma2, *MICRO)
    kJ, kF = compile_function(J, args), compile_function(Fs, args)
    with mpmath.workdps(dps):
        x = [fo["b"], fo["c"], fo["q"], mpmath.mpf(0), fo["sigma2"]] + [to_mpf(params[s.name], dps) for s in MICRO]
        slope = mpmath.lu_solve(mpmath.matrix(kJ(*x)), -mpmath.matrix(kF(*x)))
        db, dc, dq, dr = slope
        return {"dr_dsigma2": dr, "dc_dsigma2": dc, "db_dsigma2": db, "dq_dsigma2": dq,
                "exponent_r": mpmath.mpf(1) if dr != 0 else mpmath.mpf(0)}


def side_well(params, dps):
    """``S_hat(q*)`` and ``d S_hat`` at the side minimum with the d -> oo state (Fig. 2a/b diagnostics)."""
    st = learned_components(params, dps)
    action, _, dS_over_q, f64 = action_functions()
    qs = np.linspace(1e-3, 4.0, 4000)
    with mpmath.workdps(dps):
        u = st["u"]
        sw = to_mpf(params["sigma_w2"], dps)
        vals = f64(qs, float(u), float(st["b"]), float(st["c"]), float(sw))
        i = int(np.argmin(vals))
        if i == 0 or i == len(qs) - 1:
            return {"side_well": "absent", "side_minimum": mpmath.mpf(0), "q": mpmath.mpf(0)}
        qm = mpmath.findroot(lambda x: dS_over_q(x, u, st["b"], st["c"], sw), mpmath.mpf(float(qs[i])),
                             tol=mpmath.mpf(10) ** (-dps))
        return {"side_well": "present", "q": qm, "side_minimum": action(qm, u, st["b"], st["c"], sw)}
