r"""The finite-``d`` theory at a simulated network's own parameters, in float64, fast enough for a
sweep: ``(b, c)`` self-consistent with the kernel entries averaged under ``exp(-d S_hat(q))`` on a
fixed fine grid (trapezoid rule), continued in ``sigma2`` from the GFL side.

With ``perp="concentrated"`` (default) it solves the same derived equations as
:func:`.cubic_finite_d.finite_d` (note §4.9) by another route (fixed-grid trapezoid and SciPy's
hybrid Powell instead of tanh-sinh and Newton at working precision); the tests compare the two.
It only serves the comparison with the simulation, whose own statistical errors are far above
float64 rounding.

``perp="integrated"`` drops the one approximation of Eq. 13 that the simulation shows to matter at
``d = 53`` (App. eqs. 7-8): ``|w_perp|^2 = s`` is not set to ``sigma_w^2`` but integrated over.
Writing ``w = q w* + w_perp``, the continuum action of App. eq. 6 (note §4.3) depends on ``w`` through
``q`` and ``s = |w_perp|^2`` only, and the measure is ``d^d w ∝ dq ds s^{(d-3)/2}``, so

.. math:: p(q, s) \propto s^{(d-3)/2} \exp\Big(-d\Big[\frac{q^2 + s}{2\sigma_w^2} + I(q, s)\Big]\Big),\qquad
          I(q, s) = \hat S(q)\big|_{\sigma_w^2 \to s} - \frac{q^2}{2 s},

where ``I`` is the interaction term of the derived scalar action with ``D = 1 + 2(q^2 + s)``
(obtained from the compiled ``S_hat`` itself, not retyped), and the kernel weights ``v_i v_j``
are evaluated at the same ``D(q, s)``.  At ``q = 0`` the law of ``s`` peaks at
``sigma_w^2 (d - 3)/d``; in a side well the interaction pulls ``s`` down by an O(1) amount
(a tilt of order ``d`` against an entropy of order ``d``), which Eq. 13 neglects.

References
----------
Rubin et al. (ICLR 2024) App. eqs. 9-12 (corrected), Fig. 2; theory note §4.5, §4.9.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from ...errors import ConvergenceError
from ...numeric import compile_function
from . import cubic_symbolic as sym
from .cubic_numeric import action_functions

__all__ = ["invariants64", "finite_d64", "finite_d_sweep", "density", "perp_in_wells"]

S = sym.SYMBOLS


@lru_cache(maxsize=None)
def _weights64():
    return [compile_function(w, (S.q, S.sigma_w2), "numpy") for w in sym.kernel_weights("corrected")]


def invariants64(spec):
    """``(u, kappa)`` of a :class:`~.langevin.NetworkSpec` (paper eq. 11; note §4.1)."""
    u = spec.n ** 2 * spec.sigma_a2 / (spec.sigma2 ** 2 * spec.d * spec.N)
    return u, spec.n * spec.sigma_a2 / (spec.d * spec.sigma2)


def _grid(window=4.0, nodes=20001):
    return np.linspace(0.0, window, nodes)


def _law(spec, u, b, c, perp):
    """Grid nodes, (unnormalised) density and kernel weights of ``q >= 0`` (1-D) or ``(q, s)`` (2-D)."""
    act, sw, d = action_functions()[3], spec.sigma_w2, spec.d
    if perp == "concentrated":
        qs = _grid()
        e = d * act(qs, u, b, c, sw)
        return (qs,), np.exp(-(e - e.min())), [w(qs, sw) * np.ones_like(qs) for w in _weights64()]
    qs = np.linspace(0.0, 3.0, 601)             # 601 x 120 nodes: b, c agree with 1201 x 300 to 1e-11
    ss = np.linspace(0.1 * sw, 3.0 * sw, 120)
    Q, Sg = np.meshgrid(qs, ss, indexing="ij")
    e = d * ((Q * Q + Sg) / (2 * sw) + act(Q, u, b, c, Sg) - Q * Q / (2 * Sg)) - (d - 3) / 2 * np.log(Sg)
    return (qs, ss), np.exp(-(e - e.min())), [w(Q, Sg) * np.ones_like(Q) for w in _weights64()]


def _average(nodes, p, f):
    if len(nodes) == 1:
        return np.trapezoid(f * p, nodes[0])
    return np.trapezoid(np.trapezoid(f * p, nodes[1], axis=1), nodes[0])


def _residual(x, spec, u, kappa, perp):
    b, c = x
    nodes, p, weights = _law(spec, u, b, c, perp)
    z = _average(nodes, p, 1.0)
    w11, w12, w22 = (_average(nodes, p, w) / z for w in weights)
    s6, kd = np.sqrt(6.0), kappa * spec.d
    return [b + kd * (w11 * b + w12 * s6 * c) - 1, c + kd * (w12 * b / s6 + w22 * c) - spec.eps]


def finite_d64(spec, start=(1.0, None), *, perp="concentrated"):
    """Finite-``d`` ``(b, c)`` at ``spec`` (``d`` itself is ``d sqrt(beta)``), from ``start`` (default ``b = 1``,
    ``c = eps``, the nothing-learned state); the learned components ``1 - b`` and ``(eps - c)/eps``.
    ``perp``: ``"concentrated"`` (Eq. 13, ``|w_perp|^2 = sigma_w^2``) or ``"integrated"`` (module docstring)."""
    import scipy.optimize
    if perp not in ("concentrated", "integrated"):
        raise ValueError(f"perp {perp!r}: 'concentrated' or 'integrated'")
    u, kappa = invariants64(spec)
    x0 = [start[0], spec.eps if start[1] is None else start[1]]
    sol = scipy.optimize.root(_residual, x0, args=(spec, u, kappa, perp), method="hybr", options={"xtol": 1e-12})
    if not sol.success:
        raise ConvergenceError(f"finite-d (b, c) at sigma2 = {spec.sigma2:g}: {sol.message}")
    b, c = (float(v) for v in sol.x)
    return {"b": b, "c": c, "linear": 1 - b, "cubic_normalized": (spec.eps - c) / spec.eps, "u": u, "kappa": kappa}


def finite_d_sweep(spec, sigma2s, *, top=None, steps: int = 12, perp="concentrated"):
    """:func:`finite_d64` along ``sigma2s`` (the network's noise), continued downward from ``top`` (default
    1.6 times the largest, on the GFL side): the branch connected to the nothing-much-learned state,
    as :func:`.cubic_finite_d.finite_d` follows it."""
    from dataclasses import replace
    out, start = {}, (1.0, None)
    top = 1.6 * max(sigma2s) if top is None else top
    for s2 in sorted(set(np.linspace(top, min(sigma2s), steps)) | set(sigma2s), reverse=True):
        for x0 in (start, (1.0, None), ((1.0 + start[0]) / 2, start[1])):   # fall back to the nothing-learned state
            try:
                st = finite_d64(replace(spec, sigma2=float(s2)), x0, perp=perp)
                break
            except ConvergenceError:
                continue
        else:
            raise ConvergenceError(f"finite-d (b, c) at sigma2 = {s2:g}: no start of the continuation converged")
        start = (st["b"], st["c"])
        if s2 in sigma2s:
            out[s2] = st
    return [out[s] for s in sigma2s]


def density(spec, b, c, qs, *, perp="concentrated"):
    """The finite-``d`` law of ``q`` (normalised; ``perp`` as in :func:`finite_d64`) at the points ``qs``."""
    u, _ = invariants64(spec)
    nodes, p, _ = _law(spec, u, b, c, perp)
    if len(nodes) == 2:
        p = np.trapezoid(p, nodes[1], axis=1)
    z = 2 * np.trapezoid(p, nodes[0])
    return np.interp(np.abs(np.asarray(qs, float)), nodes[0], p / z, right=0.0)


def perp_in_wells(spec, b, c, *, cut: float = 0.6):
    """``E[|w_perp|^2 | |q| > cut]`` under the ``perp="integrated"`` law (Eq. 13 sets it to ``sigma_w^2``)."""
    u, _ = invariants64(spec)
    (qs, ss), p, _ = _law(spec, u, b, c, "integrated")
    m = qs > cut
    num = np.trapezoid(np.trapezoid(p[m] * ss[None, :], ss, axis=1), qs[m])
    return float(num / np.trapezoid(np.trapezoid(p[m], ss, axis=1), qs[m]))
