r"""The phase diagram ``u_c(kappa, eps)`` of ``rubin-cubic``: the first-order point at fixed ``kappa``
with ``u`` as the control (Claim IV; note §4.7).

The conditions are the theory's: ``S_hat'(q)/q = 0``, ``S_hat(q)/q^2 = 0`` (degenerate with
``q = 0``) and the GFL equation for ``b``, with ``c = eps``; a float64 bisection on the sign of
``min_{q>0} S_hat`` seeds them.

References
----------
Rubin et al. (ICLR 2024) Claim IV (u_c ~ 30.2 at eps = -0.3); theory note §4.7.
"""
from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp

from ...errors import ConvergenceError
from ...numeric import System, compile_function, continuation
from . import cubic_symbolic as sym
from .cubic_numeric import gfl_b, variant

__all__ = ["first_order_at_kappa", "u_c"]

S = sym.SYMBOLS


@lru_cache(maxsize=None)
def _theory():
    """The theory with ``c = eps`` (the GFL value of the cubic coefficient)."""
    return sym.build_theory().subs({"c": S.eps})


@lru_cache(maxsize=None)
def _uc_system(variant: str) -> System:
    theory = _theory()
    eqs = (sp.cancel(theory.stationarity[0].lhs / S.q), sp.cancel(theory.action / S.q**2), sym.gfl_equation(variant))
    return System(eqs, (S.u, S.q, S.b), (S.kappa, S.sigma_w2, S.eps), "first-order point at fixed kappa")


@lru_cache(maxsize=256)
def _uc_seed(kappa, sigma_w2, eps, variant):
    """Float64 bracket of the first-order u at fixed kappa: min_{q>0} S_hat changes sign."""
    f = compile_function(_theory().action, (S.q, S.u, S.b, S.sigma_w2, S.eps), "numpy")
    qs = np.linspace(1e-3, 4.0, 4000)
    sw, ep = float(sigma_w2), float(eps)

    def side_min(u):
        b = float(gfl_b(sp.Rational(u).limit_denominator(10**12), kappa, sigma_w2, 16, variant=variant))
        vals = f(qs, u, b, sw, ep)
        i = int(np.argmin(vals))
        return vals[i], qs[i], b
    us = np.geomspace(0.5, 1e5, 120)
    prev = None
    for uu in us:
        val = side_min(uu)
        if prev is not None and prev[1][0] > 0 >= val[0]:
            lo, hi = prev[0], uu
            for _ in range(50):
                mid = np.sqrt(lo * hi)
                if side_min(mid)[0] > 0:
                    lo = mid
                else:
                    hi = mid
            v, qq, b = side_min(hi)
            return (hi, qq, b)
        prev = (uu, val)
    raise ConvergenceError(f"no first-order point for u in [0.5, 1e5] at kappa = {kappa}")


def first_order_at_kappa(kappa, sigma_w2, eps, dps, *, variant="corrected"):
    """First-order point ``(u_c, q*, b_c)`` at fixed ``kappa`` (the phase diagram u_c(kappa, eps))."""
    system = _uc_system(variant)
    values = {S.kappa: kappa, S.sigma_w2: sigma_w2, S.eps: eps}
    # along a line (a sweep in kappa) the start comes from the previous points, else from the bracket
    seed = continuation.start(system, values, lambda: _uc_seed(sp.Rational(kappa), sp.Rational(sigma_w2),
                                                               sp.Rational(eps), variant))
    u, q, b = system.polish(list(seed), values, dps=dps)
    continuation.record(system, values, (u, q, b))
    with mpmath.workdps(dps):
        return {"u_c": u, "q": abs(q), "b": b}


def u_c(params, dps):
    """The quantity ``u_c``: :func:`first_order_at_kappa` at the given ``kappa``."""
    return first_order_at_kappa(params["kappa"], params["sigma_w2"], params["eps"], dps, variant=variant(params))
