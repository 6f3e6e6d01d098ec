"""Certified roots with interval arithmetic (optional: ``pip install efftheory[certify]``).

:func:`certify_root` proves, with the Krawczyk test in Arb ball arithmetic
(python-flint), that a small box around a Newton solution of a :class:`System`
contains exactly one root; it returns the enclosing balls.  This is stronger than
the two-precision agreement used everywhere else: the digits it returns are
rigorous bounds, not agreement of two computations.

The expressions are printed with SymPy's mpmath printer into a namespace whose
``mpmath`` is a shim over ``flint.arb``, so rational constants become exact
ball quotients (never binary doubles).
"""
from __future__ import annotations

from typing import Mapping, Sequence

import mpmath
import sympy as sp
from sympy.printing.pycode import MpmathPrinter

from ..errors import ComputationError, NotBuiltError
from .compile import compile_with_namespace

__all__ = ["certify_root"]


def _flint():
    try:
        import flint
    except ImportError:  # pragma: no cover - depends on the optional extra
        raise NotBuiltError("certified intervals need python-flint: pip install 'efftheory[certify]'") from None
    return flint


class _ArbMath:
    """The names SymPy's mpmath printer uses, over ``flint.arb``.  Constants are properties, so
    they are computed at the ball precision in force when the kernel runs (not when it was
    compiled: a 53-bit pi made every high-precision Krawczyk test fail)."""

    _UNARY = ("sqrt", "exp", "log", "erf", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh")

    def __init__(self, flint):
        self._arb = flint.arb
        for name in self._UNARY:
            setattr(self, name, (lambda n: (lambda v: getattr(self._ball(v), n)()))(name))

    def _ball(self, v):
        return v if isinstance(v, self._arb) else self._arb(v)

    def mpf(self, v):
        return self._arb(v)

    @property
    def pi(self):
        return self._arb.pi()

    @property
    def e(self):
        return self._arb(1).exp()

    @staticmethod
    def fabs(v):
        return abs(v)

    def power(self, a, b):
        return self._ball(a) ** b


def _compile(exprs, args, flint):
    return compile_with_namespace(exprs, args, {"mpmath": _ArbMath(flint)}, printer=MpmathPrinter)


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
    flint = _flint()
    arb, arb_mat = flint.arb, flint.arb_mat
    n = len(system.unknowns)
    jac = sp.Matrix(system.equations).jacobian(system.unknowns)
    args = (*system.unknowns, *system.params)
    F = _compile(system.equations, args, flint)
    J = _compile(list(jac), args, flint)
    with flint.ctx.workprec(int(dps * 3.33) + 64):
        pv = [arb(sp.Rational(values[p]).p) / arb(sp.Rational(values[p]).q) for p in system.params]
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
        K = arb_mat([[m] for m in mid]) - Y * Fm + (arb_mat(n, n, [1 if i == k else 0 for i in range(n) for k in range(n)])
                                                    - Y * JXm) * delta
        inside = all(box[i].contains_interior(K[i, 0]) for i in range(n))
        if not inside:
            raise ComputationError(f"{system.name}: the Krawczyk test failed on a box of radius {float(r.mid()):.1e} "
                                   f"around the candidate root (no certificate)")
        return [K[i, 0] for i in range(n)]
