"""Certified roots with interval arithmetic (python-flint's Arb balls, :mod:`.arb`).

:func:`certify_root` proves, with the Krawczyk test in Arb ball arithmetic, that a small box
around a Newton solution of a :class:`System` contains exactly one root; it returns the
enclosing balls.  This is stronger than the two-precision agreement used everywhere else: the
digits it returns are rigorous bounds, not agreement of two computations.

The Krawczyk operator of ``F`` on a box ``X`` with midpoint ``x`` is
``K(X) = x - Y F(x) + (I - Y J(X)) (X - x)`` with ``Y`` a floating inverse of ``J(x)`` and
``J(X)`` the Jacobian enclosed over the whole box.  If ``K(X)`` lies in the interior of ``X``,
``X`` holds exactly one root, and the root lies in ``K(X)`` (Krawczyk 1969, Moore 1977).  Every
quantity is a ball, parameters are exact rational balls and constants are computed at the ball
precision (:class:`~efftheory.numeric.arb.ArbMath`), so the test is rigorous.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Mapping, Sequence

import mpmath
import sympy as sp

from ..errors import ComputationError
from .arb import arb_function, bits, flint_module, to_ball

__all__ = ["certify_root"]


@lru_cache(maxsize=128)
def _functions(equations: tuple, unknowns: tuple, params: tuple):
    """The ball functions of ``F`` and its Jacobian (built once per system)."""
    jac = sp.Matrix(equations).jacobian(unknowns)
    args = (*unknowns, *params)
    return arb_function(equations, args), arb_function(list(jac), args)


def certify_root(system, x: Sequence, values: Mapping, *, dps: int, radius=None) -> list:
    """Prove that a box around ``x`` holds exactly one root of ``system``; return its balls.

    Parameters
    ----------
    system : efftheory.numeric.System
    x : sequence of mpf
        An approximate root (e.g. from :meth:`System.polish`).
    values : mapping Symbol -> exact value
        The parameters of the system.
    dps : int
        Working precision (decimal digits) of the ball arithmetic.
    radius : float, optional
        Radius of the candidate box (default ``10**(-dps/2)`` relative to ``x``).

    Returns
    -------
    list of flint.arb
        Balls, one per unknown, each containing the unique root's coordinate.

    Raises
    ------
    ComputationError
        If the Krawczyk test fails (no proof; the root may be singular or ``x`` too coarse).
    """
    flint = flint_module()
    arb, arb_mat = flint.arb, flint.arb_mat
    n = len(system.unknowns)
    F, J = _functions(tuple(system.equations), tuple(system.unknowns), tuple(system.params))
    with flint.ctx.workprec(bits(dps)):
        pv = [to_ball(sp.Rational(values[p])) for p in system.params]
        with mpmath.workdps(dps + 10):
            mid = [arb(mpmath.nstr(v, dps + 5)) for v in x]
            r = arb(radius) if radius is not None else arb(10) ** (-(dps // 2)) * max(1, max(abs(float(v)) for v in x))
        box = [arb(m.mid(), r.mid()) for m in mid]
        Fm = arb_mat([[arb(v)] for v in F(*mid, *pv)])
        Jm = J(*mid, *pv)
        Jmid = arb_mat([[arb(arb(Jm[i * n + k]).mid()) for k in range(n)] for i in range(n)])
        try:
            Y = Jmid.inv()
        except ZeroDivisionError:
            raise ComputationError(f"{system.name}: singular Jacobian at the candidate root; cannot certify") from None
        JX = J(*box, *pv)
        JXm = arb_mat([[arb(JX[i * n + k]) for k in range(n)] for i in range(n)])
        delta = arb_mat([[b - m] for b, m in zip(box, mid)])
        eye = arb_mat(n, n, [1 if i == k else 0 for i in range(n) for k in range(n)])
        K = arb_mat([[m] for m in mid]) - Y * Fm + (eye - Y * JXm) * delta
        inside = all(box[i].contains_interior(K[i, 0]) for i in range(n))
        if not inside:
            raise ComputationError(f"{system.name}: the Krawczyk test failed on a box of radius {float(r.mid()):.1e} "
                                   f"around the candidate root (no certificate)")
        return [K[i, 0] for i in range(n)]
