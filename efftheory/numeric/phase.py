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
* the global-minimum branch along the control parameter, with phase labels.

The float64 scan only seeds; every reported number is polished at two
precisions and carries the digits that agreed.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Mapping

import mpmath
import numpy as np
import sympy as sp

from ..errors import ConvergenceError
from .compile import compile_exprs
from .precision import verified
from .roots import System

__all__ = ["PhaseProblem", "SpecialPoint"]


@dataclass(frozen=True)
class SpecialPoint:
    """A verified special point: its kind, values (name -> mpf) and verified digits."""

    kind: str
    values: Mapping
    digits: int


@dataclass(frozen=True)
class PhaseProblem:
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
        else:  # pragma: no cover - internal
            raise ValueError(kind)
        return System(eqs, unknowns, tuple(self.params), f"{kind} of {self.action}")

    def seeds(self, values: Mapping) -> list[tuple[str, tuple]]:
        """Float64 seeds ``(kind, x0)`` for every special point seen in the scan."""
        controls, fvals, minima = self.scan(values)
        seeds = []
        for i in range(len(controls) - 1):
            a, b = minima[i], minima[i + 1]
            if len(a) != len(b):   # a well appears or disappears: a fold (spinodal)
                side = a if len(a) > len(b) else b
                j = i if side is a else i + 1
                other = b if side is a else a
                for mm, _ in side:
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

    def locate(self, values: Mapping, *, dps: int, seeds=None) -> list[tuple[str, dict]]:
        """Every spinodal and first-order point in the control window, polished at ``dps`` digits.

        Not verified: use :meth:`special_points` (or :func:`~efftheory.numeric.verified`)
        for digits that survived a recomputation.
        """
        out: list[tuple[str, dict]] = []
        for kind, x0 in (self.seeds(values) if seeds is None else seeds):
            system = self._system(kind)
            x = system.polish(system.seed(x0, {p: values[p] for p in self.params}), values, dps=dps)
            sol = {str(u): v for u, v in zip(system.unknowns, x)}
            if kind == "symmetric_spinodal":
                sol = {str(self.control): sol.pop(str(self.control)), str(self.order): self.symmetric_point, **sol}
                kind = "spinodal"
            if not any(k == kind and _close(sol, v) for k, v in out):
                out.append((kind, sol))
        if not out:
            raise ConvergenceError(f"no spinodal or first-order point in the control window {self.control_window}")
        return sorted(out, key=lambda kv: (kv[0], float(kv[1][str(self.control)])))

    def special_points(self, values: Mapping, *, dps: int) -> list[SpecialPoint]:
        """Like :meth:`locate`, verified by recomputation at a higher precision."""
        seeds = self.seeds(values)
        kinds: list = []

        def compute(w):
            found = self.locate(values, dps=w, seeds=seeds)
            kinds[:] = [k for k, _ in found]
            return [v for _, v in found]
        vals, digits = verified(compute, dps=dps, what="special points")
        return [SpecialPoint(k, v, digits) for k, v in zip(kinds, vals)]

    # ------------------------------------------------------------------ stationary points
    def stationary_points(self, control_value, values: Mapping, *, dps: int, fields=None) -> list[dict]:
        """All stationary points of ``S`` in the order window at one control value, classified.

        Every sign change of ``S'`` on the scan grid (and the symmetric point) is
        polished by Newton at ``dps`` digits and classified by the sign of ``S''``.

        Returns
        -------
        list of dict
            ``{"m": mpf, "S": mpf, "S2": mpf, "kind": "minimum" | "maximum" | "inflection"}``,
            sorted by ``m``.
        """
        c = control_value if isinstance(control_value, (sp.Basic, mpmath.mpf)) else sp.Rational(control_value)
        fv = self.fields_f64(np.array([float(c)]), values)[0] if fields is None else fields
        field_vals = dict(zip(self.fields, fv))
        if self.fields and fields is None:      # polish the fields at full precision too
            fsys = System(tuple(self.field_equations), tuple(self.fields), (self.control, *self.params), "fields")
            field_vals = dict(zip(self.fields, fsys.polish(list(fv), {self.control: c, **values}, dps=dps)))
        subs_syms = (self.control, *self.fields, *self.params)
        subs_vals = {self.control: c, **field_vals, **values}
        one = System((self._dS,), (self.order,), subs_syms, "stationary point")
        ms = np.linspace(*self.order_window, self.grid[1])
        k = compile_exprs([self._dS], (self.order, *subs_syms))
        dS = k.f64(ms, *[float(subs_vals[s]) for s in subs_syms])[0]
        starts = [ms[i] - dS[i] * (ms[i + 1] - ms[i]) / (dS[i + 1] - dS[i])
                  for i in np.nonzero(np.sign(dS[:-1]) * np.sign(dS[1:]) < 0)[0]]
        if self.symmetric_point is not None:
            starts.append(float(self.symmetric_point))
        found: list[dict] = []
        vk = compile_exprs([self.action, self._d2S], (self.order, *subs_syms))
        for x0 in starts:
            if self.symmetric_point is not None and abs(x0 - float(self.symmetric_point)) < 1e-12:
                mm = self.symmetric_point
            else:
                (mm,) = one.polish([x0], subs_vals, dps=dps)
            if any(abs(float(mm) - float(f["m"])) < 1e-10 for f in found):
                continue
            S, S2 = vk.mp(mm, *[subs_vals[s] for s in subs_syms], dps=dps)
            kind = "minimum" if S2 > 0 else "maximum" if S2 < 0 else "inflection"
            found.append({"m": mm, "S": S, "S2": S2, "kind": kind})
        return sorted(found, key=lambda f: float(f["m"]))

    def continuation(self, values: Mapping, start: dict, stop, *, dps: int, step=None, min_step=1e-8,
                     max_points: int = 2000) -> list[dict]:
        """Follow a stationary branch from ``start`` towards control value ``stop``.

        Natural-parameter continuation with step control: a step that fails to
        converge, or jumps by more than a tenth of the order window, is halved; a
        successful one grows by 1.5.  Stops at ``stop``, or where the branch ends
        (a fold: the step shrinks below ``min_step``).

        Parameters
        ----------
        start : dict
            ``{control: value, order: value, field: value, ...}`` (names as strings), a point on
            the branch (for instance a special point).

        Returns
        -------
        list of dict
            Points ``{control, order, fields..., "phase": label}``; the label says whether
            the branch point is the global minimum there.
        """
        from ..errors import ConvergenceError as _CE
        branch = System((self._dS,) + tuple(self.field_equations), (self.order, *self.fields),
                        (self.control, *self.params), "branch")
        cname, mname = str(self.control), str(self.order)
        c, stop = float(start[cname]), float(stop)
        x = [start[mname], *[start[str(f)] for f in self.fields]]
        h = step or (stop - c) / 50
        h = abs(h) if stop > c else -abs(h)
        width = self.order_window[1] - self.order_window[0]
        out = []
        while len(out) < max_points and (stop - c) * h > 0:
            cn = c + h if abs(stop - c) > abs(h) else stop
            try:
                xn = branch.polish(x, {self.control: sp.Rational(cn), **values}, dps=dps)
                ok = abs(float(xn[0]) - float(x[0])) < width / 10
            except _CE:
                ok = False
            if not ok:
                h /= 2
                if abs(h) < min_step:
                    break
                continue
            c, x = cn, xn
            label = self.global_minimum(c, values, field_guess=[float(v) for v in x[1:]] or None)[0]
            mine = (abs(float(x[0]) - float(self.symmetric_point)) < 1e-9) if self.symmetric_point is not None \
                else None
            out.append({cname: sp.Rational(c), mname: x[0], **{str(f): v for f, v in zip(self.fields, x[1:])},
                        "phase": label, "on_global_minimum": (label == self.names[0]) == bool(mine)})
            h *= 1.5
        return out

    # ------------------------------------------------------------------ branches
    def global_minimum(self, control_value, values: Mapping, *, field_guess=None):
        """Float64 global minimum ``(label, m, S, fields)`` at one control value."""
        guess = self.field_guess if field_guess is None else field_guess
        problem = self if tuple(guess) == tuple(self.field_guess) else replace(self, field_guess=tuple(guess))
        controls, fvals, minima = problem.scan(values, controls=np.array([float(control_value)]))
        best = self._s_rel(minima[0]) if minima[0] else None
        if self.symmetric_point is not None:
            s0 = self._S0(controls[0], fvals[0], values)
            if best is None or best[1] >= s0:
                return self.names[0], float(self.symmetric_point), s0, tuple(fvals[0])
        return self.names[1], best[0], best[1], tuple(fvals[0])


def _close(a: Mapping, b: Mapping) -> bool:
    return all(abs(float(a[k]) - float(b[k])) < 1e-8 * max(1.0, abs(float(a[k]))) for k in a if k in b)
