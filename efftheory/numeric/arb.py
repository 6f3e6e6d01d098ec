"""Arb ball arithmetic (python-flint): SymPy expressions compiled to functions of balls, exact
parameters as balls, and balls printed as decimal text that still encloses them.

A ball ``[mid +- rad]`` is a rigorous enclosure: every operation of Arb returns a ball that
contains the exact result of the operation on any points of its arguments' balls, so a chain of
operations on exact inputs encloses the exact value of the expression.  This is what
``solve/eval --certify`` report (CLI.md); :mod:`efftheory.numeric.certify` proves roots with it.

Expressions are printed with SymPy's mpmath printer (through :func:`~efftheory.numeric.compile.
compile_with_namespace`, the package's one compilation boundary) into a namespace whose ``mpmath`` is
a shim over ``flint.arb``: rationals become exact ball quotients and constants (pi, e) are computed
at the ball precision in force when the function runs.
"""
from __future__ import annotations

from decimal import ROUND_CEILING, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache
from typing import Mapping, Sequence

import sympy as sp

from ..errors import ComputationError, NotBuiltError

__all__ = ["flint_module", "bits", "to_ball", "arb_function", "enclose", "ball_text"]


def flint_module():
    """The ``flint`` module, or :class:`~efftheory.errors.NotBuiltError` saying how to install it."""
    try:
        import flint
    except ImportError:  # pragma: no cover - python-flint is a dependency
        raise NotBuiltError("certified enclosures need python-flint: pip install 'python-flint>=0.6'") from None
    return flint


def bits(dps: int) -> int:
    """Ball precision (bits) for ``dps`` decimal digits, with a guard."""
    return int(dps * 3.33) + 64


class ArbMath:
    """The names SymPy's mpmath printer uses, over ``flint.arb``.  Constants are properties, so
    they are computed at the ball precision in force when the function runs (not when it was
    compiled: a 53-bit pi made every high-precision Krawczyk test fail, issue 11)."""

    _UNARY = ("sqrt", "exp", "log", "erf", "erfc", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh",
              "tanh", "gamma", "expm1", "log1p")

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

    def loggamma(self, v):
        return self._ball(v).lgamma()

    def factorial(self, v):
        return (self._ball(v) + 1).gamma()

    def binomial(self, n, k):
        n, k = self._ball(n), self._ball(k)
        return (n + 1).gamma() / ((k + 1).gamma() * (n - k + 1).gamma())

    def __getattr__(self, name):     # a function Arb is not given here: say which, never a wrong value
        if name.startswith("__"):
            raise AttributeError(name)
        raise ComputationError(f"no ball version of mpmath.{name}: the expression cannot be enclosed")


def to_ball(value):
    """An exact number (int, Rational, text such as ``"8/700"``, Fraction) as a ball at the current
    precision; a binary float or mpf is taken as the exact binary number it is."""
    flint = flint_module()
    if isinstance(value, flint.arb):
        return value
    if isinstance(value, (int, sp.Integer)) and not isinstance(value, bool):
        return flint.arb(int(value))
    if isinstance(value, (str, Fraction, sp.Rational)):
        r = sp.Rational(value)
        return flint.arb(flint.fmpq(int(r.p), int(r.q)))
    if isinstance(value, sp.Basic):
        return enclose([value], {}, dps=None)[0]
    import mpmath
    if isinstance(value, mpmath.mpf):           # the exact binary number (rounded only to the ball precision)
        sign, man, exp, _ = value._mpf_
        if not man and exp:
            raise ComputationError(f"cannot enclose the non-finite value {value}")
        x = flint.fmpq(int(man) << exp, 1) if exp >= 0 else flint.fmpq(int(man), 1 << -exp)
        return flint.arb(-x if sign else x)
    return flint.arb(value)


@lru_cache(maxsize=256)
def _compiled(exprs: tuple, args: tuple):
    from .compile import compile_with_namespace
    from sympy.printing.pycode import MpmathPrinter
    return compile_with_namespace(exprs, args, {"mpmath": ArbMath(flint_module())}, printer=MpmathPrinter)


def arb_function(exprs: Sequence[sp.Expr], args: Sequence[sp.Symbol]):
    """``exprs`` as one function of balls (one per symbol of ``args``) returning a list of balls
    (cached).  Floating-point literals are refused, as everywhere (:mod:`.compile`).

    Examples
    --------
    >>> import sympy as sp
    >>> from flint import arb, ctx
    >>> x = sp.Symbol("x")
    >>> f = arb_function([sp.sqrt(x) / 3, sp.pi * x], (x,))
    >>> with ctx.workprec(100):
    ...     root, circle = f(arb(2))
    ...     print(root.overlaps(arb(2).sqrt() / 3), root.rad() < arb(10) ** -28)
    True True
    """
    return _compiled(tuple(sp.sympify(e) for e in exprs), tuple(args))


def enclose(exprs: Sequence[sp.Expr], values: Mapping, *, dps: int | None) -> list:
    """Balls enclosing ``exprs`` at the exact ``values`` (Symbol -> exact number or ball), computed
    at the ball precision of ``dps`` digits (the current precision if None).

    Raises
    ------
    ComputationError
        An expression has no finite enclosure (a singularity, or a function without a ball version).
    """
    flint = flint_module()
    exprs = [sp.sympify(e) for e in exprs]
    args = tuple(sorted(set().union(*(e.free_symbols for e in exprs)), key=str)) if exprs else ()
    missing = [a for a in args if a not in values]
    if missing:
        raise ComputationError(f"cannot enclose: no value for {', '.join(map(str, missing))}")
    prec = flint.ctx.prec if dps is None else bits(dps)
    with flint.ctx.workprec(prec):
        try:
            out = arb_function(exprs, args)(*[to_ball(values[a]) for a in args])
        except (ZeroDivisionError, ValueError, TypeError) as exc:
            raise ComputationError(f"cannot enclose {exprs[0]}: {exc}") from None
        return [b if isinstance(b, flint.arb) else to_ball(b) for b in out]


def ball_text(ball, digits: int | None = None) -> tuple[str, str]:
    """``(mid, rad)`` as decimal strings such that ``[mid +- rad]`` contains ``ball``: the midpoint
    with the digits the ball supports (at most ``digits`` + 3), the radius rounded up to two
    significant digits.

    >>> from flint import arb, ctx
    >>> with ctx.workprec(100):
    ...     ball_text(arb(1) / 3, 20)
    ('0.33333333333333333333333', '3.4e-24')
    >>> ball_text(arb(5))
    ('5', '0')
    """
    if not ball.is_finite():
        raise ComputationError("the enclosure is not finite")
    mid, rad = _exact(ball.mid()), _exact(ball.rad())
    e = _log10_floor(rad) - 2 if rad else None     # round the midpoint two places below the radius,
    if digits is not None and mid:                 # and at most at digits + 3 significant digits
        e = max(e if e is not None else -10**9, _log10_floor(abs(mid)) - digits - 2)
        if not rad and (mid * Fraction(10) ** -e).denominator == 1:
            e = None                               # an exact value with few digits stays exact
    if e is not None:
        scale = Fraction(10) ** e
        rounded = round(mid / scale) * scale
        rad, mid = rad + abs(mid - rounded), rounded
    with localcontext() as ctx:      # exact: Decimal's default 28 digits would round the midpoint
        ctx.prec = 10**5
        text = _decimal(mid, ctx)
        if rad == 0:
            return text, "0"
        r = Decimal(rad.numerator) / Decimal(rad.denominator)
        ctx.prec = 2
        ctx.rounding = ROUND_CEILING
        return text, f"{+r:.1e}"


def _exact(x) -> Fraction:
    """The exact value of a ball without radius (a dyadic number)."""
    man, exp = x.man_exp()
    return Fraction(int(man)) * Fraction(2) ** int(exp)


def _log10_floor(x: Fraction) -> int:
    """``floor(log10(x))`` for a positive rational, exactly."""
    import math
    k = math.floor(math.log10(x.numerator) - math.log10(x.denominator))
    while Fraction(10) ** k > x:
        k -= 1
    while Fraction(10) ** (k + 1) <= x:
        k += 1
    return k


def _decimal(x: Fraction, ctx) -> str:
    """A terminating rational in positional notation without trailing zeros."""
    if x == 0:
        return "0"
    d = Decimal(x.numerator) / Decimal(x.denominator)
    return format(d.normalize(ctx), "f")
