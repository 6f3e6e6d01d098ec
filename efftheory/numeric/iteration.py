"""Newton's method in mpmath at an explicit precision, with the linear algebra it needs.

The residual and the Jacobian are separate callables (compiled kernels,
:mod:`~efftheory.numeric.roots`), so that the Jacobian is evaluated only where a step follows; the 3x3-sized linear solves are done on
lists of mpf (scaled partial pivoting, as :func:`mpmath.lu_solve`, without its matrix overhead).
"""
from __future__ import annotations

import mpmath
import numpy as np

from ..errors import ConvergenceError
from .precision import to_mpf

__all__ = ["newton"]


def newton(F, J, x0, *, dps: int, max_steps: int = 200, what: str = "system"):
    """Newton's method at ``dps`` digits with an explicit step limit.

    ``F(x)`` returns the residuals, ``J(x)`` the Jacobian (an mpmath matrix or a list of rows),
    ``x`` a list of mpf.  Converges when the residual is at round-off level (``10**(-dps + 1)``
    relative to the Jacobian's scale), or when the step is below ``10**(-dps + 1)`` relative
    to ``x`` with a residual below ``10**(-dps + 5)``.  Callers verify the digits by
    solving again at a higher precision.
    A step is halved (up to 30 times) while it does not decrease the residual.

    Returns
    -------
    x, steps

    Raises
    ------
    ConvergenceError
        After ``max_steps`` steps, or on a singular Jacobian.

    Examples
    --------
    >>> x, steps = newton(lambda x: [x[0]**2 - 2], lambda x: [[2 * x[0]]], [1.5], dps=30)
    >>> print(mpmath.nstr(x[0], 30))
    1.41421356237309504880168872421
    """
    x, steps, _ = _newton(lambda x: list(F(x)), lambda x: _rows(J(x)), x0, dps=dps, max_steps=max_steps,
                          what=what)
    return x, steps


def _rows(j):
    if isinstance(j, mpmath.matrix):
        return [[j[i, k] for k in range(j.cols)] for i in range(j.rows)]
    j = list(j)
    if j and isinstance(j[0], (list, tuple)):
        return j
    n = int(round(len(j) ** 0.5))
    return [j[i * n:(i + 1) * n] for i in range(n)]


def _start(x0, dps):
    # the start is approximate (often a float64 seed): floats are welcome here
    return [+v if isinstance(v, mpmath.mpf) else mpmath.mpf(float(v)) if isinstance(v, (float, np.floating))
            else to_mpf(v, dps) for v in x0]


def _sumsq(v):
    return sum(a * a for a in v)


def _norm(v):
    """The largest magnitude (a lower bound of the 2-norm; :func:`_norm2` is an upper bound)."""
    return max(abs(a) for a in v)


def _norm2(v):
    """``sqrt(n) * max |v_i|``: at least the 2-norm, so tests ``_norm2(r) <= tol`` are at least as
    strict as tests of the 2-norm."""
    return _norm(v) * _SQRT[len(v)] if len(v) < len(_SQRT) else _norm(v) * mpmath.sqrt(len(v))


_SQRT = [0.0] + [float(np.sqrt(k)) * (1 + 1e-15) for k in range(1, 17)]


def _newton(f, j, x0, *, dps: int, max_steps: int, what: str, first_jac=None):
    """The iteration of :func:`newton`: ``f(x)`` the residuals, ``j(x)`` the rows of the Jacobian.

    The Jacobian is evaluated only where another step follows (the residual alone decides
    convergence).  ``first_jac``: the Jacobian at the start, known to about the start's own
    accuracy (a float64 seed's float64 Jacobian): the first step then needs none at ``dps``
    digits (its error, ~1e-16 of the step, is below the step's quadratic error).
    Returns ``(x, steps, J)`` with ``J`` the Jacobian of the last step (at the point before ``x``,
    correct to the size of that step)."""
    with mpmath.workdps(dps):
        x = _start(x0, dps)
        tol = mpmath.mpf(10) ** (-dps)
        fx = list(f(x))
        jac = j(x) if first_jac is None else first_jac
        for step in range(1, max_steps + 1):
            try:
                lu = _lu(jac)
            except ZeroDivisionError:
                raise ConvergenceError(f"{what}: singular Jacobian at step {step}, x = {_short(x)}") from None
            dx = _lu_solve(lu, [-v for v in fx])
            norm0 = _sumsq(fx)                        # the line search on the 2-norm, as ever
            lam = mpmath.mpf(1)
            for _ in range(30):
                xn = [a + lam * d for a, d in zip(x, dx)]
                fn = list(f(xn))
                if _sumsq(fn) <= norm0 or norm0 < tol * tol:
                    break
                lam /= 2
            x, fx = xn, fn
            # every test at least as strict as with 2-norms: upper bounds left, lower bounds right
            scale = max(_norm(x), 1)
            jscale = max(lu[2], 1)
            small_step = abs(lam) * _norm2(dx) <= tol * scale * 10
            resid = _norm2(fx)
            if resid <= tol * jscale * scale * 10 or (small_step and resid <= tol * jscale * scale * 10**5):
                return x, step, jac
            jac = j(x)
        raise ConvergenceError(f"{what}: Newton did not converge in {max_steps} steps at {dps} digits "
                               f"(last x = {_short(x)}, residual {mpmath.nstr(_norm2(fx), 5)})")


def _mnorm1(rows):
    return max(sum(abs(r[k]) for r in rows) for k in range(len(rows[0])))


def _lu(rows):
    """LU factors with partial pivoting; ZeroDivisionError when a pivot is below ``||A||_1 eps``
    (numerically singular, the test of :func:`mpmath.lu_solve`).  Returns ``(LU, perm, ||A||_1)``."""
    mpf = mpmath.mpf
    a = [[v if isinstance(v, mpf) else mpf(v) for v in r] for r in rows]
    n = len(a)
    norm1 = _mnorm1(a)
    tol = norm1 * mpmath.eps
    perm = list(range(n))
    for j in range(n):
        p = max(range(j, n), key=lambda k: abs(a[k][j]))
        if p != j:
            a[j], a[p] = a[p], a[j]
            perm[j], perm[p] = perm[p], perm[j]
        pivot = a[j][j]
        if abs(pivot) <= tol:
            raise ZeroDivisionError("matrix is numerically singular")
        for i in range(j + 1, n):
            f = a[i][j] = a[i][j] / pivot
            if f:
                ri, rj = a[i], a[j]
                for k in range(j + 1, n):
                    ri[k] -= f * rj[k]
    return a, perm, norm1


def _lu_solve(lu, b):
    a, perm, _ = lu
    n = len(a)
    y = [b[p] for p in perm]
    for i in range(1, n):
        y[i] -= sum(a[i][k] * y[k] for k in range(i))
    for i in reversed(range(n)):
        y[i] = (y[i] - sum(a[i][k] * y[k] for k in range(i + 1, n))) / a[i][i]
    return y


def _short(x) -> str:
    return "[" + ", ".join(mpmath.nstr(v, 8) for v in x) + "]"
