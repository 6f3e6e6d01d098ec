"""Phase structure of an action with several order parameters.

:class:`MultiPhaseProblem` is :class:`~efftheory.numeric.phase.PhaseProblem` for an action
``S(m_1, ..., m_k; c, fields, params)``.  It finds, in a box of order parameters and a control
window,

* the local minima at each control value of a float64 scan: grid points lower than all their
  ``3**k - 1`` neighbours, refined by Newton's method on the gradient (so a minimum is missed
  only if its basin is narrower than the grid);
* **spinodals**: ``grad S = 0`` and ``det H = 0`` (a Hessian eigenvalue crosses zero), seeded
  where the number of minima changes; at a symmetric point ``m0``, ``det H(m0) = 0``;
* **first-order points**: where the global minimum moves from one well to another:
  ``grad S(m) = 0, S(m) = S(m0)`` (against the symmetric point) or
  ``grad S(m') = grad S(m'') = 0, S(m') = S(m'')`` (two wells; the values are named
  ``m.1`` for the well that is lowest on the low-control side and ``m.2`` for the other);
* **window edges**: a well that leaves the box through the face ``m_j = e`` is not a fold; it is
  reported as a point of kind ``window_edge``: ``grad S = 0`` with ``m_j = e``.

Seeds that do not converge are skipped and said so (:meth:`MultiPhaseProblem.locate`'s
``failures``); every number is polished by :class:`~efftheory.numeric.roots.System` and, through
:meth:`MultiPhaseProblem.special_points`, verified at a second precision.  For an action even
about ``m0`` (``S(m0 + x) = S(m0 - x)``) a point and its mirror image are one point.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property
from typing import Mapping

import mpmath
import numpy as np
import sympy as sp

from .compile import compile_exprs
from .phase import PhaseProblem
from .precision import to_mpf
from .roots import System

__all__ = ["MultiPhaseProblem"]


def _parity(perm) -> int:
    """The sign of a permutation of ``range(k)``."""
    inversions = sum(1 for i in range(len(perm)) for j in range(i + 1, len(perm)) if perm[i] > perm[j])
    return -1 if inversions % 2 else 1


@dataclass(frozen=True)
class MultiPhaseProblem:
    """Phase structure of ``S(m_1..m_k; c)`` with optional self-consistent fields.

    Parameters
    ----------
    action : Expr
    orders : tuple of Symbol
        The order parameters ``m_1..m_k``.
    control : Symbol
    params, fields, field_equations, field_guess
        As for :class:`~efftheory.numeric.phase.PhaseProblem`.
    symmetric_point : tuple of Expr or None
        An ``m0`` stationary at every control value.
    box : tuple of (float, float)
        The window of each order parameter.
    control_window : (float, float)
    names : (str, str)
        Labels of the phases (global minimum at ``m0``, elsewhere).
    grid : (int, int)
        Control values of the scan, grid points per order parameter.

    Examples
    --------
    The Landau sextic in a rotated frame, with a stiff transverse direction: the first-order
    point is that of ``a u^2 - u^4 + u^6``, ``a = 1/4``.

    >>> a, m, n = sp.symbols("a m n")
    >>> u, v = (3*m + 4*n) / 5, (-4*m + 3*n) / 5
    >>> p = MultiPhaseProblem(a*u**2 - u**4 + u**6 + v**2, (m, n), a, symmetric_point=(0, 0),
    ...                       box=((-2, 2), (-2, 2)), control_window=(-0.5, 0.6))
    >>> [(pt.kind, mpmath.nstr(pt.values["a"], 12)) for pt in p.special_points({}, dps=20)]
    [('first_order', '0.25'), ('spinodal', '0.0'), ('spinodal', '0.333333333333')]
    """

    action: sp.Expr
    orders: tuple
    control: sp.Symbol
    params: tuple = ()
    fields: tuple = ()
    field_equations: tuple = ()
    field_guess: tuple = ()
    symmetric_point: tuple | None = None
    box: tuple = ((-2.0, 2.0), (-2.0, 2.0))
    control_window: tuple = (-1.0, 1.0)
    names: tuple = ("symmetric", "broken")
    grid: tuple = (200, 41)

    # the same float64 continuation of the fields, cache of augmented systems and verification
    fields_f64 = PhaseProblem.fields_f64
    _values = PhaseProblem._values
    _systems = PhaseProblem._systems
    _system = PhaseProblem._system
    locate = PhaseProblem.locate                  # seeds -> polished points, failures reported; naming by _named
    special_points = PhaseProblem.special_points

    def __post_init__(self):
        if len(self.box) != len(self.orders):
            raise ValueError(f"box has {len(self.box)} intervals for {len(self.orders)} order parameters")

    # ------------------------------------------------------------------ symbolic pieces
    @cached_property
    def _grad(self) -> tuple:
        return tuple(sp.diff(self.action, m) for m in self.orders)

    @cached_property
    def _hess(self) -> sp.Matrix:
        return sp.Matrix([[sp.diff(g, m) for m in self.orders] for g in self._grad])

    @cached_property
    def _det(self) -> sp.Expr:
        # the Leibniz sum, unsimplified: SymPy's det methods simplify their pivots, which takes minutes
        # on a large rational action; the kernels only need the expression
        k, H = len(self.orders), self._hess
        det = sp.Add(*[_parity(p) * sp.Mul(*[H[i, j] for i, j in enumerate(p)])
                       for p in itertools.permutations(range(k))])
        # a polynomial action keeps its expanded form (cheap), whose roots Newton meets exactly (a = 0 stays 0)
        return sp.expand(det) if all(h.is_polynomial(*self.orders) for h in H) else det

    @cached_property
    def _m0(self) -> dict:
        return {} if self.symmetric_point is None else dict(zip(self.orders, map(sp.sympify, self.symmetric_point)))

    @cached_property
    def even(self) -> bool:
        """Whether ``S(m0 + x) = S(m0 - x)`` (then a point and its mirror image are one state)."""
        if self.symmetric_point is None:
            return False
        xs = sp.symbols(f"x_:{len(self.orders)}")
        shifted = self.action.subs({m: self._m0[m] + x for m, x in zip(self.orders, xs)}, simultaneous=True)
        return sp.expand(shifted - shifted.subs({x: -x for x in xs}, simultaneous=True)) == 0

    @cached_property
    def _kernel(self):
        args = (*self.orders, self.control, *self.fields, *self.params)
        return compile_exprs([self.action, *self._grad, *self._hess], args)

    # ------------------------------------------------------------------ float64 scan
    def _minima_at(self, c, fv, pv) -> tuple[list, list]:
        """Float64 minima ``(m, S)`` at one control value (the symmetric point excluded), and the
        grid minima that sit on a face of the box ``(face index j, edge value, m)``."""
        k = len(self.orders)
        axes = [np.linspace(lo, hi, self.grid[1]) for lo, hi in self.box]
        mesh = np.meshgrid(*axes, indexing="ij")
        S = np.broadcast_to(np.asarray(self._kernel.f64(*mesh, c, *fv, *pv)[0], float), mesh[0].shape)
        pad = np.pad(S, 1, constant_values=np.inf)
        lower = np.ones(S.shape, bool)
        for shift in itertools.product((-1, 0, 1), repeat=k):
            if any(shift):
                sl = tuple(slice(1 + s, 1 + s + n) for s, n in zip(shift, S.shape))
                lower &= S < pad[sl]
        minima, edges = [], []
        h = max((hi - lo) for lo, hi in self.box) / (self.grid[1] - 1)
        for idx in zip(*np.nonzero(lower)):
            m = np.array([axes[j][i] for j, i in enumerate(idx)])
            face = next(((j, self.box[j][0 if i == 0 else 1]) for j, i in enumerate(idx)
                         if i in (0, self.grid[1] - 1)), None)
            if face is not None:
                edges.append((face[0], face[1], m))
                continue
            m = self._refine(m, c, fv, pv)
            if m is None or (self._m0 and np.linalg.norm(m - self._m0_f64) < 2 * h):
                continue
            if not any(np.linalg.norm(m - o) < h / 10 for o, _ in minima):
                minima.append((m, float(self._kernel.f64(*m, c, *fv, *pv)[0])))
        return minima, edges

    @cached_property
    def _m0_f64(self) -> np.ndarray:
        return np.array([float(self._m0[m]) for m in self.orders])

    def _refine(self, m, c, fv, pv, steps: int = 30):
        """Float64 Newton on the gradient from a grid minimum; None unless it lands on a minimum in the box."""
        k = len(self.orders)
        for _ in range(steps):
            out = [np.asarray(v, float) for v in self._kernel.f64(*m, c, *fv, *pv)]
            g, H = np.array(out[1:1 + k], float), np.array(out[1 + k:], float).reshape(k, k)
            try:
                dm = np.linalg.solve(H, -g)
            except np.linalg.LinAlgError:
                return None
            m = m + dm
            if np.linalg.norm(dm) < 1e-13 * max(1.0, np.linalg.norm(m)):
                break
        inside = all(lo <= x <= hi for x, (lo, hi) in zip(m, self.box))
        return m if inside and np.all(np.linalg.eigvalsh(H) > 0) else None

    def scan(self, values: Mapping):
        """Float64 scan: controls, fields, minima ``[(m, S), ...]`` and face minima per control value."""
        controls = np.linspace(*self.control_window, self.grid[0])
        fvals = self.fields_f64(controls, values)
        pv = [float(sp.Rational(v)) for v in self._values(values)]
        rows = [self._minima_at(c, fv, pv) for c, fv in zip(controls, fvals)]
        return controls, fvals, [r[0] for r in rows], [r[1] for r in rows]

    # ------------------------------------------------------------------ seeds
    def seeds(self, values: Mapping) -> list[tuple[str, tuple]]:
        """Float64 seeds ``(kind, x0)`` of every special point seen in the scan."""
        controls, fvals, minima, edges = self.scan(values)
        span = max(hi - lo for lo, hi in self.box)
        near = 0.05 * span
        pv = [float(sp.Rational(v)) for v in self._values(values)]
        S0 = [self._S0(c, fv, pv) for c, fv in zip(controls, fvals)] if self._m0 else None
        seeds = []
        for i in range(len(controls) - 1):
            a, b = minima[i], minima[i + 1]
            for side, other, j in ((a, b, i), (b, a, i + 1)):      # a well that appears or disappears
                for m, _ in side:
                    if all(np.linalg.norm(m - o) > near for o, _ in other):
                        at_edge = [e for e in edges[i] + edges[i + 1] if np.linalg.norm(e[2] - m) < 4 * near]
                        if at_edge:
                            f, e, _ = at_edge[0]
                            seeds.append((f"window_edge:{f}:{e}", (controls[j], *np.delete(m, f), *fvals[j])))
                        else:
                            seeds.append(("spinodal", (controls[j], *m, *fvals[j])))
            seeds += self._switch_seeds(i, controls, fvals, minima, S0)
        if self._m0:
            k = compile_exprs([self._det.subs(self._m0)], (self.control, *self.fields, *self.params))
            det = np.array([float(k.f64(c, *fv, *pv)[0]) for c, fv in zip(controls, fvals)])
            for i in np.nonzero(np.sign(det[:-1]) * np.sign(det[1:]) < 0)[0]:
                seeds.append(("symmetric_spinodal", (controls[i], *fvals[i])))
        return seeds

    def _switch_seeds(self, i, controls, fvals, minima, S0) -> list:
        """A first-order seed where the global minimum moves to another well between control i and i+1."""
        def states(j):     # the wells, and the symmetric point as the state None
            return list(minima[j]) + ([(None, S0[j])] if S0 else [])
        a, b = states(i), states(i + 1)
        if not a or not b:
            return []
        tol = lambda s: 1e-9 * max(1.0, abs(s))  # noqa: E731
        best_a, best_b = min(a, key=lambda t: t[1]), min(b, key=lambda t: t[1])

        def match(state, pool):
            if state[0] is None:
                return next((t for t in pool if t[0] is None), None)
            near = [t for t in pool if t[0] is not None and np.linalg.norm(t[0] - state[0]) < 0.05 * self._span]
            return min(near, key=lambda t: np.linalg.norm(t[0] - state[0])) if near else None
        new_prev, old_next = match(best_b, a), match(best_a, b)
        if new_prev is None or old_next is None or new_prev is best_a:
            return []
        if not (best_a[1] < new_prev[1] - tol(best_a[1]) and best_b[1] < old_next[1] - tol(best_b[1])):
            return []
        c, fv = controls[i], fvals[i]
        if best_a[0] is None or new_prev[0] is None:
            well = new_prev[0] if best_a[0] is None else best_a[0]
            return [("first_order", (c, *well, *fv))]
        return [("first_order_pair", (c, *best_a[0], *new_prev[0], *fv))]

    @cached_property
    def _span(self) -> float:
        return max(hi - lo for lo, hi in self.box)

    def _S0(self, c, fv, pv) -> float:
        return float(self._kernel.f64(*self._m0_f64, c, *fv, *pv)[0])

    # ------------------------------------------------------------------ systems and points
    def _build_system(self, kind: str) -> System:
        c, ms, G = self.control, tuple(self.orders), tuple(self.field_equations)
        if kind == "spinodal":
            eqs, unknowns = (*self._grad, self._det), (c, *ms)
        elif kind == "symmetric_spinodal":
            eqs, unknowns = (self._det.subs(self._m0),), (c,)
        elif kind == "first_order":
            eqs, unknowns = (*self._grad, self.action - self.action.subs(self._m0)), (c, *ms)
        elif kind == "first_order_pair":
            one, two = self._wells
            at = lambda e, w: e.subs(dict(zip(ms, w)), simultaneous=True)  # noqa: E731
            eqs = (*[at(g, one) for g in self._grad], *[at(g, two) for g in self._grad],
                   at(self.action, one) - at(self.action, two))
            unknowns = (c, *one, *two)
        elif kind.startswith("window_edge:"):
            _, j, e = kind.split(":")
            edge = {ms[int(j)]: sp.Rational(e)}
            eqs, unknowns = tuple(g.subs(edge) for g in self._grad), (c, *(m for m in ms if m not in edge))
        else:  # pragma: no cover - internal
            raise ValueError(kind)
        return System(eqs + G, unknowns + tuple(self.fields), tuple(self.params), f"{kind} of {self.action}")

    @cached_property
    def _wells(self) -> tuple:
        return tuple(tuple(sp.Symbol(f"{m}.{w}") for m in self.orders) for w in (1, 2))

    def _named(self, kind: str, sol: dict, dps: int) -> tuple[str, dict]:
        """The reported kind and values: the symmetric point and window faces filled in exactly,
        and a point of an even action taken on the side where its first nonzero coordinate
        (relative to ``m0``) is positive, so that it merges with its mirror image."""
        names = [str(m) for m in self.orders]
        if kind == "symmetric_spinodal":
            return "spinodal", {str(self.control): sol.pop(str(self.control)),
                                **{n: self._m0[m] for n, m in zip(names, self.orders)}, **sol}
        if kind.startswith("window_edge:"):
            _, j, e = kind.split(":")
            sol[names[int(j)]] = sp.Rational(e)
            return "window_edge", {str(self.control): sol.pop(str(self.control)),
                                   **{n: sol.pop(n) for n in names}, **sol}
        if self.even and kind in ("spinodal", "first_order"):
            with mpmath.workdps(dps):
                m0 = [to_mpf(self._m0[m], dps) for m in self.orders]
                rel = [sol[n] - z for n, z in zip(names, m0)]
                if next((r for r in rel if abs(r) > mpmath.mpf(10) ** (-dps // 2)), 0) < 0:
                    sol.update({n: z - r for n, z, r in zip(names, m0, rel)})
        return ("first_order" if kind == "first_order_pair" else kind), sol
