"""The registry of paper claims: what a paper states, where, and how efftheory
recomputes it.

A :class:`Claim` carries the paper, the place in the paper, the statement, a
function that recomputes the relevant number(s) at a given precision, the
paper's value and the tolerance of the comparison.  Claims that record an
error of the paper say so with ``expect="differs"``: the check passes when the
recomputation *disagrees* with the printed value, and the note says why.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import mpmath
import sympy as sp

from .numeric.precision import serialized

__all__ = ["Claim", "ClaimResult"]


@dataclass(frozen=True)
class ClaimResult:
    """The recomputation of one claim."""

    claim: "Claim"
    value: object
    details: Mapping
    passed: bool
    status: str
    detail: str

    def summary(self) -> dict:
        """The outcome in brief (what a derivation script returns); ``agrees`` for claims expected to agree."""
        c = self.claim
        out = {"claim": c.id, "status": self.status, "passed": self.passed, "value": str(self.value),
               "detail": self.detail, "expected": None if c.expected is None else str(c.expected)}
        if c.expect == "agrees":
            out["agrees"] = self.passed
        return out

    def to_json(self) -> dict:
        c = self.claim
        return {"id": c.id, "theory": c.theory, "paper": c.paper, "where": c.where, "statement": c.statement,
                "expected": None if c.expected is None else str(c.expected), "tolerance": str(c.tolerance),
                "value": _fmt(self.value), "details": {k: _fmt(v) for k, v in self.details.items()},
                "status": self.status, "passed": self.passed, "detail": self.detail, "note": c.note,
                "source": c.source, "printed": c.printed, "measures": c.measures}


def _fmt(v):
    from .results import format_value
    if isinstance(v, (mpmath.mpf, sp.Basic, int)) and not isinstance(v, bool):
        return format_value(v, 12)
    if isinstance(v, (list, tuple)):
        return [_fmt(x) for x in v]
    if isinstance(v, dict):
        return {k: _fmt(x) for k, x in v.items()}
    return v if isinstance(v, (str, bool, float, type(None))) else str(v)


@dataclass(frozen=True)
class Claim:
    """One statement of a paper, with the recipe that recomputes it.

    Parameters
    ----------
    id : str
        Unique identifier (``rubin-cubic/u_c``).
    theory : str
        The registered theory it belongs to.
    paper : str
        Short citation (``Rubin et al. 2024``).
    where : str
        Place in the paper (``Claim IV, App. A.3``).
    statement : str
        What the paper says, in its words where possible.
    compute : callable
        ``compute(dps)`` returns a mapping with the key ``"value"`` (compared
        with ``expected``) and any other numbers worth reporting.
    expected : Rational, str or None
        The paper's number (None for a statement checked by ``compute``'s own
        ``"holds"`` boolean).
    tolerance : Rational
        Tolerance of the comparison (how precisely the paper states it).
    absolute : bool
        Whether ``tolerance`` is absolute (figure readings, e.g. +-0.001) rather than relative.
    expect : {"agrees", "differs"}
        Whether the recomputation should agree with the paper (``differs``
        records a paper error).
    note : str
        Explanation, e.g. of a typo and its consequence.
    source : str
        Where the expected number comes from.
    quick : bool
        Whether ``reproduce --quick`` runs it.
    figure : bool
        Whether the expected value is read off a figure (its tolerance is the reading precision).
    printed : str
        The paper's value as the paper prints it (``"1/3"``), where that is not the shortest
        decimal of ``expected`` (display only).
    measures : str
        What the recomputed value is (``"residual"``, ``"count"``, ``"probability"``), where the
        report cannot tell from the claim (display only).
    """

    id: str
    theory: str
    paper: str
    where: str
    statement: str
    compute: Callable[[int], Mapping]
    expected: object = None
    tolerance: object = sp.Rational(1, 100)
    expect: str = "agrees"
    note: str = ""
    source: str = ""
    quick: bool = True
    absolute: bool = False
    figure: bool = False
    printed: str = ""
    measures: str = ""

    @serialized
    def check(self, *, dps: int = 20) -> ClaimResult:
        """Recompute and compare with the paper."""
        out = dict(self.compute(dps))
        value = out.pop("value", None)
        if self.expected is None:
            holds = bool(out.pop("holds"))
            detail = "statement verified" if holds else "statement not verified"
        else:
            with mpmath.workdps(dps + 10):
                exp = mpmath.mpf(sp.Rational(self.expected).p) / sp.Rational(self.expected).q
                val = mpmath.mpf(value) if not isinstance(value, sp.Rational) else mpmath.mpf(value.p) / value.q
                diff = abs(val - exp) if self.absolute else abs(val - exp) / max(abs(exp), mpmath.mpf(10) ** -dps)
                tol = mpmath.mpf(sp.Rational(self.tolerance).p) / sp.Rational(self.tolerance).q
                holds = bool(diff <= tol)
                detail = (f"{'absolute' if self.absolute else 'relative'} difference {mpmath.nstr(diff, 3)} "
                          f"(tolerance {self.tolerance})")
        passed = holds if self.expect == "agrees" else not holds
        if self.expect == "agrees":
            status = "reproduced" if holds else "NOT reproduced"
        else:
            status = "differs from the paper, as documented" if not holds else "UNEXPECTEDLY agrees"
        return ClaimResult(self, value, out, passed, status, detail)
