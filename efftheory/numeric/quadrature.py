"""Quadrature at arbitrary precision.

* :func:`gauss_hermite` — nodes and weights for ``int f(x) e^{-x^2/2} dx / sqrt(2 pi)``
  (probabilists' weight) at any precision.
* :func:`gaussian_expectation` — ``E[f(h)]``, ``h ~ N(0, var)``, by tanh-sinh
  quadrature (the numerical twin of :func:`efftheory.symbolic.gaussian_mean`).
* :func:`hermite_projection_quad` — ``E[g(h) He_k(z)]`` for a Gaussian pair with
  ``Var h = s2, Cov = q, Var z = 1``, by conditioning ``z`` on ``h`` and integrating
  ``h`` numerically: an independent route to Stein's identity.
* :func:`bivariate_expectation` — ``E[f(u, v)]`` for a centred Gaussian pair (product
  Gauss-Hermite rule), the twin of the arcsine kernel.
* :func:`boltzmann_average` — ``int w(q) e^{-d S(q)} dq / int e^{-d S(q)} dq`` on a
  window, split at the given points so that narrow peaks are resolved.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable, Sequence

import mpmath
import sympy as sp

__all__ = ["gauss_hermite", "gaussian_expectation", "hermite_projection_quad", "bivariate_expectation",
           "boltzmann_average"]


@lru_cache(maxsize=64)
def gauss_hermite(n: int, dps: int) -> tuple[tuple, tuple]:
    """``n`` Gauss-Hermite nodes and weights (probabilists' normalisation) at ``dps`` digits.

    ``sum w_i f(x_i) = E[f(Z)]``, ``Z ~ N(0,1)``, exact for polynomials of degree ``< 2n``.
    """
    with mpmath.workdps(dps + 10):
        nodes, weights = mpmath.mp.gauss_quadrature(n, "hermite")
        s2, norm = mpmath.sqrt(2), mpmath.sqrt(mpmath.pi)
        xs = tuple(+(x * s2) for x in nodes)
        ws = tuple(+(w / norm) for w in weights)
    return xs, ws


def gaussian_expectation(f: Callable, var, *, dps: int):
    """``E[f(h)]`` for ``h ~ N(0, var)`` by tanh-sinh quadrature at ``dps`` digits."""
    with mpmath.workdps(dps + 10):
        var = mpmath.mpf(var)
        dens = lambda h: mpmath.exp(-h * h / (2 * var)) / mpmath.sqrt(2 * mpmath.pi * var)  # noqa: E731
        return +mpmath.quad(lambda h: f(h) * dens(h), [-mpmath.inf, 0, mpmath.inf])


def hermite_projection_quad(g: Callable, k: int, *, q, s2, dps: int):
    """``E[g(h) He_k(z)]`` with ``Var h = s2``, ``Cov(h, z) = q``, ``Var z = 1``.

    Given ``h``, ``z ~ N(q h / s2, 1 - q^2 / s2)``; the conditional mean of
    ``He_k`` is a polynomial in ``h`` (expanded exactly), and the remaining
    one-dimensional integral over ``h`` is done by quadrature.
    """
    from ..symbolic.gaussian import conditional_hermite_mean
    from .compile import compile_function
    H, Q, S2 = sp.symbols("H Q S2")
    cond = compile_function(conditional_hermite_mean(k, Q * H / S2, 1 - Q**2 / S2), (H, Q, S2))
    with mpmath.workdps(dps + 10):
        q, s2 = mpmath.mpf(q), mpmath.mpf(s2)
        return gaussian_expectation(lambda h: g(h) * cond(h, q, s2), s2, dps=dps)


def bivariate_expectation(f: Callable, a, b, c, *, dps: int, nodes: int | None = None):
    """``E[f(u, v)]`` for ``(u, v) ~ N(0, [[a, b], [b, c]])`` by a product Gauss-Hermite rule.

    Writes ``u = sqrt(a) x``, ``v = (b/a) u + sqrt(c - b^2/a) y`` with independent
    standard ``x, y``.  For entire ``f`` of moderate growth (erf) the rule converges
    geometrically; the default ``2 dps + 20`` nodes per axis gives ``dps`` digits
    for the arcsine kernel (checked against the closed form in the tests).
    """
    n = nodes or 2 * dps + 20
    xs, ws = gauss_hermite(n, dps + 10)
    with mpmath.workdps(dps + 10):
        a, b, c = mpmath.mpf(a), mpmath.mpf(b), mpmath.mpf(c)
        sa, slope, sr = mpmath.sqrt(a), b / a, mpmath.sqrt(c - b * b / a)
        return +mpmath.fsum(wx * mpmath.fsum(wy * f(sa * x, slope * sa * x + sr * y) for y, wy in zip(xs, ws))
                            for x, wx in zip(xs, ws))


def boltzmann_average(weights: Sequence[Callable], action: Callable, d, *, window, dps: int, split=()):
    """Averages ``<w_i>`` under the density ``exp(-d S(q))`` on ``window``.

    Parameters
    ----------
    weights : sequence of callables
        Functions ``w_i(q)`` to average.
    action : callable
        ``S(q)`` at the working precision.
    d : number
        The large parameter (e.g. the input dimension).
    window : (lo, hi)
    split : sequence
        Points where the density peaks (minima of ``S``); the quadrature is split
        there and at ``+-4/sqrt(d S'')``-like offsets supplied by the caller.

    Returns
    -------
    list of mpf
        ``[<w_1>, <w_2>, ...]``.
    """
    with mpmath.workdps(dps + 10):
        lo, hi = mpmath.mpf(window[0]), mpmath.mpf(window[1])
        pts = sorted({lo, hi, *[mpmath.mpf(p) for p in split if lo < p < hi]})
        shift = min(action(p) for p in pts)          # avoid under/overflow of exp(-d S)
        dens = lambda q: mpmath.exp(-d * (action(q) - shift))  # noqa: E731
        z = mpmath.quad(dens, pts)
        return [+(mpmath.quad(lambda q, w=w: w(q) * dens(q), pts) / z) for w in weights]
