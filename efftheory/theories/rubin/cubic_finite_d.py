r"""Finite-``d`` self-consistency of ``rubin-cubic``: ``(b, c)`` with the kernel entries averaged
under ``exp(-d sqrt(beta) S_hat(q))`` by quadrature (note §4.9).

Newton (finite-difference Jacobian) at working precision, seeded by a float64 twin (SciPy
quadrature and hybrid Powell) started from the ``d -> oo`` state at the same ``sigma2``.

References
----------
Rubin et al. (ICLR 2024) Table 1 (the scaling variable beta), App. eq. 12 (corrected), Fig. 2;
theory note §4.9.
"""
from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np

from ...errors import ConvergenceError
from ...numeric import compile_function, newton, to_mpf
from . import cubic_symbolic as sym
from .cubic_mixed import learned_components
from .cubic_numeric import action_functions, invariants, variant

__all__ = ["finite_d"]

S = sym.SYMBOLS


@lru_cache(maxsize=None)
def _weights(variant, backend="mpmath"):
    """``(w11, w12, w22)`` of ``(q, sigma_w2)`` (App. eqs. 9-11) as callables."""
    return [compile_function(w, (S.q, S.sigma_w2), backend) for w in sym.kernel_weights(variant)]


def _fd_averages(b, c, u, sw, dd, variant, dps, window=4):
    """``<w11>, <w12>, <w22>`` under ``exp(-d S_hat(q; b, c))`` on ``|q| <= window`` (even integrand: [0, window]).

    The interval is split at the minima of ``S_hat`` (float64 scan) and at 1, 3, 8
    widths ``(d S'')^-1/2`` around each, so that tanh-sinh resolves every peak.  The window
    is doubled until the density at its edge is below ``10**-(dps + 10)`` of the peak
    (``S_hat`` grows like ``q^2 / (2 sigma_w^2)``), so the cut-off tail is beneath the
    working precision for any ``d sqrt(beta)``.
    """
    action, curv, _, f64 = action_functions()
    weights = _weights(variant)
    need = (dps + 10) * np.log(10) + 5
    for _ in range(12):
        qs = np.linspace(0.0, window, 4001)
        vals = f64(qs, float(u), float(b), float(c), float(sw))
        if float(dd) * (vals[-1] - vals.min()) > need:
            break
        window *= 2
    else:
        raise ConvergenceError(f"finite d: exp(-d S_hat) does not decay within |q| <= {window} (d = {float(dd):.3g})")
    minima = [0.0] + [qs[i] for i in range(1, len(qs) - 1) if vals[i] < vals[i - 1] and vals[i] <= vals[i + 1]]
    with mpmath.workdps(dps + 10):
        pts = {mpmath.mpf(0), mpmath.mpf(window)}
        smin = min(action(mpmath.mpf(x), u, b, c, sw) for x in minima)
        for x in minima:
            x = mpmath.mpf(x)
            k = curv(x, u, b, c, sw)
            width = 1 / mpmath.sqrt(dd * k) if k > 0 else mpmath.mpf(1) / mpmath.sqrt(dd)
            for j in (-8, -3, -1, 0, 1, 3, 8):
                p = x + j * width
                if 0 < p < window:
                    pts.add(p)
        pts = sorted(pts)
        memo = {}

        def dens(q):   # the four quadratures share their tanh-sinh nodes: evaluate the action once per node
            v = memo.get(q)
            if v is None:
                v = memo[q] = mpmath.exp(-dd * (action(q, u, b, c, sw) - smin))
            return v
        z = mpmath.quad(dens, pts)
        return [mpmath.quad(lambda q, w=w: w(q, sw) * dens(q), pts) / z for w in weights]


def _fd_residual(x, u, kappa, sw, eps, dd, variant, dps):
    b, c = x
    w11, w12, w22 = _fd_averages(b, c, u, sw, dd, variant, dps)
    with mpmath.workdps(dps + 10):
        s6 = mpmath.sqrt(6)
        kd = kappa * dd
        return [b + kd * (w11 * b + w12 * s6 * c) - 1, c + kd * (w12 * b / s6 + w22 * c) - eps]


def _fd_solve(u, kappa, sw, eps, dd, variant, dps, x0):
    F = lambda x: _fd_residual(list(x), u, kappa, sw, eps, dd, variant, dps)  # noqa: E731

    def J(x):
        x = list(x)
        with mpmath.workdps(dps + 10):
            h = mpmath.mpf(10) ** (-(dps // 2) - 2)
            f0 = F(x)
            cols = []
            for i in range(2):
                xp = list(x)
                xp[i] += h
                cols.append([(a - b) / h for a, b in zip(F(xp), f0)])
            return mpmath.matrix([[cols[j][i] for j in range(2)] for i in range(2)])
    x, _ = newton(F, J, x0, dps=dps, max_steps=40, what="finite-d self-consistency (b, c)")
    return x


def finite_d(params, dps):
    """Finite-d ``(b, c)``: kernel entries by quadrature of ``exp(-d sqrt(beta) S_hat)`` (note §4.9).

    Newton (finite-difference Jacobian) starts from the ``d -> oo`` state at the same
    ``sigma2``, solved first at 15 digits; the branch reached is the one connected to it.
    """
    var = variant(params)
    u, kappa = invariants(params, dps)
    with mpmath.workdps(dps + 10):
        dd = to_mpf(params["d"], dps + 10) * mpmath.sqrt(to_mpf(params["beta"], dps + 10))
        sw, eps = to_mpf(params["sigma_w2"], dps + 10), to_mpf(params["eps"], dps + 10)
    start = _fd_start(tuple(sorted((k, v) for k, v in params.items() if v is not None)))
    x = _fd_solve(u, kappa, sw, eps, dd, var, dps, list(start))
    with mpmath.workdps(dps):
        b, c = x
        out = {"b": b, "c": c, "linear": 1 - b, "cubic": eps - c, "d_eff": dd, "u": u, "kappa": kappa}
        if eps != 0:
            out["cubic_normalized"] = (eps - c) / eps
    return out


def _fd_residual_f64(x, u, kappa, sw, eps, dd, variant, window=4.0):
    """Float64 twin of :func:`_fd_residual` (SciPy quadrature): only used to seed Newton."""
    import scipy.integrate
    b, c = x
    # scalars through the "numpy" backend: the same IEEE operations as Python floats (the "math"
    # backend of compile_function prints with the mpmath printer and returns mpf)
    action, weights = action_functions()[3], _weights(variant, "numpy")
    qs = np.linspace(0.0, window, 2001)
    vals = np.array([action(v, u, b, c, sw) for v in qs])
    smin = vals.min()
    mins = [qs[i] for i in range(1, len(qs) - 1) if vals[i] < vals[i - 1] and vals[i] <= vals[i + 1]]
    pts = sorted({p for m in [0.0] + mins for p in (m - 0.2, m - 0.05, m, m + 0.05, m + 0.2) if 0 < p < window})
    dens = lambda q: np.exp(-dd * (action(q, u, b, c, sw) - smin))  # noqa: E731
    opts = dict(points=pts, limit=400, epsabs=0, epsrel=1e-13)
    z = scipy.integrate.quad(dens, 0, window, **opts)[0]
    w11, w12, w22 = (scipy.integrate.quad(lambda q, w=w: w(q, sw) * dens(q), 0, window, **opts)[0] / z
                     for w in weights)
    s6, kd = np.sqrt(6), kappa * dd
    return [b + kd * (w11 * b + w12 * s6 * c) - 1, c + kd * (w12 * b / s6 + w22 * c) - eps]


@lru_cache(maxsize=128)
def _fd_start(key):
    """Float64 seed of the finite-d (b, c): hybrid Powell from the d -> oo state."""
    import scipy.optimize
    params = dict(key)
    inf = learned_components(params, 15)
    u, kappa = (float(v) for v in invariants(params, 15))
    dd = float(params["d"]) * float(params["beta"]) ** 0.5
    sw, eps = float(params["sigma_w2"]), float(params["eps"])
    sol = scipy.optimize.root(lambda x: _fd_residual_f64(x, u, kappa, sw, eps, dd, variant(params)),
                              [float(inf["b"]), float(inf["c"])], method="hybr", options={"xtol": 1e-13})
    if not sol.success:
        raise ConvergenceError(f"finite-d (b, c): the float64 seed from the d -> oo state failed ({sol.message})")
    return tuple(float(v) for v in sol.x)
