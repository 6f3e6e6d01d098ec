"""The states of a :class:`~efftheory.numeric.phase.PhaseProblem` at given control values:
its stationary points, the global minimum decided at the working precision, and branches
followed by continuation.  A mixin: :class:`PhaseProblem` inherits these methods."""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping

import mpmath
import numpy as np
import sympy as sp

from ..errors import ConvergenceError
from .compile import compile_exprs
from .precision import GUARD_DIGITS
from .roots import System

__all__ = ["Branches"]


class Branches:
    """Stationary points, the global minimum and continuation (mixed into PhaseProblem)."""

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

    def phase_at(self, control_value, values: Mapping, *, dps: int) -> dict:
        """The global minimum at one control value, every decision taken at ``dps`` digits.

        Candidates: every minimum of :meth:`stationary_points` (sign changes of ``S'`` on the
        scan grid, polished at ``dps``) and Newton polishes started from every grid point whose
        float64 ``S`` lies within ``max|S''| h^2`` of the lowest grid value (``h`` the grid
        spacing).  A minimum lies within ``h/2`` of a grid point, where ``S`` exceeds it by at
        most ``max|S''| h^2 / 8``; so no basin that could hold the global minimum is skipped,
        even one too narrow for the sign scan.  Values are compared at ``dps`` digits: the label
        is ``names[0]`` when the symmetric point is lowest, ``names[1]`` otherwise, and
        ``"coexistence"`` when the lowest minima of the two phases agree to within
        ``10**(GUARD_DIGITS - dps)`` (relative to ``max(1, |S|)``), which is where this precision
        cannot order them (a higher one may).

        Returns
        -------
        dict
            ``{"phase": label, <order>: m, "S": S}``; at coexistence ``m`` is the broken-phase minimum
            and ``S`` the symmetric phase's value (exact where the symmetric point's is).
        """
        c = control_value if isinstance(control_value, (sp.Basic, mpmath.mpf)) else sp.Rational(control_value)
        minima = [f for f in self.stationary_points(c, values, dps=dps) if f["kind"] == "minimum"]
        minima += self._grid_minima(c, values, dps, known=[f["m"] for f in minima])
        if not minima:
            raise ConvergenceError(f"no minimum of the action in the order window {self.order_window} at "
                                   f"{self.control} = {c}")
        sym = self.symmetric_point

        def is_symmetric(f):
            return sym is not None and f["m"] == sym
        best = min(minima, key=lambda f: f["S"])
        others = [f for f in minima if is_symmetric(f) != is_symmetric(best)]
        label = self.names[0] if is_symmetric(best) else self.names[1]
        if others:
            rival = min(others, key=lambda f: f["S"])
            with mpmath.workdps(dps):
                tol = mpmath.mpf(10) ** (GUARD_DIGITS - dps) * max(1, abs(best["S"]))
                if abs(rival["S"] - best["S"]) <= tol:
                    symmetric, broken = (best, rival) if is_symmetric(best) else (rival, best)
                    return {"phase": "coexistence", str(self.order): broken["m"], "S": symmetric["S"]}
        return {"phase": label, str(self.order): best["m"], "S": best["S"]}

    def _grid_minima(self, c, values, dps, *, known) -> list[dict]:
        """Minima polished from the grid points near the lowest grid value (see :meth:`phase_at`)."""
        if self.fields:
            return []
        subs_syms = (self.control, *self.params)
        subs_vals = {self.control: c, **values}
        ms = np.linspace(*self.order_window, self.grid[1])
        S, S2 = compile_exprs([self.action, self._d2S], (self.order, *subs_syms)).f64(
            ms, *[float(subs_vals[s]) for s in subs_syms])
        h = ms[1] - ms[0]
        near = np.nonzero(S <= S.min() + np.nanmax(np.abs(S2)) * h * h)[0]
        one = System((self._dS,), (self.order,), subs_syms, "stationary point")
        vk = compile_exprs([self.action, self._d2S], (self.order, *subs_syms))
        out, seen = [], [float(k) for k in known]
        for i in near[:: max(1, len(near) // 20)]:
            try:
                (mm,) = one.polish([ms[i]], subs_vals, dps=dps)
            except ConvergenceError:
                continue
            inside = self.order_window[0] <= float(mm) <= self.order_window[1]
            if not inside or any(abs(float(mm) - k) < 1e-10 for k in seen):
                continue
            Sv, S2v = vk.mp(mm, *[subs_vals[s] for s in subs_syms], dps=dps)
            if S2v > 0:
                seen.append(float(mm))
                out.append({"m": mm, "S": Sv, "S2": S2v, "kind": "minimum"})
        return out

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
