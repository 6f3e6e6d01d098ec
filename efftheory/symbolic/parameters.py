"""Symbols with roles, and parameters with exact domains and defaults.

A :class:`Parameter` knows its SymPy symbol, its role in the theory
(parameter, control parameter, order parameter or self-consistent field), its
domain and the paper's default as an exact rational.  Values given as text are
parsed exactly: ``"0.1"`` is the rational 1/10, never the double nearest to it.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

import sympy as sp

from ..errors import ParameterDomainError

__all__ = ["Role", "Domain", "Parameter", "parse_exact"]


class Role(enum.Enum):
    """The part a symbol plays in a theory."""

    PARAMETER = "parameter"
    CONTROL = "control parameter"
    ORDER = "order parameter"
    FIELD = "self-consistent field"


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(/[+-]?\d+([eE][+-]?\d+)?)?$")


#: Limits of a parameter value: its literal's length, and its magnitude (every value must
#: also be representable in float64, where the solvers take their first steps).
MAX_LITERAL = 1000
MAX_MAGNITUDE = sp.Integer(10) ** 300


def parse_exact(text: str) -> sp.Rational:
    """Parse a decimal, scientific or ``p/q`` literal as an exact rational.

    Values are limited to literals of at most 1000 characters and magnitudes between
    1e-300 and 1e300 (or zero).

    Examples
    --------
    >>> parse_exact("0.1"), parse_exact("8/700"), parse_exact("2e-6")
    (1/10, 2/175, 1/500000)
    """
    s = str(text).strip().replace("_", "")
    if len(s) > MAX_LITERAL:
        raise ValueError(f"'{s[:20]}...' is longer than {MAX_LITERAL} characters")
    if not _NUMBER.match(s):
        raise ValueError(f"'{text}' is not an exact number (write e.g. 0.1, 8/700 or 2e-6)")
    for exponent in re.findall(r"[eE]([+-]?\d+)", s):
        if abs(int(exponent)) > 400:
            raise ValueError(f"'{text}' has the exponent {exponent}, outside -400 to 400 "
                             f"(values must lie between 1e-300 and 1e300 in magnitude)")
    if "/" in s:
        num, den = s.split("/")
        if sp.Rational(den) == 0:
            raise ValueError(f"'{text}' divides by zero")
        value = sp.Rational(num) / sp.Rational(den)
    else:
        value = sp.Rational(s)
    check_magnitude(value, text)
    return value


def check_magnitude(value: sp.Rational, text=None) -> None:
    """Refuse a nonzero value outside 1e-300 <= |value| <= 1e300."""
    if value != 0 and not 1 / MAX_MAGNITUDE <= abs(value) <= MAX_MAGNITUDE:
        raise ValueError(f"'{value if text is None else text}' is outside the magnitudes efftheory accepts: "
                         f"1e-300 <= |value| <= 1e300, or 0")


@dataclass(frozen=True)
class Domain:
    """An interval of the reals or integers, or a finite set of choices.

    Parameters
    ----------
    lo, hi : Rational or None
        Bounds (``None`` for unbounded).
    lo_open, hi_open : bool
        Whether the bounds are excluded.
    integer : bool
        Whether only integers are allowed.
    choices : tuple of str
        For a categorical option: the allowed words (then the bounds are unused).
    text : str
        For a free-text option (e.g. an expression the model parses and validates itself):
        what the text must be; empty for a numeric or categorical domain.
    """

    lo: sp.Rational | None = None
    hi: sp.Rational | None = None
    lo_open: bool = False
    hi_open: bool = False
    integer: bool = False
    choices: tuple[str, ...] = ()
    text: str = ""

    @classmethod
    def positive(cls, *, integer: bool = False) -> "Domain":
        return cls(lo=sp.Integer(0), lo_open=True, integer=integer)

    @classmethod
    def nonnegative(cls) -> "Domain":
        return cls(lo=sp.Integer(0))

    @classmethod
    def real(cls) -> "Domain":
        return cls()

    @classmethod
    def interval(cls, lo, hi, *, lo_open=False, hi_open=False, integer=False) -> "Domain":
        conv = lambda v: None if v is None else sp.Rational(v)  # noqa: E731
        return cls(lo=conv(lo), hi=conv(hi), lo_open=lo_open, hi_open=hi_open, integer=integer)

    @classmethod
    def words(cls, *choices: str) -> "Domain":
        return cls(choices=tuple(choices))

    @classmethod
    def expression(cls, what: str) -> "Domain":
        """Free text, validated by the model that reads it (``what`` says what it must be)."""
        return cls(text=what)

    @property
    def categorical(self) -> bool:
        """Whether values are words or text rather than numbers."""
        return bool(self.choices or self.text)

    def __str__(self) -> str:
        if self.text:
            return self.text
        if self.choices:
            return "one of " + ", ".join(self.choices)
        kind = "integers" if self.integer else "rationals"
        parts = []
        if self.lo is not None:
            parts.append(f"{'>' if self.lo_open else '>='} {self.lo}")
        if self.hi is not None:
            parts.append(f"{'<' if self.hi_open else '<='} {self.hi}")
        return f"{kind} {' and '.join(parts)}" if parts else f"all {kind}"

    def contains(self, value) -> bool:
        if self.text:
            return isinstance(value, str) and bool(value.strip())
        if self.choices:
            return value in self.choices
        if not isinstance(value, sp.Rational):
            return False
        if self.integer and not value.is_integer:
            return False
        if self.lo is not None and (value < self.lo or (self.lo_open and value == self.lo)):
            return False
        if self.hi is not None and (value > self.hi or (self.hi_open and value == self.hi)):
            return False
        return True


@dataclass(frozen=True)
class Parameter:
    """A named quantity of a theory: its symbol, role, domain and default.

    Parameters
    ----------
    name : str
        ASCII name used on the command line (``sigma_a2``).
    role : Role
        Parameter, control parameter, order parameter or self-consistent field.
    domain : Domain
        Allowed values.
    default : Rational, str or None
        The paper's value (``None``: the user must give it).
    latex : str
        LaTeX name (``\\sigma_a^2``); defaults to the name.
    description : str
        One line for ``efftheory list``.
    """

    name: str
    role: Role = Role.PARAMETER
    domain: Domain = field(default_factory=Domain.real)
    default: object = None
    latex: str = ""
    description: str = ""

    def __post_init__(self):
        if self.default is not None and not self.domain.categorical:
            object.__setattr__(self, "default", sp.Rational(self.default))
        if self.default is not None and not self.domain.contains(self.default):
            raise ValueError(f"default {self.default} of '{self.name}' is outside its domain")

    @property
    def symbol(self) -> sp.Symbol:
        """The SymPy symbol (named like the parameter), with assumptions read off the domain.

        Its LaTeX name is :attr:`latex`; theories print with ``symbol_names``.
        """
        assumptions = {}
        if not self.domain.categorical:
            assumptions["real"] = True
            if self.domain.integer:
                assumptions["integer"] = True
            if self.domain.lo is not None and self.domain.lo >= 0:
                assumptions["positive" if (self.domain.lo > 0 or self.domain.lo_open) else "nonnegative"] = True
            if self.domain.hi is not None and self.domain.hi <= 0:
                assumptions["negative" if (self.domain.hi < 0 or self.domain.hi_open) else "nonpositive"] = True
        return sp.Symbol(self.name, **assumptions)

    def parse(self, text) -> object:
        """Parse and validate a value; raise :class:`ParameterDomainError` naming the domain."""
        if self.domain.categorical:
            value = str(text).strip()
        elif isinstance(text, (sp.Rational, int)) and not isinstance(text, bool):
            value = sp.Rational(text)
            try:
                check_magnitude(value)
            except ValueError as exc:
                raise ParameterDomainError(f"parameter '{self.name}': {exc}; domain: {self.domain}") from None
        elif isinstance(text, float):
            raise ParameterDomainError(
                f"parameter '{self.name}': got the float {text!r}; give exact values as text "
                f"(e.g. '0.1') or SymPy Rationals; domain: {self.domain}")
        else:
            try:
                value = parse_exact(text)
            except ValueError as exc:
                raise ParameterDomainError(f"parameter '{self.name}': {exc}; domain: {self.domain}") from None
        if not self.domain.contains(value):
            raise ParameterDomainError(f"parameter '{self.name}' = {text} is outside its domain: {self.domain}")
        return value
