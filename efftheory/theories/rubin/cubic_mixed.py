r"""The ``d -> oo`` GMFL-I mixed phase of ``rubin-cubic`` below the first-order point (note §4.8).

A fraction ``rho = r/d`` of the neurons sits in the degenerate side wells ``+-q*``; the four
derived equations (:func:`.cubic_symbolic.mixed_equations`) fix ``(b, c, q*, r)``.  Here: the
state at a given ``sigma2``, the equilibrium learned components (Fig. 2c) and the onset slopes at
the first-order point (the side wells of Fig. 2a/b are in :mod:`.cubic_wells`).

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
from .cubic_numeric import (MICRO, cache_key, first_order, gfl_b, invariants, micro_subs, micro_values, side_of,
                            variant)

__all__ = ["mixed_phase", "learned_components", "onset_slopes"]

S = sym.SYMBOLS


@lru_cache(maxsize=None)
def _mixed_system(variant: str) -> System:
    eqs = tuple(micro_subs(e) for e in sym.mixed_equations(variant))
    return System(eqs, (S.b, S.c, S.q, S.r), (S.sigma2, *MICRO), "GMFL-I mixed phase")


@lru_cache(maxsize=64)
def _mixed_seed(key, sigma2, steps=24):
    """Float64 continuation of the GMFL-I branch from the first-order point down to ``sigma2``.

    Only a seed: no decision is taken here (which side of ``sigma2_c`` is decided by
    :func:`.cubic_numeric.side_of` at the working precision before this is called).
    """
    params = dict(key)
    fo = first_order(params, 15)
    sc = float(fo["sigma2"])
    system = _mixed_system(variant(params))
    x = np.array([float(fo["b"]), float(fo["c"]), float(fo["q"]), 0.0])
    vals = {**{s: params[s.name] for s in MICRO}}
    for s2 in np.linspace(sc, float(sigma2), steps + 1)[1:]:
        x = system.seed(x, {S.sigma2: s2, **vals})
    if np.linalg.norm(system.residual_f64(x, [float(sigma2)] + [float(sp.Rational(vals[s])) for s in MICRO])) > 1e-8:
        raise ConvergenceError(f"GMFL-I continuation from sigma2_c = {sc:.10g} to {float(sigma2):.10g} failed")
    return tuple(x)


def _mixed_state(params, dps):
    """The GMFL-I state at ``sigma2``, the caller having placed ``sigma2`` below ``sigma2_c``."""
    x0 = _mixed_seed(cache_key(params), params["sigma2"])
    system = _mixed_system(variant(params))
    b, c, q, r = system.polish(list(x0), {S.sigma2: params["sigma2"], **micro_values(params)}, dps=dps)
    # r -> 0+ at sigma2_c: a value within round-off of 0 is left to the two-precision comparison
    if r < -mpmath.mpf(10) ** (10 - dps):
        raise ConvergenceError(f"GMFL-I: the droplet mass r = {mpmath.nstr(r, 8)} came out negative")
    u, kappa = invariants(params, dps)
    with mpmath.workdps(dps):
        return {"b": b, "c": c, "q": abs(q), "r": r, "u": u, "kappa": kappa}


def mixed_phase(params, dps):
    """``d -> oo`` GMFL-I state at ``sigma2``: b, c, q = q*, r = rho d (note §4.8).

    The domain test ``sigma2 < sigma2_c`` compares the exact ``sigma2`` with ``sigma2_c`` solved at
    the working precision (:func:`.cubic_numeric.side_of`, which goes higher only when ``sigma2`` is
    within that precision's error of ``sigma2_c``): an error can't be compared between the two
    precisions, so it is raised only when certain.

    Raises
    ------
    ParameterDomainError
        If ``sigma2 > sigma2_c`` (the GFL side).
    """
    if side_of(params, "first_order", dps) > 0:
        fo = first_order(params, dps)
        raise ParameterDomainError(f"parameter 'sigma2' = {params['sigma2']} is outside the mixed phase GMFL-I: it "
                                   f"needs sigma2 < sigma2_c = {mpmath.nstr(fo['sigma2'], 12)} (first-order point)")
    return _mixed_state(params, dps)


def learned_components(params, dps):
    """Learned components ``1 - b``, ``eps - c``, ``(eps - c)/eps`` in the d -> oo equilibrium state.

    The phase (``GFL`` above ``sigma2_c``, ``GMFL-I`` below) is decided at the working precision
    ``dps`` against ``sigma2_c`` solved at ``dps`` (:func:`.cubic_numeric.side_of`) and returned
    as ``phase``, so the two-precision verification compares it with the digits.

    References
    ----------
    Rubin et al. (ICLR 2024) Fig. 2c.
    """
    u, kappa = invariants(params, dps)
    gfl = side_of(params, "first_order", dps) > 0
    with mpmath.workdps(dps):
        eps = to_mpf(params["eps"], dps)
        if gfl:
            b, c, phase = gfl_b(u, kappa, params["sigma_w2"], dps, variant=variant(params)), eps, "GFL"
        else:
            st = _mixed_state(params, dps)
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
