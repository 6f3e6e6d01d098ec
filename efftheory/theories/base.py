"""The registry entry of a theory: a :class:`Model` ties the symbolic theory
(built from the model's definition), its derivation record, its special points,
its named quantities and its paper claims together.

Parameter values arrive as text or exact rationals and are validated against
each parameter's domain by :meth:`Model.resolve`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import mpmath

from ..errors import ComputationError, InputError, PrecisionError, UnknownParameterError, UnknownQuantityError
from ..limits import MAX_DPS, MAX_SEED
from ..numeric.precision import serialized, verified
from ..results import EvalResult, Point, SolveResult
from ..symbolic import Derivation, Parameter, Theory

__all__ = ["Quantity", "Model", "MonteCarlo"]


@dataclass(frozen=True)
class MonteCarlo:
    """What a randomised quantity returns: values, their standard errors and,
    optionally, 95 % confidence intervals (e.g. Wilson intervals for a proportion;
    by default ``value +- 1.96 stderr``).  Values without a standard error are exact
    given the sample (counts, sizes) and are printed in full.  ``exact=True`` says that
    nothing was sampled (every case was enumerated): the result is then exact."""

    values: Mapping
    stderr: Mapping
    ci: Mapping = field(default_factory=dict)
    exact: bool = False


@dataclass(frozen=True)
class Quantity:
    """A named quantity of a theory.

    Parameters
    ----------
    name, description : str
    compute : callable
        Deterministic: ``compute(params, dps)`` returns a mapping name -> mpf
        computed at working precision ``dps`` (verification by recomputation is
        done by :meth:`Model.evaluate`).  Randomised: ``compute(params, dps,
        seed=..., trials=...)`` returns a :class:`MonteCarlo`.
    requires : tuple of str
        Parameters that must be given for this quantity (those without defaults).
    randomized : bool
    seeded : bool
        Deterministic given ``--seed`` (e.g. a property of one random training
        set): ``compute(params, dps, seed=...)`` is verified like any deterministic
        quantity and the seed is reported.
    exact : callable or None
        ``exact(params)`` -> mapping name -> SymPy Rational, when the quantity is an
        exact rational (reported beside the decimals).
    default_trials, max_trials : int
        Trials of a randomised quantity when none are given, and the most it accepts
        (what runs in minutes on one core).
    max_dps : int or None
        The most digits this quantity can deliver in reasonable time (default: the model's).
    """

    name: str
    description: str
    compute: Callable
    requires: tuple = ()
    randomized: bool = False
    seeded: bool = False
    exact: Callable | None = None
    default_trials: int = 10000
    max_trials: int = 10**7
    max_dps: int | None = None

    def __repr__(self) -> str:
        kind = "randomised" if self.randomized else "seeded" if self.seeded else "deterministic"
        needs = f", needs {', '.join(self.requires)}" if self.requires else ""
        return f"Quantity({self.name!r}: {self.description}; {kind}{needs})"


@dataclass(frozen=True)
class Model:
    """A registered theory.

    Parameters
    ----------
    name : str
        CLI name (``rubin-cubic``).
    description : str
        One line.
    parameters : tuple of Parameter
        Every parameter the CLI accepts (defaults reproduce the paper's main figure).
    theory : callable
        ``theory(params)`` -> :class:`Theory` (options such as normalisations are params).
    derivation : callable
        ``derivation(params)`` -> :class:`Derivation`.
    special_points : callable or None
        ``special_points(params, dps)`` -> list of ``(kind, {name: mpf})`` computed at
        working precision ``dps`` (verified by :meth:`solve`), or a pair ``(points, notes)``
        whose notes (strings) say what the points alone do not: e.g. why there is no transition.
    point_kinds : tuple of str
    quantities : tuple of Quantity
    claims : callable
        ``claims()`` -> tuple of :class:`~efftheory.claims.Claim`.
    figures : callable or None
        ``figures(outdir, quick)`` -> list of written paths (for the report).
    phase_quantity : str or None
        The quantity whose values include a ``phase`` label (the default of ``sweep``).
    max_dps : int
        The most digits ``solve`` (and, by default, each quantity) accepts.
    paper : str
        The citation; filled in by the paper that registers the model
        (:meth:`~efftheory.theories.paper.Paper.model`), as are ``claims`` and ``figures``.
    """

    name: str
    description: str
    parameters: tuple
    theory: Callable[[Mapping], Theory]
    derivation: Callable[[Mapping], Derivation]
    special_points: Callable | None = None
    point_kinds: tuple = ()
    quantities: tuple = ()
    claims: Callable = field(default=lambda: ())
    figures: Callable | None = None
    phase_quantity: str | None = None
    max_dps: int = MAX_DPS
    paper: str = ""

    def __repr__(self) -> str:
        """One line per part (not the dataclass's dump of every field and function address)."""
        params = ", ".join(f"{p.name}={p.default}" if p.default is not None else p.name for p in self.parameters)
        lines = [f"Model({self.name!r}: {self.description})", f"  paper: {self.paper or 'user theory'}",
                 f"  parameters: {params}"]
        if self.point_kinds:
            lines.append(f"  special points (solve): {', '.join(self.point_kinds)}")
        if self.quantities:
            lines.append(f"  quantities (evaluate): {', '.join(q.name for q in self.quantities)}")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        from ..display import tex_name
        rows = "\n".join(f"| `{p.name}` | ${tex_name(p.name)}$ | {'' if p.default is None else p.default} | "
                         f"{p.domain} | {str(p.description).replace('|', chr(92) + '|')} |" for p in self.parameters)
        out = [f"**{self.name}** — {self.description}", "", f"*{self.paper or 'user theory'}*", "",
               "| parameter | symbol | default | domain | meaning |", "|---|---|---|---|---|", rows, ""]
        if self.point_kinds:
            out.append("Special points (`solve`): " + ", ".join(f"`{k}`" for k in self.point_kinds) + "  ")
        if self.quantities:
            out.append("Quantities (`evaluate`): " + ", ".join(f"`{q.name}`" for q in self.quantities))
        return "\n".join(out)

    # -------------------------------------------------------------- parameters
    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise UnknownParameterError(f"unknown parameter '{name}' for theory '{self.name}'; "
                                    f"known: {', '.join(p.name for p in self.parameters)}")

    def resolve(self, given: Mapping | None = None) -> dict:
        """Defaults overridden by ``given`` (text or exact values), each validated."""
        values = {p.name: p.default for p in self.parameters}
        for name, text in (given or {}).items():
            values[name] = self.parameter(name).parse(text)
        return values

    def quantity(self, name: str) -> Quantity:
        for q in self.quantities:
            if q.name == name:
                return q
        raise UnknownQuantityError(f"theory '{self.name}' has no quantity '{name}'; "
                                   f"it offers: {', '.join(q.name for q in self.quantities) or 'none'}")

    # -------------------------------------------------------------- computations
    @serialized
    def solve(self, given: Mapping | None = None, *, dps: int = 30) -> SolveResult:
        """The special points, each verified by recomputation at a higher precision."""
        if self.special_points is None:
            raise InputError(f"theory '{self.name}' has no phase structure to solve; "
                             f"use 'eval' with one of: {', '.join(q.name for q in self.quantities)}")
        _check_dps(dps, self.max_dps, f"solve {self.name}")
        params = self.resolve(given)
        kinds: list = []

        notes: list = []

        def compute(w):
            found = self.special_points(params, w)
            found, said = found if _with_notes(found) else (found, ())
            if kinds and (kinds != [k for k, _ in found] or notes != list(said)):
                raise PrecisionError(f"solve {self.name}: the special points found at {w} digits differ in kind")
            kinds[:], notes[:] = [k for k, _ in found], list(said)
            return [dict(v) for _, v in found]
        values, digits = verified(compute, dps=dps, what=f"solve {self.name}")
        return SolveResult(self.name, params, dps, tuple(Point(k, v, digits) for k, v in zip(kinds, values)),
                           tuple(notes))

    @serialized
    def evaluate(self, quantity: str, given: Mapping | None = None, *, dps: int = 30, seed: int | None = None,
                 trials: int | None = None) -> EvalResult:
        """One quantity at given parameters, verified (or with standard errors if randomised)."""
        q = self.quantity(quantity)
        params = self.resolve(given)
        missing = [r for r in q.requires if params.get(r) is None]
        if missing:
            raise InputError(f"quantity '{quantity}' of '{self.name}' needs --param "
                             + ", ".join(f"{m}=VALUE ({self.parameter(m).domain})" for m in missing))
        _check_dps(dps, q.max_dps or self.max_dps, f"{self.name} {quantity}")
        if seed is not None and not 0 <= seed <= MAX_SEED:
            raise InputError(f"--seed {seed} is outside its domain: integers 0 to {MAX_SEED}")
        if trials is not None and q.randomized and not 2 <= trials <= q.max_trials:
            raise InputError(f"--trials {trials} is outside its domain for '{quantity}': integers 2 to "
                             f"{q.max_trials} (at least two for a standard error)")
        if trials is not None and not q.randomized:
            raise InputError(f"quantity '{quantity}' of '{self.name}' is not randomised; --trials does not apply")
        if seed is not None and not (q.randomized or q.seeded):
            raise InputError(f"quantity '{quantity}' of '{self.name}' does not depend on a seed; "
                             f"--seed does not apply")
        exact = q.exact(params) if q.exact else {}
        if q.randomized:
            seed = 0 if seed is None else seed
            trials = q.default_trials if trials is None else trials
            mc = q.compute(params, dps, seed=seed, trials=trials)
            return _monte_carlo_result(self.name, quantity, params, dps, mc, seed, trials, exact)
        if q.seeded:
            seed = 0 if seed is None else seed
            values, digits = verified(lambda w: q.compute(params, w, seed=seed), dps=dps,
                                      what=f"{self.name} {quantity}")
        else:
            values, digits = verified(lambda w: q.compute(params, w), dps=dps, what=f"{self.name} {quantity}")
        return EvalResult(self.name, quantity, params, dps, values, digits, seed=seed if q.seeded else None,
                          exact=exact)


def _with_notes(found) -> bool:
    """Whether ``special_points`` returned ``(points, notes)`` rather than the points alone."""
    return (isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], tuple)
            and all(isinstance(n, str) for n in found[1]))


def _check_dps(dps, limit, what) -> None:
    if not 1 <= dps <= limit:
        raise InputError(f"--dps {dps} is outside its domain for {what}: integers 1 to {limit}")


def _monte_carlo_result(theory, quantity, params, dps, mc: MonteCarlo, seed, trials, exact) -> EvalResult:
    """Monte-Carlo numbers as physicists quote them: the standard error to two significant
    digits, and the value and both ends of its 95 % interval rounded at that decimal place.

    A result marked ``exact`` was not sampled (the quantity enumerated every case): it is
    reported without ``trials``, ``seed``, ``stderr`` or ``ci``, its values taken from ``exact``
    where the quantity states them as Rationals."""
    import math
    for k, v in mc.values.items():
        se = float(mc.stderr.get(k, 0))
        if not math.isfinite(se) or (isinstance(v, mpmath.mpf) and not mpmath.isfinite(v)):
            raise ComputationError(f"{quantity}: the Monte Carlo estimate of '{k}' is not finite "
                                   f"(value {v}, stderr {se}); try more trials")
    if mc.exact:
        values = {k: exact[k] if k in exact else _count(v) for k, v in mc.values.items()}
        return EvalResult(theory, quantity, params, dps, values, dps, exact=exact)
    decimals, ci = {}, {}
    for k, se in mc.stderr.items():
        if not float(se) > 0:
            raise ComputationError(f"{quantity}: the Monte Carlo estimate of '{k}' has no spread (standard "
                                   f"error 0); an interval for it needs more trials or another estimator")
        decimals[k] = 1 - math.floor(math.log10(float(se)))     # the place of the second digit of se
        v = mpmath.mpf(mc.values[k])
        ci[k] = mc.ci.get(k, (v - mpmath.mpf("1.96") * se, v + mpmath.mpf("1.96") * se))
    return EvalResult(theory, quantity, params, dps, dict(mc.values), min(_significant(mc.values[k], d)
                                                                          for k, d in decimals.items()),
                      trials=trials, seed=seed, stderr=dict(mc.stderr), ci=ci, exact=exact, decimals=decimals)


def _significant(value, decimals: int) -> int:
    """Significant digits of ``value`` printed to ``decimals`` places (at least one)."""
    import math
    v = abs(float(value))
    return max(1, decimals + (math.floor(math.log10(v)) + 1 if v > 0 else 0))


def _count(v):
    """An integer-valued number of an enumeration, as the integer it is."""
    if isinstance(v, mpmath.mpf) and mpmath.isint(v):
        return int(v)
    return v
