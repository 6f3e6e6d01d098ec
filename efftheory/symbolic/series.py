"""Series and Newton polygons: the exponent of a branch ``F(m, c) = 0`` through
``(m0, c0)``, with ``F`` analytic, is the leading Puiseux exponent ``gamma`` of
``m - m0 ~ (c - c0)**gamma`` read off the Newton polygon of the Taylor expansion.
At a fold (``F_m = 0``, ``F_c != 0``, ``F_mm != 0``) it is 1/2."""
from __future__ import annotations

import sympy as sp

__all__ = ["newton_polygon_exponent"]


def newton_polygon_exponent(F: sp.Expr, m: sp.Symbol, c: sp.Symbol, m0, c0, *, order: int = 6) -> sp.Rational:
    """Leading exponent of the branch of ``F(m, c) = 0`` leaving ``(m0, c0)``.

    Expands ``F(m0 + x, c0 + t)`` to total degree ``order`` and returns the
    slope ``-1/s`` of the first edge of the Newton polygon (lower-left convex
    hull of the exponents ``(i, j)`` of ``x**i t**j``), i.e. ``x ~ t**gamma``.

    Examples
    --------
    >>> m, c = sp.symbols("m c")
    >>> newton_polygon_exponent(m**2 - c, m, c, 0, 0)
    1/2
    """
    x, t, s = sp.symbols("x t s")
    G = sp.sympify(F).subs({m: m0 + x, c: c0 + t}, simultaneous=True)
    series = sp.series(G.subs({x: s * x, t: s * t}), s, 0, order + 1).removeO().subs(s, 1)
    poly = sp.Poly(sp.expand(series), x, t)
    pts = sorted({(i, j) for (i, j), coef in zip(poly.monoms(), poly.coeffs()) if sp.simplify(coef) != 0})
    if (0, 0) in pts:
        raise ValueError("F does not vanish at the base point")
    # the branch x ~ t**gamma balances the point on the x axis with the first on the t side
    on_x = min((p for p in pts if p[1] == 0), default=None)
    if on_x is None:
        raise ValueError("the branch is not isolated (F vanishes identically on t = 0)")
    best = None
    for i, j in pts:
        if j > 0 and i < on_x[0]:
            gamma = sp.Rational(j, on_x[0] - i)
            best = gamma if best is None or gamma < best else best
    if best is None:
        raise ValueError("no edge of the Newton polygon reaches the x axis")
    return best
