"""Root finding: a float64 seed polished by Newton's method in mpmath.

:class:`System` is a square system of equations ``F(x; p) = 0`` compiled with its
Jacobian (the residual and the Jacobian in one kernel, sharing subexpressions; built once per
system and kept, the Jacobian's expressions also on disk, :mod:`~efftheory.numeric.cache`).
:meth:`System.solve` seeds in float64 (SciPy, optional), polishes with Newton's method at an
explicit precision and explicit step limits, doubling the precision along the iterations,
judges convergence on both the step and the residual, and verifies the digits
(:func:`~efftheory.numeric.precision.verified`).  Inside a verified computation the
recomputation at the higher precision starts from the root found at the lower one: one Newton
step, whose correction must contract (see :meth:`System.polish` and ``docs/precision.rst``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Sequence

import mpmath
import numpy as np
import sympy as sp

from ..errors import ConvergenceError
from .cache import jacobian
from .compile import compile_exprs
from .iteration import _lu, _lu_solve, _newton, _norm, _norm2, _short, newton
from .precision import root_memo, to_mpf, verified

__all__ = ["System", "newton", "bracketed_root"]


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


@lru_cache(maxsize=512)
def _compiled(equations: tuple, unknowns: tuple, params: tuple):
    """The kernels of a system, built once: the residual ``F`` and the Jacobian ``J`` (row-major),
    each with a float64 and an mpmath entry point compiled when first used."""
    jac = jacobian(equations, unknowns)
    args = (*unknowns, *params)
    return compile_exprs(equations, args), compile_exprs(jac, args)


#: a recomputation at a higher precision accepts the one Newton step from the lower precision's
#: root when the next correction is at most ``CONTRACTION`` times the step and the error it implies
#: is below ``10**-(dps - CONFIRM_SLACK)`` (relative); otherwise Newton goes on at ``dps``
CONFIRM_SLACK = 5
CONTRACTION = mpmath.mpf(1) / 16


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
        """``(F, J)``, compiled once per system (cached by the equations)."""
        return _compiled(tuple(self.equations), tuple(self.unknowns), tuple(self.params))

    def residual_f64(self, x, values: Sequence) -> np.ndarray:
        return np.array([float(v) for v in self._kernels[0].f64(*x, *values)])

    def seed(self, guess: Sequence[float], values: Mapping) -> np.ndarray:
        """Improve a float64 guess with SciPy (hybrid Powell); return the best point found (memoised:
        the same guess and values give the same seed without a second SciPy run)."""
        try:
            vals = _floats(tuple(values[p] for p in self.params))
        except TypeError:                  # unhashable values
            vals = tuple(_float(values[p]) for p in self.params)
        return np.array(_seed(self, tuple(float(v) for v in guess), vals))

    def polish(self, x0, values: Mapping, *, dps: int, max_steps: int = 200) -> list:
        """Newton polish at ``dps`` digits from ``x0``, doubling the precision along the way.

        Newton doubles the correct digits per step, so the iterations run at about 30 digits
        first and at ``dps`` only for the last one or two steps; the last stage converges at
        ``dps`` digits under the same criteria as a polish at ``dps`` from the start.

        Inside :func:`~efftheory.numeric.precision.verified`, a polish of the same system from the
        same start with the same values at a higher precision than before starts from the root
        found then: one Newton step at ``dps`` digits, accepted when the next correction (with the
        same Jacobian) is below ``10**-(dps - 5)`` relative and contracts at least 16-fold, so
        the point is as accurate as a polish from the start (else Newton goes on from there).
        """
        memo = root_memo()
        key = _key(self, x0, values) if memo is not None else None
        prior = memo.get(key) if key is not None else None
        if prior is not None and prior[0] < dps:
            x, jac = self._confirm(prior[1], prior[2], values, dps, max_steps)
        else:
            x = x0
            for w in _precision_ladder(dps):
                x, jac = self._polish_at(x, values, w, max_steps)
        if key is not None:
            memo[key] = (dps, x, jac)
        return x

    def _fj(self, values, dps):
        """``(f, j, parameter values)``: the residual and the Jacobian's rows at ``dps`` digits."""
        F, J = self._kernels
        n = len(self.unknowns)
        fr, jr = F.raw, J.raw
        pv = _param_values(tuple(values[p] for p in self.params), dps)

        def j(x):
            out = jr(*x, *pv)
            return [out[i * n:(i + 1) * n] for i in range(n)]
        return (lambda x: fr(*x, *pv)), j, pv

    def _polish_at(self, x0, values, dps, max_steps):
        """Newton at ``dps`` from ``x0``; returns the root and the Jacobian of the last step."""
        f, j, pv = self._fj(values, dps)
        first = None
        if all(isinstance(v, (float, np.floating)) for v in x0):    # a float64 seed: its float64 Jacobian
            n = len(self.unknowns)
            try:
                with np.errstate(all="ignore"):
                    j64 = [float(v) for v in self._kernels[1]._np(*(np.float64(v) for v in x0),
                                                                  *_floats_or_none(self, values))]
            except (TypeError, ValueError, ArithmeticError):
                j64 = [float("nan")]
            if all(np.isfinite(j64)):
                first = [[mpmath.mpf(v) for v in j64[i * n:(i + 1) * n]] for i in range(n)]
        x, _, jac = _newton(f, j, x0, dps=dps, max_steps=max_steps, what=self.name, first_jac=first)
        return x, jac

    def _confirm(self, x_lo, jac_lo, values, dps, max_steps):
        """One Newton step at ``dps`` from a root found at a lower precision, checked to contract.

        The Jacobian is the lower precision's last one (evaluated at most one step before
        ``x_lo``, so correct to the size of that step): only the residual is evaluated at ``dps``
        digits, at ``x_lo`` and at ``x1 = x_lo + d1``.  With ``d2`` the next correction and
        ``theta = |d2|/|d1|`` the contraction seen, the error of ``x1 + d2`` is at most
        ``theta/(1 - theta) |d2|``; that must be below ``10**-(dps - 5)``."""
        f, j, pv = self._fj(values, dps)
        with mpmath.workdps(dps):
            x = [+v for v in x_lo]
            try:
                lu = _lu(jac_lo)
            except ZeroDivisionError:
                raise ConvergenceError(f"{self.name}: singular Jacobian at the root {_short(x)}") from None
            d1 = _lu_solve(lu, [-v for v in f(x)])
            x1 = [a + d for a, d in zip(x, d1)]
            d2 = _lu_solve(lu, [-v for v in f(x1)])
            n1, n2 = _norm(d1), _norm2(d2)
            scale = max(_norm(x1), 1)
            if n2 == 0 or (n2 <= CONTRACTION * n1 and
                           n2 * n2 / (n1 - n2) <= mpmath.mpf(10) ** (CONFIRM_SLACK - dps) * scale):
                return [a + d for a, d in zip(x1, d2)], jac_lo
        x, _, jac = _newton(f, j, x1, dps=dps, max_steps=max_steps, what=self.name)
        return x, jac

    def solve(self, guess: Sequence[float], values: Mapping, *, dps: int, seed: bool = True) -> tuple[dict, int]:
        """Seed in float64, polish, and return verified values and digits.

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


def _floats_or_none(system, values) -> tuple:
    try:
        return tuple(np.float64(v) for v in _floats(tuple(values[p] for p in system.params)))
    except TypeError:
        return tuple(np.float64(_float(values[p])) for p in system.params)


def _float(v) -> float:
    return float(sp.Rational(v)) if isinstance(v, str) else float(v)


@lru_cache(maxsize=1024)
def _floats(values: tuple) -> tuple:
    return tuple(_float(v) for v in values)


@lru_cache(maxsize=4096)
def _seed(system: System, guess: tuple, vals: tuple) -> tuple:
    F, J = system._kernels
    n = len(system.unknowns)
    f, j = F._np, J._np                    # scalar calls (NumPy scalars: NumPy's inf/nan rules)
    pv = [np.float64(v) for v in vals]

    def fun(x):
        return np.array([float(v) for v in f(*(np.float64(a) for a in x), *pv)])

    def jac(x):
        return np.array([float(v) for v in j(*(np.float64(a) for a in x), *pv)]).reshape(n, n)
    g = np.asarray(guess, dtype=float)
    with np.errstate(all="ignore"):
        r0 = np.linalg.norm(fun(g))
        if np.isfinite(r0) and r0 <= 1e-9:     # already a float64 root (a seed refined earlier, kept on
            return tuple(g)                    # disk): SciPy is not even imported (issue 13, cold start)
        import scipy.optimize
        sol = scipy.optimize.root(fun, g, jac=jac, method="hybr")
        x = sol.x if np.all(np.isfinite(sol.x)) else g
        return tuple(x if np.linalg.norm(fun(x)) <= np.linalg.norm(fun(g)) else g)


def _param_values(exact: tuple, dps: int) -> list:
    try:
        return list(_param_values_cached(exact, dps))
    except TypeError:                      # unhashable values
        return [to_mpf(v, dps) for v in exact]


@lru_cache(maxsize=1024)
def _param_values_cached(exact: tuple, dps: int) -> tuple:
    return tuple(to_mpf(v, dps) for v in exact)


def _key(system, x0, values):
    """What fixes a polish (system, parameter values, start), or None if something is unhashable."""
    try:
        key = (system, tuple(values[p] for p in system.params), tuple(x0))
        hash(key)
        return key
    except TypeError:
        return None


def _precision_ladder(dps: int) -> list[int]:
    """``[.., dps/4, dps/2, dps]`` (with guard digits), starting at about 30 digits."""
    ladder = [dps]
    while ladder[-1] > 120:
        ladder.append(ladder[-1] // 2 + 5)
    return ladder[::-1]
