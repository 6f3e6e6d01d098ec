"""Transition lines traced directly, as curves in the plane of a second parameter and the control.

A special point (first-order point, spinodal) solves an augmented system in ``(control, order
parameter, fields)`` (:meth:`~efftheory.numeric.PhaseProblem._system`; with a symmetric point, the
same conditions with the trivial root divided out, :func:`_reduced`).  Stepping a second
parameter ``p`` along an axis, the line ``control(p)`` is followed by **continuation**: each point
is predicted from the previous two (secant), seeded in float64 and polished by Newton at two
working precisions (:func:`~efftheory.numeric.verified`), so every printed digit of the line was
recomputed.  The line starts from the points ``solve`` finds at the first value of ``p``; each
point of that kind there starts one branch.  A step whose Newton fails is retried through four
float64 substeps; a branch that still fails, or collapses onto the symmetric point, stops with one
``error`` row naming why.  Nothing is read off the grid.

Theories whose phase problem is known here (:data:`PHASE_PROBLEMS`: ``rubin-cubic``,
``two-layer``) are continued; any other theory with special points is traced point by point with
its own ``solve`` at each ``p`` (method ``solve``: each point found and verified directly; of
several points of the kind, the one nearest the branch's previous control value).
"""
from __future__ import annotations

from dataclasses import dataclass

import mpmath
import numpy as np

from ..errors import ComputationError, InputError
from ..numeric import verified
from ..results import format_value

__all__ = ["Line", "trace_line", "line_control", "lines_csv", "PHASE_PROBLEMS"]


def _rubin_cubic(params):
    from ..theories.rubin import cubic_numeric as num
    return num.problem(num.variant(params), num.window(params)), num.micro_values(params)


def _two_layer(params):
    from ..models import two_layer_numeric as tl
    return tl.problem(tl._key(params)), tl._values(params)


#: theory -> ``params -> (PhaseProblem, values keyed by the problem's parameter symbols)``
PHASE_PROBLEMS = {"rubin-cubic": _rubin_cubic, "two-layer": _two_layer}


@dataclass(frozen=True)
class Line:
    """A traced line: its kind, the stepped parameter, the control, and rows of exact-text/decimal values."""

    kind: str
    along: str
    control: str
    method: str
    rows: tuple

    def ok_rows(self, branch=None):
        return [r for r in self.rows if r["status"] == "ok" and (branch is None or r["branch"] == branch)]


def line_control(model) -> str:
    """The control parameter of ``model``'s special points (the plane's other coordinate)."""
    ctrl = [p.name for p in model.parameters if getattr(p.role, "name", "") == "CONTROL"]
    if ctrl:
        return ctrl[0]
    raise InputError(f"theory '{model.name}' has no control parameter to trace a line in")


def trace_line(model, kind: str, axis, fixed: dict, *, dps: int) -> Line:
    """The line of special points ``kind`` along ``axis`` (an :class:`~efftheory.diagram.grid.Axis`),
    the other parameters ``fixed`` (name -> exact text)."""
    if model.special_points is None:
        raise InputError(f"theory '{model.name}' has no special points to trace as a line")
    if kind not in model.point_kinds:
        raise InputError(f"--line {kind!r} is not a special point of '{model.name}'; it has: "
                         + ", ".join(model.point_kinds))
    if axis.categorical:
        raise InputError(f"--along {axis.name}: a line needs a numeric parameter, not a list of labels")
    control = line_control(model)
    if axis.name == control:
        raise InputError(f"--along {axis.name}: that is the control of '{model.name}'s special points; step "
                         f"another parameter")
    start = model.solve({**fixed, axis.name: axis.values[0]}, dps=dps)
    points = [p for p in start.points if p.kind == kind]
    if not points:
        raise ComputationError(f"'{model.name}' has no {kind} point at {axis.name} = {axis.texts[0]} to start "
                               f"the line from")
    if model.name in PHASE_PROBLEMS:
        rows = _continued(model, kind, axis, fixed, points, dps)
        return Line(kind, axis.name, control, "continuation", tuple(rows))
    return Line(kind, axis.name, control, "solve", tuple(_pointwise(model, kind, axis, fixed, points, dps)))


def _row(kind, branch, axis, i, values, digits, status="ok", message=""):
    row = {"line": kind, "branch": branch, axis.name: axis.texts[i], "status": status, "digits": digits,
           "message": message}
    row.update({k: format_value(v, digits) for k, v in values.items()})
    return row


def _continued(model, kind, axis, fixed, points, dps):
    params = model.resolve({**fixed, axis.name: axis.values[0]})
    problem, _ = PHASE_PROBLEMS[model.name](params)
    order = str(problem.order)
    rows = []
    for branch, point in enumerate(points):
        symmetric = point.values.get(order) == 0 and problem.symmetric_point is not None
        system = (problem._system("symmetric_spinodal") if symmetric else _reduced(problem, kind)
                  if problem.symmetric_point is not None else problem._system(kind))
        names = [str(u) for u in system.unknowns]
        history = [(float(axis.values[0]), np.array([float(point.values[n]) for n in names]))]
        rows.append(_row(kind, branch, axis, 0, {n: point.values[n] for n in names}, point.digits))
        for i in range(1, len(axis.values)):
            try:
                vals, digits = _step(problem, system, params, axis, i, history, dps)
            except ComputationError as exc:
                rows.append(_row(kind, branch, axis, i, {}, None, "error", " ".join(str(exc).split())[:300]))
                break
            if not symmetric and order in vals and abs(float(vals[order])) < 1e-8:
                rows.append(_row(kind, branch, axis, i, {}, None, "error",
                                 f"the {kind} point collapsed onto the symmetric point {order} = 0"))
                break
            history.append((float(axis.values[i]), np.array([float(vals[n]) for n in names])))
            rows.append(_row(kind, branch, axis, i, vals, digits))
    return rows


_REDUCED: dict = {}


def _reduced(problem, kind):
    """The augmented system of ``kind`` with the symmetric point divided out, so that Newton cannot
    fall onto the trivial root ``m = m0`` (which solves ``S' = 0, S = S(m0)`` identically): with
    ``g = S'/(m - m0)``, a first-order point is ``g = 0, (S - S(m0))/(m - m0)^2 = 0`` and a spinodal
    of the side wells ``g = 0, dg/dm = 0`` (then ``S'' = g + (m - m0) g' = 0``), with ``G = 0``."""
    import sympy as sp
    from ..numeric import System
    key = (id(problem), kind)
    if key not in _REDUCED:
        m, m0 = problem.order, problem.symmetric_point
        g = sp.cancel(problem._dS / (m - m0))
        if kind == "first_order":
            second = sp.cancel((problem.action - problem._at(problem.action, m0)) / (m - m0) ** 2)
        elif kind == "spinodal":
            second = sp.diff(g, m)
        else:
            raise InputError(f"--line {kind}: only first_order and spinodal lines are continued")
        eqs = (g, second, *problem.field_equations)
        _REDUCED[key] = (problem, System(eqs, (problem.control, m, *problem.fields), tuple(problem.params),
                                         f"{kind} line"))
    return _REDUCED[key][1]


def _step(problem, system, params, axis, i, history, dps):
    """Predict, seed and polish the point at ``axis.values[i]``, verified at two precisions."""
    p = axis.values[i]
    sym = {str(s): s for s in problem.params}[axis.name]
    values = {s: params[str(s)] for s in problem.params}
    values[sym] = p
    v, x = float(p), history[-1][1]
    if len(history) > 1:
        (v0, x0), (v1, x1) = history[-2], history[-1]
        x = x1 + (x1 - x0) * (v - v1) / (v1 - v0)
    seed = system.seed(x, values)
    if np.linalg.norm(system.residual_f64(seed, [float(values[s]) for s in system.params])) > 1e-8:
        seed = history[-1][1]            # four float64 substeps from the last good point
        for t in np.linspace(history[-1][0], v, 5)[1:]:
            seed = system.seed(seed, {**values, sym: float(t)})

    def compute(w):
        x = system.polish(list(seed), values, dps=w)
        with mpmath.workdps(w):
            return {str(u): xv for u, xv in zip(system.unknowns, x)}
    return verified(compute, dps=dps, what=f"{system.name} at {axis.name} = {axis.texts[i]}")


def _pointwise(model, kind, axis, fixed, points, dps):
    control = line_control(model)
    rows, last = [], []
    for branch, point in enumerate(points):
        rows.append(_row(kind, branch, axis, 0, point.values, point.digits))
        last.append(float(point.values[control]))
    alive = set(range(len(points)))
    for i in range(1, len(axis.values)):
        try:
            res = model.solve({**fixed, axis.name: axis.values[i]}, dps=dps)
            found = [p for p in res.points if p.kind == kind]
        except ComputationError as exc:
            found, why = [], " ".join(str(exc).split())[:300]
        else:
            why = f"no {kind} point at {axis.name} = {axis.texts[i]}"
        for branch in sorted(alive):
            if not found:
                rows.append(_row(kind, branch, axis, i, {}, None, "error", why))
                alive.discard(branch)
                continue
            best = min(found, key=lambda p: abs(float(p.values[control]) - last[branch]))
            last[branch] = float(best.values[control])
            rows.append(_row(kind, branch, axis, i, best.values, best.digits))
    return sorted(rows, key=lambda r: r["branch"])


def lines_csv(lines) -> str:
    """The rows of all lines as one CSV text (columns: line, branch, the stepped parameter, values...)."""
    import csv
    import io
    cols: list = []
    for ln in lines:
        for r in ln.rows:
            cols += [k for k in r if k not in cols]
    front = ["line", "branch", "status"]
    cols = front + [c for c in cols if c not in front + ["digits", "message"]] + ["digits", "message"]
    fh = io.StringIO()
    w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    for ln in lines:
        for r in ln.rows:
            w.writerow({k: ("" if r.get(k) is None else r.get(k, "")) for k in cols})
    return fh.getvalue()

