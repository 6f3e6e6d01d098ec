"""The grid of a diagram: axes parsed from ``--vary`` into exact values, and the cells they span.

An axis is ``NAME=START:STOP:COUNT`` (``COUNT`` equally spaced exact rationals, both ends included),
``NAME=log:START:STOP:COUNT`` (geometric spacing, each interior point rounded to :data:`LOG_DIGITS`
significant decimal digits and kept as that exact rational; the ends are exact) or
``NAME=V1,V2,...`` (listed values, also for categorical parameters).  Every value is validated
against the parameter's domain before anything is computed.

A cell is keyed by the exact text of its values (:func:`exact_text`: a finite decimal where the
rational has one, ``p/q`` otherwise), which is what the store and the tables use.

Examples
--------
>>> import sympy as sp
>>> linear_values(sp.Rational(-6, 5), sp.Rational(-1, 10), 3)
[-6/5, -13/20, -1/10]
>>> [exact_text(v) for v in log_values(sp.Rational(1, 5), sp.Integer(10), 3)]
['0.2', '1.41421', '10']
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import mpmath
import sympy as sp

from ..errors import InputError

__all__ = ["Axis", "Grid", "parse_axis", "linear_values", "log_values", "exact_text", "LOG_DIGITS", "MAX_CELLS",
           "MAX_COUNT"]

#: significant decimal digits of the interior points of a log axis (each point is that exact rational)
LOG_DIGITS = 6
#: the most points one axis and one grid may have
MAX_COUNT = 10000
MAX_CELLS = 1_000_000


def exact_text(value) -> str:
    """The exact text of a parameter value: a finite decimal when the rational has one, else ``p/q``.

    >>> exact_text(sp.Rational(-13, 20)), exact_text(sp.Rational(1, 3)), exact_text(sp.Integer(5))
    ('-0.65', '1/3', '5')
    """
    if not isinstance(value, sp.Rational):
        return str(value)
    p, q = int(value.p), int(value.q)
    if q == 1:
        return str(p)
    twos, fives = _multiplicity(q, 2), _multiplicity(q, 5)
    if 2**twos * 5**fives != q:
        return f"{p}/{q}"
    places = max(twos, fives)
    digits = str(abs(p) * 10**places // q).rjust(places + 1, "0")
    return ("-" if p < 0 else "") + digits[:-places] + "." + digits[-places:]


def _multiplicity(n: int, k: int) -> int:
    count = 0
    while n % k == 0:
        n //= k
        count += 1
    return count


def linear_values(start, stop, count: int) -> list:
    """``count`` equally spaced exact values from ``start`` to ``stop`` (both included)."""
    if count == 1:
        return [start]
    return [start + (stop - start) * sp.Rational(i, count - 1) for i in range(count)]


def log_values(start, stop, count: int, digits: int = LOG_DIGITS) -> list:
    """``count`` geometrically spaced values from ``start`` to ``stop`` (both > 0, both exact); the
    interior points are rounded to ``digits`` significant decimal digits, as exact rationals."""
    if count == 1:
        return [start]
    out = [start]
    with mpmath.workdps(digits + 20):
        a, b = mpmath.mpf(start.p) / start.q, mpmath.mpf(stop.p) / stop.q
        for i in range(1, count - 1):
            x = a * (b / a) ** (mpmath.mpf(i) / (count - 1))
            e = int(mpmath.floor(mpmath.log10(x))) - digits + 1
            mant = int(mpmath.nint(x / mpmath.mpf(10) ** e))
            out.append(sp.Integer(mant) * sp.Integer(10) ** e)
    return out + [stop]


@dataclass(frozen=True)
class Axis:
    """One varied parameter: its name, its exact values and the spec it was parsed from."""

    name: str
    values: tuple
    spec: str
    log: bool = False

    @property
    def texts(self) -> tuple:
        return tuple(exact_text(v) for v in self.values)

    @property
    def categorical(self) -> bool:
        return any(not isinstance(v, sp.Rational) for v in self.values)


def parse_axis(model, text: str) -> Axis:
    """``--vary`` text -> :class:`Axis`, validated against ``model``'s parameter domain.

    Raises :class:`~efftheory.errors.InputError` (exit 2) with one line naming the value and its domain.
    """
    name, sep, rng = str(text).partition("=")
    name = name.strip()
    form = "NAME=START:STOP:COUNT, NAME=log:START:STOP:COUNT or NAME=V1,V2,..."
    if not sep or not name or not rng.strip():
        raise InputError(f"--vary {text!r} is not of the form {form}")
    param = model.parameter(name)
    if ":" not in rng:
        items = [v.strip() for v in rng.split(",")]
        if any(not v for v in items):
            raise InputError(f"--vary {text!r}: an empty value in the list (form {form})")
        values = tuple(param.parse(v) for v in items)
        if len(set(values)) != len(values):
            raise InputError(f"--vary {text!r}: a value is listed twice")
        return Axis(name, values, f"{name}={rng.strip()}")
    parts = [p.strip() for p in rng.split(":")]
    log = parts[0].lower() == "log"
    if log:
        parts = parts[1:]
    if len(parts) != 3:
        raise InputError(f"--vary {text!r} is not of the form {form}")
    if param.domain.categorical:
        raise InputError(f"--vary {text!r}: '{name}' is categorical ({param.domain}); list its values as "
                         f"{name}=V1,V2,...")
    start, stop = param.parse(parts[0]), param.parse(parts[1])
    try:
        count = int(parts[2])
    except ValueError:
        raise InputError(f"--vary COUNT {parts[2]!r} is not a whole number (domain: integers 1 to {MAX_COUNT})") \
            from None
    if not 1 <= count <= MAX_COUNT:
        raise InputError(f"--vary COUNT {count} is outside its domain: integers 1 to {MAX_COUNT}")
    if count > 1 and start == stop:
        raise InputError(f"--vary {text!r}: START equals STOP, so {count} points would be one; use COUNT 1")
    if log and not (start > 0 and stop > 0):
        raise InputError(f"--vary {text!r}: a log axis needs START > 0 and STOP > 0 (got {start}, {stop})")
    values = log_values(start, stop, count) if log else linear_values(start, stop, count)
    if log and len(set(values)) != len(values):
        raise InputError(f"--vary {text!r}: {count} log points between {start} and {stop} are not distinct at "
                         f"{LOG_DIGITS} digits; use fewer points")
    values = tuple(param.parse(v) for v in values)      # every interior point validated too
    return Axis(name, values, f"{name}={'log:' if log else ''}{':'.join(parts)}", log)


@dataclass(frozen=True)
class Grid:
    """The product of the axes: cells in row-major order (the last axis varies fastest)."""

    axes: tuple

    def __post_init__(self):
        names = [a.name for a in self.axes]
        if not names:
            raise InputError("diagram: give at least one --vary NAME=START:STOP:COUNT")
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise InputError(f"--vary {dup[0]} is given twice; vary each parameter once")
        if self.size > MAX_CELLS:
            raise InputError(f"--vary: {self.size} cells is outside the domain of a grid: at most {MAX_CELLS}")

    @property
    def names(self) -> tuple:
        return tuple(a.name for a in self.axes)

    @property
    def shape(self) -> tuple:
        return tuple(len(a.values) for a in self.axes)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    def cells(self):
        """``(key, values)`` per cell: ``key`` the tuple of exact texts, ``values`` name -> exact value."""
        for combo in itertools.product(*(zip(a.texts, a.values) for a in self.axes)):
            yield tuple(t for t, _ in combo), {a.name: v for a, (_, v) in zip(self.axes, combo)}

    def spec(self) -> list:
        """The JSON form recorded in the manifest (compared on resume)."""
        return [{"name": a.name, "spec": a.spec, "log": a.log, "values": list(a.texts)} for a in self.axes]
