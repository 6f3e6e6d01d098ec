"""Phase structure of an action with one order parameter and a control parameter.

A :class:`PhaseProblem` holds an action ``S(m; c, fields, params)``, where the
self-consistent fields satisfy extra equations ``G(fields; c, params) = 0``.
It finds

* all stationary points in a bounded window (a dense float64 scan of ``S'``
  followed by Newton polishing: no basin between grid points is missed as long
  as the grid resolves the window), with their classification;
* **spinodals**: ``S' = S'' = 0`` (joined by ``G = 0``), solved directly as an
  augmented system in ``(c, m, fields)``; at a symmetric point ``m0`` (where
  ``S'(m0) = 0`` identically) the condition is ``S''(m0) = 0``;
* **first-order points**: two minima, each stationary, with equal action:
  ``S'(m) = 0, S(m) = S(m0)`` (symmetric case) or
  ``S'(m1) = S'(m2) = 0, S(m1) = S(m2)``;
* the global minimum at one control value, decided at the working precision
  (:meth:`~efftheory.numeric.branches.Branches.phase_at`), and branches followed by
  continuation (in :mod:`efftheory.numeric.branches`, mixed into :class:`PhaseProblem`).

The float64 scan only seeds; every reported number is polished at two
precisions and carries the digits that agreed.  Seeds that do not converge are
skipped and reported (``failures``); a well that leaves the order window is
not a fold but a point of kind ``window_edge``; for an action even about its symmetric point, a point and its mirror
image are one point.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

import mpmath
import numpy as np
import sympy as sp

from ..errors import ConvergenceError
from .compile import compile_exprs
from .precision import to_mpf, verified
from .branches import Branches
from .roots import System

__all__ = ["PhaseProblem", "SpecialPoint"]


@dataclass(frozen=True)
class SpecialPoint:
    """A verified special point: its kind, values (name -> mpf) and verified digits."""

    kind: str
    values: Mapping
    digits: int


@dataclass(frozen=True)
class PhaseProblem(Branches):
    """Phase structure of ``S(m; c)`` with optional self-consistent fields.

    Parameters
    ----------
    action : Expr
        ``S`` as a function of ``order``, ``control``, ``fields`` and ``params``.
    order, control : Symbol
    params : tuple of Symbol
        Other parameters; their exact values are passed to each method.
    fields : tuple of Symbol
        Self-consistent fields entering the action.
    field_equations : tuple of Expr
        ``G = 0`` fixing the fields (must not depend on ``order``).
    field_guess : tuple of float
        Float64 start for the fields at the first control value of a scan.
    symmetric_point : Expr or None
        An ``m0`` that is stationary for every control value (e.g. 0 for an even action).
    order_window, control_window : (float, float)
        Where to look.
    names : tuple of str
        Labels of the phases: (global minimum at ``m0``, elsewhere).
    """

    action: sp.Expr
    order: sp.Symbol
    control: sp.Symbol
    params: tuple = ()
    fields: tuple = ()
    field_equations: tuple = ()
    field_guess: tuple = ()
    symmetric_point: object = None
    order_window: tuple = (-2.0, 2.0)
    control_window: tuple = (-1.0, 1.0)
    names: tuple = ("symmetric", "broken")
    grid: tuple = field(default=(400, 4000))
    derivatives: tuple = ()

    @classmethod
    def from_theory(cls, theory, *, order, control, **options) -> "PhaseProblem":
        """The phase problem of a :class:`~efftheory.symbolic.Theory`: its action and the
        derivatives the theory already holds (stationarity, Hessian) in the order parameter
        ``order`` (a symbol or a parameter name), with ``control`` as control parameter.

        Examples
        --------
        >>> from efftheory.theories.landau.sextic_symbolic import build_theory
        >>> t = build_theory()
        >>> p = PhaseProblem.from_theory(t, order="m", control="a")
        >>> p.derivatives[0]
        2*a*m + 6*m**5 - 4*m**3
        """
        m = theory.symbol(order) if isinstance(order, str) else order
        c = theory.symbol(control) if isinstance(control, str) else control
        i = theory.order_parameters.index(m)
        return cls(theory.action, m, c, derivatives=(theory.stationarity[i].lhs, theory.hessian[i, i]), **options)

    # ------------------------------------------------------------------ symbolic pieces
    @cached_property
    def _dS(self):
        return self.derivatives[0] if self.derivatives else sp.diff(self.action, self.order)

    @cached_property
    def _d2S(self):
        return self.derivatives[1] if self.derivatives else sp.diff(self._dS, self.order)

    def _at(self, expr, m):
        return expr.subs(self.order, m)

    def _values(self, values: Mapping) -> list:
        return [values[p] for p in self.params]

    # ------------------------------------------------------------------ float64 scan
    def fields_f64(self, controls: np.ndarray, values: Mapping) -> np.ndarray:
        """Solve the field equations in float64 along ``controls`` by continuation."""
        if not self.fields:
            return np.zeros((len(controls), 0))
        system = System(tuple(self.field_equations), tuple(self.fields), (self.control, *self.params), "fields")
        out, guess = [], np.asarray(self.field_guess, dtype=float)
        for c in controls:
            guess = system.seed(guess, {self.control: float(c), **{p: float(sp.Rational(values[p]))
                                                                      for p in self.params}})
            out.append(guess)
        return np.array(out)

    def scan(self, values: Mapping, controls: np.ndarray | None = None, ms: np.ndarray | None = None):
        """Float64 scan: for each control value, the local minima of S in the window.

        Returns
        -------
        controls, fields, minima
            ``minima[i]`` is a list of ``(m, S(m))`` for the i-th control value,
            the symmetric point (if any) excluded.
        """
        nc, nm = self.grid
        controls = np.linspace(*self.control_window, nc) if controls is None else np.asarray(controls, float)
        ms = np.linspace(*self.order_window, nm) if ms is None else ms
        fvals = self.fields_f64(controls, values)
        args = (self.order, self.control, *self.fields, *self.params)
        k = compile_exprs([self.action, self._dS], args)
        pv = [float(sp.Rational(v)) for v in self._values(values)]
        minima = []
        m0 = None if self.symmetric_point is None else float(self.symmetric_point)
        for c, fv in zip(controls, fvals):
            S, dS = k.f64(ms, c, *fv, *pv)
            idx = np.nonzero((dS[:-1] < 0) & (dS[1:] >= 0))[0]
            found = []
            for i in idx:
                m = ms[i] - dS[i] * (ms[i + 1] - ms[i]) / (dS[i + 1] - dS[i])
                if m0 is not None and abs(m - m0) < 2 * (ms[1] - ms[0]):
                    continue
                found.append((m, float(S[i])))
            minima.append(found)
        return controls, fvals, minima

    # ------------------------------------------------------------------ special points
    @cached_property
    def _systems(self) -> dict:
        return {}

    def _system(self, kind: str) -> System:
        if kind not in self._systems:
            self._systems[kind] = self._build_system(kind)
        return self._systems[kind]

    def _build_system(self, kind: str) -> System:
        m, c = self.order, self.control
        G = tuple(self.field_equations)
        if kind == "spinodal":
            eqs = (self._dS, self._d2S) + G
            unknowns = (c, m) + tuple(self.fields)
        elif kind == "symmetric_spinodal":
            eqs = (self._at(self._d2S, self.symmetric_point),) + G
            unknowns = (c,) + tuple(self.fields)
        elif kind == "first_order":
            eqs = (self._dS, self.action - self._at(self.action, self.symmetric_point)) + G
            unknowns = (c, m) + tuple(self.fields)
        elif kind.startswith("window_edge:"):      # the minimum sits on the window's edge e: S'(e) = 0
            eqs = (self._at(self._dS, sp.Rational(kind.split(":")[1])),) + G
            unknowns = (c,) + tuple(self.fields)
        else:  # pragma: no cover - internal
            raise ValueError(kind)
        return System(eqs, unknowns, tuple(self.params), f"{kind} of {self.action}")

    def seeds(self, values: Mapping) -> list[tuple[str, tuple]]:
        """Float64 seeds ``(kind, x0)`` for every special point seen in the scan."""
        controls, fvals, minima = self.scan(values)
        lo, hi = self.order_window
        edge = 2 * (hi - lo) / self.grid[1]
        seeds = []
        for i in range(len(controls) - 1):
            a, b = minima[i], minima[i + 1]
            if len(a) != len(b):   # a well appears or disappears: a fold (spinodal)
                side = a if len(a) > len(b) else b
                j = i if side is a else i + 1
                other = b if side is a else a
                for mm, _ in side:
                    if min(mm - lo, hi - mm) < edge:        # the well leaves the window: no fold
                        e = lo if mm - lo < hi - mm else hi
                        seeds.append((f"window_edge:{e}", (controls[j], *fvals[j])))
                        continue
                    if all(abs(mm - o) > 0.05 * (self.order_window[1] - self.order_window[0]) for o, _ in other):
                        seeds.append(("spinodal", (controls[j], mm, *fvals[j])))
            if self.symmetric_point is not None:
                sa = self._s_rel(minima[i]) if minima[i] else None
                sb = self._s_rel(minima[i + 1]) if minima[i + 1] else None
                if sa is not None and sb is not None and (sa[1] - self._S0(controls[i], fvals[i], values)) * (
                        sb[1] - self._S0(controls[i + 1], fvals[i + 1], values)) < 0:
                    seeds.append(("first_order", (controls[i], sa[0], *fvals[i])))
        if self.symmetric_point is not None:
            k = compile_exprs([self._at(self._d2S, self.symmetric_point)],
                              (self.control, *self.fields, *self.params))
            pv = [float(sp.Rational(v)) for v in self._values(values)]
            curv = np.array([float(k.f64(c, *fv, *pv)[0]) for c, fv in zip(controls, fvals)])
            for i in np.nonzero(np.sign(curv[:-1]) * np.sign(curv[1:]) < 0)[0]:
                seeds.append(("symmetric_spinodal", (controls[i], *fvals[i])))
        return seeds

    @staticmethod
    def _s_rel(found):
        return min(found, key=lambda t: t[1])

    def _S0(self, c, fv, values):
        k = compile_exprs([self._at(self.action, self.symmetric_point)], (self.control, *self.fields, *self.params))
        return float(k.f64(c, *fv, *[float(sp.Rational(v)) for v in self._values(values)])[0])

    def locate(self, values: Mapping, *, dps: int, seeds=None, failures: list | None = None) -> list[tuple[str, dict]]:
        """Every spinodal, first-order point and window edge (kind ``window_edge``: where a well
        leaves the order window, which is not a fold) in the control window, polished at ``dps`` digits.

        Not verified: use :meth:`special_points` (or :func:`~efftheory.numeric.verified`)
        for digits that survived a recomputation.  ``seeds`` (default: :meth:`seeds`) are
        ``(kind, x0)`` pairs; one that does not converge is skipped, and described in ``failures``
        when a list is given (and in the error when nothing is found).
        """
        out: list[tuple[str, dict]] = []
        failed = []
        for kind, x0 in (self.seeds(values) if seeds is None else seeds):
            system = self._system(kind)
            try:
                if not np.all(np.isfinite(np.asarray(x0, float))):
                    raise ConvergenceError("the seed is not finite")
                x = system.polish(system.seed(x0, {p: values[p] for p in self.params}), values, dps=dps)
            except ConvergenceError:             # a seed that does not converge is skipped, and said so
                failed.append(f"{kind.split(':')[0]} from ({', '.join(f'{float(v):.6g}' for v in x0)})")
                continue
            kind, sol = self._named(kind, {str(u): v for u, v in zip(system.unknowns, x)}, dps)
            if not any(k == kind and _close(sol, v) for k, v in out):
                out.append((kind, sol))
        if failures is not None:
            failures.extend(f for f in failed if f not in failures)
        if not out:
            raise ConvergenceError(f"no spinodal or first-order point in the control window {self.control_window}"
                                   + (f"; seeds that failed: {'; '.join(failed)}" if failed else ""))
        return sorted(out, key=lambda kv: (kv[0], float(kv[1][str(self.control)])))

    def _named(self, kind: str, sol: dict, dps: int) -> tuple[str, dict]:
        """The reported kind and values of a solved system: the symmetric point and a window edge
        filled in exactly, a mirror image reflected into the window (:meth:`_reflected`)."""
        if kind == "symmetric_spinodal":
            return "spinodal", {str(self.control): sol.pop(str(self.control)), str(self.order): self.symmetric_point,
                                **sol}
        if kind.startswith("window_edge:"):
            return "window_edge", {str(self.control): sol.pop(str(self.control)),
                                   str(self.order): sp.Rational(kind.split(":")[1]), **sol}
        return kind, self._reflected(sol)

    @cached_property
    def even(self) -> bool:
        """Whether the action is even about the symmetric point (then m and 2 m0 - m are one state)."""
        if self.symmetric_point is None:
            return False
        x = sp.Dummy("x")
        shifted = self.action.subs(self.order, self.symmetric_point + x)
        return sp.expand(shifted - shifted.subs(x, -x)) == 0

    def _reflected(self, sol: dict) -> dict:
        """A point of an even action whose order parameter Newton put on the other side of the
        symmetric point, reflected into the order window (so that it merges with its mirror)."""
        name = str(self.order)
        m = sol.get(name)
        if not self.even or isinstance(m, sp.Basic) or self.order_window[0] <= float(m) <= self.order_window[1]:
            return sol
        mirrored = 2 * to_mpf(self.symmetric_point, mpmath.mp.dps) - m      # at the caller's working precision
        return {**sol, name: mirrored} if self.order_window[0] <= float(mirrored) <= self.order_window[1] else sol

    def special_points(self, values: Mapping, *, dps: int, seeds=None, failures: list | None = None) -> list[SpecialPoint]:
        """Like :meth:`locate` (with the same ``seeds`` and ``failures``), verified by recomputation
        at a higher precision."""
        seeds = self.seeds(values) if seeds is None else seeds
        kinds: list = []

        def compute(w):
            found = self.locate(values, dps=w, seeds=seeds, failures=failures)
            kinds[:] = [k for k, _ in found]
            return [v for _, v in found]
        vals, digits = verified(compute, dps=dps, what="special points")
        return [SpecialPoint(k, v, digits) for k, v in zip(kinds, vals)]

def _close(a: Mapping, b: Mapping) -> bool:
    return all(abs(float(a[k]) - float(b[k])) < 1e-8 * max(1.0, abs(float(a[k]))) for k in a if k in b)
