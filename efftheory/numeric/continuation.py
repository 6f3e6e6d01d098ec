"""Lines along a parameter: each point's float64 start from the points before it.

Inside :func:`along_a_line` (``efftheory sweep`` runs its points there), a root finder that
would seed a system by an expensive search (a bracket, a scan) asks :func:`start` instead: the
float64 roots of the same system at the previous points of the line are extrapolated linearly
to the new parameter values and refined in float64 (:meth:`~efftheory.numeric.roots.System.seed`,
the kernels held); the full search runs only for the first point, or when the refined start
lands far from the prediction (the branch turned or ended).  The polish and the verification of
every point are unchanged: the start only decides how fast Newton gets there.

The start is the same for both precisions of one verified point (it is remembered by the
parameter values), so the recomputation at the higher precision is one Newton step from the
lower one's root (:func:`~efftheory.numeric.precision.root_memo`).

Examples
--------
>>> import mpmath, sympy as sp
>>> from efftheory.numeric import System
>>> x, c = sp.symbols("x c")
>>> circle = System((x**2 - c,), (x,), (c,), "square root")
>>> with along_a_line():
...     roots = []
...     for k in range(1, 6):
...         values = {c: sp.Integer(k)}
...         x0 = start(circle, values, lambda: [1.0])
...         roots.append(circle.polish(x0, values, dps=20)[0])
...         record(circle, values, roots[-1:])
>>> print(mpmath.nstr(roots[-1], 20))
2.2360679774997896964
"""
from __future__ import annotations

import contextvars
from contextlib import contextmanager
from typing import Callable, Mapping, Sequence

import numpy as np

__all__ = ["along_a_line", "start", "record", "MAX_JUMP"]

#: a refined start farther than this (relative to the size of the root) from the
#: extrapolation is not trusted: the full search runs instead
MAX_JUMP = 0.05


class _Line:
    def __init__(self):
        self.history: dict = {}     # system -> list of (parameter vector, values key, float64 root)
        self.starts: dict = {}      # (system, values key) -> the start given for those values


_LINE: contextvars.ContextVar = contextvars.ContextVar("efftheory_line", default=None)


@contextmanager
def along_a_line():
    """Run the enclosed computations as the points of one line (see the module's note)."""
    token = _LINE.set(_Line())
    try:
        yield
    finally:
        _LINE.reset(token)


def _values_key(system, values: Mapping):
    return tuple(values[p] for p in system.params)


def _vector(key) -> np.ndarray:
    return np.array([float(v) for v in key], dtype=float)


def start(system, values: Mapping, full_seed: Callable[[], Sequence[float]]) -> tuple:
    """The float64 start for ``system`` at ``values``: outside a line, ``full_seed()``; on a line,
    the extrapolation of the previous points refined by ``system.seed`` (or ``full_seed()`` for
    the first point and whenever the refinement jumps by more than :data:`MAX_JUMP`)."""
    line = _LINE.get()
    if line is None:
        return tuple(float(v) for v in full_seed())
    key = _values_key(system, values)
    if (system, key) in line.starts:
        return line.starts[(system, key)]
    x0 = _predicted(line.history.get(system, []), key)
    if x0 is not None:
        refined = system.seed(x0, values)
        size = max(float(np.linalg.norm(x0)), 1e-300)
        if not (np.all(np.isfinite(refined)) and np.linalg.norm(refined - x0) <= MAX_JUMP * size
                and np.linalg.norm(system.residual_f64(refined, _float_values(system, values))) < 1e-8):
            x0 = None
        else:
            x0 = tuple(float(v) for v in refined)
    if x0 is None:
        x0 = tuple(float(v) for v in full_seed())
    line.starts[(system, key)] = x0
    return x0


def record(system, values: Mapping, x) -> None:
    """Note the root ``x`` of ``system`` at ``values`` as a point of the current line (if any)."""
    line = _LINE.get()
    if line is None:
        return
    key = _values_key(system, values)
    hist = line.history.setdefault(system, [])
    if any(k == key for _, k, _ in hist):
        return
    hist.append((_vector(key), key, np.array([float(v) for v in x], dtype=float)))
    del hist[:-3]


def _predicted(hist: list, key) -> np.ndarray | None:
    if not hist:
        return None
    p = _vector(key)
    if len(hist) == 1:
        return hist[-1][2]
    (p1, _, x1), (p2, _, x2) = hist[-2], hist[-1]
    step = np.linalg.norm(p2 - p1)
    if step == 0:
        return x2
    t = float(np.dot(p - p2, p2 - p1) / step**2)          # along the line, in units of the last step
    return x2 + t * (x2 - x1)


def _float_values(system, values) -> list:
    import sympy as sp
    return [float(sp.Rational(values[p])) if not isinstance(values[p], float) else values[p] for p in system.params]
