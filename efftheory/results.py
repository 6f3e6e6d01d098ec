"""Frozen result objects with readable reprs, JSON and LaTeX forms.

Numbers are kept as mpmath values with the count of verified significant
digits; they are printed with exactly that many digits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import mpmath
import sympy as sp

from .numeric.precision import format_mpf, serialized

__all__ = ["Point", "SolveResult", "EvalResult", "format_value", "format_fixed"]


@serialized
def format_value(v, digits: int) -> str:
    """A value as a decimal string with ``digits`` significant digits (exact values exactly)."""
    if isinstance(v, str):
        return v
    if isinstance(v, (int, sp.Integer)) and not isinstance(v, bool):
        return str(int(v))
    if isinstance(v, sp.Rational):
        with mpmath.workdps(digits + 10):
            v = mpmath.mpf(int(v.p)) / int(v.q)
    return format_mpf(v, digits)


@serialized
def format_fixed(v, decimals: int) -> str:
    """``v`` rounded at the decimal place ``10**-decimals`` (half to even), in fixed point.

    Rounding is monotone, so a value inside an interval stays inside it when both are rounded.

    >>> format_fixed(0.43114, 4), format_fixed(21.7, -1), format_fixed(0.0000981, 6)
    ('0.4311', '20', '0.000098')
    """
    from decimal import ROUND_HALF_EVEN, Decimal
    if isinstance(v, sp.Rational):
        exact = Decimal(int(v.p)) / Decimal(int(v.q)) if v.q != 1 else Decimal(int(v.p))
    else:
        with mpmath.workdps(max(30, decimals + 30)):
            exact = Decimal(mpmath.nstr(mpmath.mpf(v), max(30, decimals + 30), min_fixed=-mpmath.inf,
                                        max_fixed=mpmath.inf))
    q = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    text = format(q, "f")
    return "0" if text.lstrip("-") in ("0", "") or set(text.lstrip("-")) <= {"0", "."} else text


def _params_json(parameters: Mapping) -> dict:
    return {k: str(v) for k, v in parameters.items() if v is not None}


@dataclass(frozen=True)
class Point:
    """A special point of a phase structure: kind, values (name -> number), verified digits."""

    kind: str
    values: Mapping
    digits: int

    def to_json(self) -> dict:
        return {"kind": self.kind, "values": {k: format_value(v, self.digits) for k, v in self.values.items()},
                "digits": self.digits}

    def __repr__(self) -> str:
        vals = ", ".join(f"{k}={format_value(v, min(self.digits, 12))}" for k, v in self.values.items())
        return f"Point({self.kind}: {vals}; {self.digits} digits)"


@dataclass(frozen=True)
class SolveResult:
    """The special points of a theory at given parameters."""

    theory: str
    parameters: Mapping
    dps: int
    points: tuple[Point, ...]
    notes: tuple = ()

    def to_json(self) -> dict:
        out = {"theory": self.theory, "parameters": _params_json(self.parameters), "dps": self.dps,
               "points": [p.to_json() for p in self.points]}
        if self.notes:
            out["notes"] = list(self.notes)
        return out

    def __getitem__(self, kind: str) -> Point:
        """The first point of this kind."""
        for p in self.points:
            if p.kind == kind:
                return p
        raise KeyError(kind)

    def __repr__(self) -> str:
        body = "\n".join(f"  {p!r}" for p in self.points)
        return f"SolveResult({self.theory}, dps={self.dps}):\n{body}"

    def _repr_latex_(self) -> str:
        def name(k):
            return k.replace("_", r"\_")
        rows = [r"\text{" + p.kind.replace("_", " ") + "}: & " + ", ".join(
            r"\mathrm{" + name(k) + "} = " + format_value(v, min(p.digits, 15)) for k, v in p.values.items())
            for p in self.points]
        return "$\\begin{aligned}" + r" \\ ".join(rows) + "\\end{aligned}$"


@dataclass(frozen=True)
class EvalResult:
    """One quantity at given parameters; randomised quantities carry stderr and a 95 % CI."""

    theory: str
    quantity: str
    parameters: Mapping
    dps: int
    values: Mapping
    digits: int
    trials: int | None = None
    seed: int | None = None
    stderr: Mapping = field(default_factory=dict)
    ci: Mapping = field(default_factory=dict)
    exact: Mapping = field(default_factory=dict)
    decimals: Mapping = field(default_factory=dict)

    def text(self, name: str) -> str:
        """The value ``name`` as printed: verified digits, or a Monte-Carlo estimate rounded at the
        decimal place of its standard error's second digit."""
        v = self.values[name]
        if name in self.decimals:
            return format_fixed(v, self.decimals[name])
        return _values_json(v, self.digits)

    def to_json(self) -> dict:
        out = {"theory": self.theory, "quantity": self.quantity, "parameters": _params_json(self.parameters),
               "dps": self.dps, "values": {k: self.text(k) for k in self.values}, "digits": self.digits}
        if self.exact:
            out["exact"] = {k: str(v) for k, v in self.exact.items()}
        if self.seed is not None:
            out["seed"] = self.seed
        if self.trials is not None:
            out.update(trials=self.trials, seed=self.seed,
                       stderr={k: format_fixed(v, self.decimals[k]) for k, v in self.stderr.items()},
                       ci={k: [format_fixed(lo, self.decimals[k]), format_fixed(hi, self.decimals[k])]
                           for k, (lo, hi) in self.ci.items()})
        return out

    def __repr__(self) -> str:
        vals = ", ".join(f"{k}={format_value(v, min(max(self.digits, 1), 15))}" for k, v in _flat(self.values))
        extra = f", stderr={ {k: format_value(v, 3) for k, v in self.stderr.items()} }" if self.stderr else ""
        return f"EvalResult({self.theory}.{self.quantity}: {vals}; {self.digits} digits{extra})"


def _flat(values: Mapping, prefix=""):
    for k, v in values.items():
        if isinstance(v, Mapping):
            yield from _flat(v, f"{prefix}{k}.")
        elif isinstance(v, (list, tuple)):
            for i, x in enumerate(v):
                yield f"{prefix}{k}[{i}]", x
        else:
            yield f"{prefix}{k}", v


def _values_json(values, digits):
    if isinstance(values, Mapping):
        return {k: _values_json(v, digits) for k, v in values.items()}
    if isinstance(values, (list, tuple)):
        return [_values_json(v, digits) for v in values]
    return format_value(values, max(digits, 1))
