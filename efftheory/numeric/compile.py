"""Compile SymPy expressions into float64 (NumPy/SciPy) and mpmath kernels.

A :class:`Kernel` evaluates a list of expressions (typically a value with its
gradient and Hessian, compiled together so that common subexpressions are
shared) either vectorised in float64 or at an explicit mpmath precision.

Guards against the traps of ``lambdify``:

* every free symbol must be an argument (:class:`UnboundSymbolError` otherwise);
* SymPy ``Float`` atoms are refused (they carry ~16 digits into high precision);
  rationals are printed by the mpmath printer as ``mpf(p)/mpf(q)``;
* the mpmath module is used with the mpmath printer, so constants are evaluated
  at the working precision.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import mpmath
import numpy as np
import sympy as sp

from ..errors import UnboundSymbolError
from .precision import to_mpf

__all__ = ["Kernel", "compile_exprs", "value_grad_hess"]


class Kernel:
    """Compiled expressions with a float64 and an mpmath entry point.

    Use :func:`compile_exprs` (cached) rather than the constructor.

    Parameters
    ----------
    exprs : tuple of Expr
    args : tuple of Symbol
    """

    def __init__(self, exprs: tuple, args: tuple):
        self.exprs = tuple(sp.sympify(e) for e in exprs)
        self.args = tuple(args)
        unbound = set().union(*(e.free_symbols for e in self.exprs)) - set(self.args)
        if unbound:
            raise UnboundSymbolError(f"free symbols {sorted(map(str, unbound))} are not among the kernel's "
                                     f"arguments {[str(a) for a in self.args]}")
        floats = [a for e in self.exprs for a in e.atoms(sp.Float)]
        if floats:
            raise TypeError(f"expressions contain floating-point literals {floats[:3]}; use exact Rationals")
        self._mp = sp.lambdify(self.args, list(self.exprs), modules=["mpmath"], cse=True)
        self._np = sp.lambdify(self.args, list(self.exprs), modules=["scipy", "numpy"], cse=True)

    def __call__(self, *values, dps: int | None = None):
        """Evaluate: float64 if ``dps`` is None, else mpmath at ``dps`` digits."""
        if dps is None:
            return self.f64(*values)
        return self.mp(*values, dps=dps)

    def f64(self, *values) -> list:
        """Vectorised float64 evaluation (NumPy broadcasting)."""
        arrays = [np.asarray(v, dtype=float) for v in values]
        shape = np.broadcast_shapes(*(a.shape for a in arrays))
        with np.errstate(all="ignore"):
            out = self._np(*arrays)
        return [np.broadcast_to(np.asarray(o, dtype=float), shape) for o in out]

    def mp(self, *values, dps: int) -> list:
        """Evaluation at ``dps`` decimal digits; exact inputs are converted at that precision."""
        with mpmath.workdps(dps):
            return [+v if isinstance(v, mpmath.mpf) else v for v in
                    self._mp(*[to_mpf(v, dps) for v in values])]

    def __repr__(self) -> str:
        return f"Kernel({len(self.exprs)} expressions of {', '.join(map(str, self.args))})"


@lru_cache(maxsize=512)
def _compile(exprs: tuple, args: tuple) -> Kernel:
    return Kernel(exprs, args)


def compile_exprs(exprs: Sequence[sp.Expr], args: Sequence[sp.Symbol]) -> Kernel:
    """Compile (and cache) a list of expressions of the given arguments."""
    return _compile(tuple(sp.sympify(e) for e in exprs), tuple(args))


def value_grad_hess(expr: sp.Expr, variables: Sequence[sp.Symbol], params: Sequence[sp.Symbol] = ()):
    """Compile ``expr``, its gradient and Hessian in ``variables`` together.

    Returns a :class:`Kernel` of arguments ``(*variables, *params)`` whose output
    is ``[value, g_1..g_n, H_11, H_12, ..., H_nn]`` (row-major).
    """
    variables = tuple(variables)
    grad = [sp.diff(expr, v) for v in variables]
    hess = [sp.diff(g, v) for g in grad for v in variables]
    return compile_exprs([expr, *grad, *hess], (*variables, *params))
