"""The registry entry of a theory: a :class:`Model` ties the symbolic theory
(built from the model's definition), its derivation record, its special points,
its named quantities and its paper claims together.

Parameter values arrive as text or exact rationals and are validated against
each parameter's domain by :meth:`Model.resolve`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

from ..errors import ComputationError, InputError, PrecisionError, UnknownParameterError, UnknownQuantityError
from ..numeric.precision import serialized, verified
from ..results import EvalResult, Point, SolveResult
from ..symbolic import Derivation, Parameter, Theory

__all__ = ["Quantity", "Model", "MonteCarlo"]


@dataclass(frozen=True)
class MonteCarlo:
    """What a randomised quantity returns: values, their standard errors and,
    optionally, 95 % confidence intervals (e.g. Wilson intervals for a proportion;
    by default ``value +- 1.96 stderr``).  Values without a standard error are exact
    given the sample (counts, sizes) and are printed in full."""

    values: Mapping
    stderr: Mapping
    ci: Mapping = field(default_factory=dict)


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
    """

    name: str
    description: str
    compute: Callable
    requires: tuple = ()
    randomized: bool = False
    seeded: bool = False
    exact: Callable | None = None
    default_trials: int = 10000


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
        working precision ``dps`` (verified by :meth:`solve`).
    point_kinds : tuple of str
    quantities : tuple of Quantity
    claims : callable
        ``claims()`` -> tuple of :class:`~efftheory.claims.Claim`.
    figures : callable or None
        ``figures(outdir, quick)`` -> list of written paths (for the report).
    phase_quantity : str or None
        The quantity whose values include a ``phase`` label (the default of ``sweep``).
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
    paper: str = ""

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
        params = self.resolve(given)
        kinds: list = []

        def compute(w):
            found = self.special_points(params, w)
            if kinds and kinds != [k for k, _ in found]:
                raise PrecisionError(f"solve {self.name}: the special points found at {w} digits differ in kind")
            kinds[:] = [k for k, _ in found]
            return [dict(v) for _, v in found]
        values, digits = verified(compute, dps=dps, what=f"solve {self.name}")
        return SolveResult(self.name, params, dps, tuple(Point(k, v, digits) for k, v in zip(kinds, values)))

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
        if trials is not None and not q.randomized:
            raise InputError(f"quantity '{quantity}' of '{self.name}' is not randomised; --trials does not apply")
        if seed is not None and not (q.randomized or q.seeded):
            raise InputError(f"quantity '{quantity}' of '{self.name}' does not depend on a seed; "
                             f"--seed does not apply")
        exact = q.exact(params) if q.exact else {}
        if q.randomized:
            seed = 0 if seed is None else seed
            trials = q.default_trials if trials is None else trials
            if trials < 2:
                raise InputError(f"--trials {trials} is outside its domain for '{quantity}': integers >= 2 "
                                 f"(a standard error needs at least two trials)")
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


def _monte_carlo_result(theory, quantity, params, dps, mc: MonteCarlo, seed, trials, exact) -> EvalResult:
    """Each value keeps the significant digits its standard error supports (those of
    ``value / (2 stderr)``, at least one); the result's ``digits`` is the smallest."""
    import math
    per, ci = {}, {}
    for k, v in mc.values.items():
        se = float(mc.stderr.get(k, 0))
        if not math.isfinite(se) or not math.isfinite(float(v)):
            raise ComputationError(f"{quantity}: the Monte Carlo estimate of '{k}' is not finite "
                                   f"(value {float(v)}, stderr {se}); try more trials")
        if k in mc.stderr:
            ci[k] = mc.ci.get(k, (float(v) - 1.96 * se, float(v) + 1.96 * se))
        per[k] = dps if se == 0 else max(1, min(dps, int(math.floor(math.log10(max(abs(float(v)), 1e-300)
                                                                               / (2 * se))))))
    digits = min((per[k] for k in mc.stderr if k in per), default=dps)
    return EvalResult(theory, quantity, params, dps, dict(mc.values), digits, trials=trials, seed=seed,
                      stderr=dict(mc.stderr), ci=ci, exact=exact, value_digits=per)
