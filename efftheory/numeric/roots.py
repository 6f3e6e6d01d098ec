"""Root finding: a float64 seed polished by Newton's method in mpmath.

:class:`System` is a square system of equations ``F(x; p) = 0`` compiled with its
Jacobian.  :meth:`System.solve` seeds in float64 (SciPy, optional), polishes
with Newton's method at an explicit precision and explicit step limits, judges
convergence on both the step and the residual, and verifies the digits by
solving again at a higher precision (:func:`~efftheory.numeric.precision.verified`).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import mpmath
import numpy as np
import scipy.optimize
import sympy as sp

from ..errors import ConvergenceError
from .compile import compile_exprs
from .precision import to_mpf, verified

__all__ = ["System", "newton", "bracketed_root"]


def newton(F, J, x0, *, dps: int, max_steps: int = 200, what: str = "system"):
    """Newton's method at ``dps`` digits with an explicit step limit.

    Converges when the residual is at round-off level (``10**(-dps + 1)`` relative
    to the Jacobian's scale), or when the step is below ``10**(-dps + 1)`` relative
    to ``x`` with a residual below ``10**(-dps + 5)``.  Callers verify the digits by
    solving again at a higher precision.
    A step is halved (up to 30 times) while it does not decrease the residual.

    Raises
    ------
    ConvergenceError
        After ``max_steps`` steps, or on a singular Jacobian.
    """
    with mpmath.workdps(dps):
        # the start is approximate (often a float64 seed): floats are welcome here
        x = mpmath.matrix([mpmath.mpf(float(v)) if isinstance(v, (float, np.floating)) else to_mpf(v, dps) for v in x0])
        tol = mpmath.mpf(10) ** (-dps)
        fx = mpmath.matrix(F(x))
        for step in range(1, max_steps + 1):
            jac = mpmath.matrix(J(x))
            try:
                dx = mpmath.lu_solve(jac, -fx)
            except ZeroDivisionError:
                raise ConvergenceError(f"{what}: singular Jacobian at step {step}, x = {_short(x)}") from None
            norm0 = mpmath.norm(fx)
            lam = mpmath.mpf(1)
            for _ in range(30):
                xn = x + lam * dx
                fn = mpmath.matrix(F(xn))
                if mpmath.norm(fn) <= norm0 or norm0 < tol:
                    break
                lam /= 2
            x, fx = xn, fn
            scale = max(mpmath.norm(x), 1)
            jscale = max(mpmath.mnorm(jac, 1), 1)
            small_step = mpmath.norm(lam * dx) <= tol * scale * 10
            resid = mpmath.norm(fx)
            if resid <= tol * jscale * scale * 10 or (small_step and resid <= tol * jscale * scale * 10**5):
                return [+v for v in x], step
        raise ConvergenceError(f"{what}: Newton did not converge in {max_steps} steps at {dps} digits "
                               f"(last x = {_short(x)}, residual {mpmath.nstr(mpmath.norm(fx), 5)})")


def bracketed_root(f, lo, hi, dps: int, what: str = "root"):
    """A root of an increasing ``f`` on ``[lo, hi]`` to ``dps`` digits (Illinois steps, bisection safeguard).

    Returns the bracket's midpoint once the bracket is below ``10**-(dps-3)`` relative (the
    working precision is ``dps``: callers ask for guard digits);
    raises :class:`ConvergenceError` if there is no sign change, or if ``f`` jumps over zero.
    """
    with mpmath.workdps(dps):
        flo, fhi = f(lo), f(hi)
        if flo == 0:
            return lo
        if fhi == 0:
            return hi
        if flo > 0 or fhi < 0:
            raise ConvergenceError(f"{what}: no sign change on [{mpmath.nstr(lo, 8)}, {mpmath.nstr(hi, 8)}] "
                                   f"(f = {mpmath.nstr(flo, 5)}, {mpmath.nstr(fhi, 5)})")
        tol = mpmath.mpf(10) ** (-dps + 3)
        side = 0
        for _ in range(40 * dps + 400):
            if hi - lo <= tol * max(abs(hi), abs(lo), tol):
                break
            width = hi - lo
            x = (lo * fhi - hi * flo) / (fhi - flo)
            if not lo < x < hi:
                x = (lo + hi) / 2
            fx = f(x)
            if fx == 0:
                return x
            if fx < 0:
                lo, flo = x, fx
                if side == -1:
                    fhi /= 2
                side = -1
            else:
                hi, fhi = x, fx
                if side == 1:
                    flo /= 2
                side = 1
            if hi - lo > width / 2:                 # slow progress: bisect as well
                mid = (lo + hi) / 2
                fm = f(mid)
                if fm == 0:
                    return mid
                if fm < 0:
                    lo, flo = mid, fm
                else:
                    hi, fhi = mid, fm
        else:
            raise ConvergenceError(f"{what}: bracket did not shrink below 1e-{dps - 3} in {40 * dps + 400} steps")
        root = (lo + hi) / 2
        scale = max(abs(flo), abs(fhi))
        if abs(fhi - flo) > mpmath.mpf(10) ** (-dps // 2) and scale > mpmath.mpf(10) ** (-dps // 2):
            raise ConvergenceError(f"{what}: f jumps from {mpmath.nstr(flo, 5)} to {mpmath.nstr(fhi, 5)} at "
                                   f"{mpmath.nstr(root, 12)} without a root")
        return root


def _short(x) -> str:
    return "[" + ", ".join(mpmath.nstr(v, 8) for v in x) + "]"


@dataclass(frozen=True)
class System:
    """A square system ``F(unknowns; params) = 0`` compiled with its Jacobian.

    Parameters
    ----------
    equations : tuple of Expr
        Left-hand sides (each equal to zero).
    unknowns : tuple of Symbol
    params : tuple of Symbol
        Symbols whose values are passed at solve time.
    name : str
        For messages.
    """

    equations: tuple
    unknowns: tuple
    params: tuple = ()
    name: str = "system"

    def __post_init__(self):
        if len(self.equations) != len(self.unknowns):
            raise ValueError(f"{self.name}: {len(self.equations)} equations for {len(self.unknowns)} unknowns")

    @property
    def _kernels(self):
        jac = sp.Matrix(self.equations).jacobian(self.unknowns)
        args = (*self.unknowns, *self.params)
        return compile_exprs(self.equations, args), compile_exprs(list(jac), args)

    def residual_f64(self, x, values: Sequence) -> np.ndarray:
        F, _ = self._kernels
        return np.array([float(v) for v in F.f64(*x, *values)])

    def seed(self, guess: Sequence[float], values: Mapping) -> np.ndarray:
        """Improve a float64 guess with SciPy (hybrid Powell); return the best point found."""
        vals = [float(sp.Rational(values[p])) if not isinstance(values[p], float) else values[p] for p in self.params]
        F, J = self._kernels
        n = len(self.unknowns)
        fun = lambda x: np.array([float(v) for v in F.f64(*x, *vals)])  # noqa: E731
        jac = lambda x: np.array([float(v) for v in J.f64(*x, *vals)]).reshape(n, n)  # noqa: E731
        sol = scipy.optimize.root(fun, np.asarray(guess, dtype=float), jac=jac, method="hybr")
        x = sol.x if np.all(np.isfinite(sol.x)) else np.asarray(guess, dtype=float)
        return x if np.linalg.norm(fun(x)) <= np.linalg.norm(fun(np.asarray(guess, float))) else np.asarray(guess)

    def polish(self, x0, values: Mapping, *, dps: int, max_steps: int = 200) -> list:
        """Newton polish at ``dps`` digits from ``x0``, doubling the precision along the way.

        Newton doubles the correct digits per step, so the iterations run at about 30 digits
        first and at ``dps`` only for the last one or two steps; the last stage converges at
        ``dps`` digits under the same criteria as a polish at ``dps`` from the start."""
        x = x0
        for w in _precision_ladder(dps):
            x = self._polish_at(x, values, w, max_steps)
        return x

    def _polish_at(self, x0, values, dps, max_steps):
        F, J = self._kernels
        n = len(self.unknowns)
        pv = [to_mpf(values[p], dps) for p in self.params]
        f = lambda x: F.mp(*x, *pv, dps=dps)  # noqa: E731
        j = lambda x: _square(J.mp(*x, *pv, dps=dps), n)  # noqa: E731
        x, _ = newton(f, j, x0, dps=dps, max_steps=max_steps, what=self.name)
        return x

    def solve(self, guess: Sequence[float], values: Mapping, *, dps: int, seed: bool = True) -> tuple[dict, int]:
        """Seed in float64, polish at two precisions, and return verified values and digits.

        Returns
        -------
        values : dict
            Unknown name -> mpf (at the higher working precision).
        digits : int
            Significant digits that agreed (== ``dps``; otherwise PrecisionError).
        """
        x0 = self.seed(guess, values) if seed else guess

        def compute(w):
            x = self.polish(x0, values, dps=w)
            return {str(u): v for u, v in zip(self.unknowns, x)}
        return verified(compute, dps=dps, what=self.name)


def _precision_ladder(dps: int) -> list[int]:
    """``[.., dps/4, dps/2, dps]`` (with guard digits), starting at about 30 digits."""
    ladder = [dps]
    while ladder[-1] > 60:
        ladder.append(ladder[-1] // 2 + 5)
    return ladder[::-1]


def _square(flat, n):
    return mpmath.matrix([[flat[i * n + k] for k in range(n)] for i in range(n)])
