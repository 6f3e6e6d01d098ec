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

Kernels are built once per list of expressions and kept (in memory); the Python source that
``lambdify`` generates (after its common-subexpression elimination, the slow part) is also kept
on disk (:mod:`~efftheory.numeric.cache`) and compiled again in a new process.  Each backend of
a :class:`Kernel` is compiled when first used.
"""
from __future__ import annotations

import linecache
from functools import cached_property, lru_cache
from typing import Sequence

import mpmath
import numpy as np
import sympy as sp

from ..errors import UnboundSymbolError
from . import cache
from .precision import serialized, to_mpf

__all__ = ["Kernel", "compile_exprs", "compile_function", "value_grad_hess"]

_BACKENDS = {"mpmath": ["mpmath"], "numpy": ["scipy", "numpy"], "math": ["math"]}


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
        _check_exact(self.exprs)

    @cached_property
    def _mp(self):
        return _lambdified(self.args, list(self.exprs), "mpmath")

    @cached_property
    def _np(self):
        return _lambdified(self.args, list(self.exprs), "numpy")

    @property
    def raw(self):
        """The mpmath function itself, for hot loops: call it inside ``mpmath.workdps`` with mpf
        arguments at that precision (no conversion, no lock); it returns a list."""
        return self._mp

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

    @serialized
    def mp(self, *values, dps: int) -> list:
        """Evaluation at ``dps`` decimal digits; exact inputs are converted at that precision."""
        with mpmath.workdps(dps):
            return [+v if isinstance(v, mpmath.mpf) else v for v in
                    self._mp(*[to_mpf(v, dps) for v in values])]

    def __repr__(self) -> str:
        return f"Kernel({len(self.exprs)} expressions of {', '.join(map(str, self.args))})"


def _check_exact(exprs) -> None:
    floats = [a for e in exprs for a in e.atoms(sp.Float)]
    if floats:
        raise TypeError(f"expressions contain floating-point literals {floats[:3]}; use exact Rationals")


def _lambdify(args, exprs, backend, **options):
    """The one call of :func:`sympy.lambdify` in the package (a test checks it)."""
    return sp.lambdify(args, exprs, modules=_BACKENDS[backend] if isinstance(backend, str) else backend, **options)


def _lambdified(args: tuple, exprs, backend: str):
    """``lambdify(args, exprs, backend, cse=True)``, its generated source kept on disk.

    A function whose namespace needs more than the backend's modules (e.g. SymPy functions
    with a numerical implementation) is not kept: it is rebuilt by ``lambdify`` each time."""
    if not cache.enabled():
        return _lambdify(args, exprs, backend, cse=True)
    built = {}

    def build():
        f = built["f"] = _lambdify(args, exprs, backend, cse=True)
        return _source_of(f, backend)
    parts = [backend, *args, "|", *(exprs if isinstance(exprs, list) else [exprs]),
             "list" if isinstance(exprs, list) else "one"]
    src = cache.cached("lambdify", parts, build, check=lambda v: v is None or isinstance(v, str))
    if "f" in built:
        return built["f"]
    if src is None:
        return _lambdify(args, exprs, backend, cse=True)
    try:
        return _from_source(src, backend)
    except Exception:                      # an entry that does not compile: rebuilt
        return _lambdify(args, exprs, backend, cse=True)


@lru_cache(maxsize=None)
def _base_namespace(backend: str) -> dict:
    """The namespace ``lambdify`` gives every function of ``backend``."""
    return dict(_lambdify((), 0, backend).__globals__)


def _source_of(f, backend: str):
    extra = set(f.__globals__) - set(_base_namespace(backend)) - {"_lambdifygenerated"}
    if extra:
        return None
    src = "".join(linecache.getlines(f.__code__.co_filename))
    return src if "def _lambdifygenerated" in src else None


def _from_source(src: str, backend: str):
    namespace = dict(_base_namespace(backend))
    exec(compile(src, "<efftheory cached kernel>", "exec"), namespace)  # noqa: S102 - our own generated code
    return namespace["_lambdifygenerated"]


@lru_cache(maxsize=1024)
def _function(expr, args: tuple, backend: str):
    unbound = expr.free_symbols - set(args)
    if unbound:
        raise UnboundSymbolError(f"free symbols {sorted(map(str, unbound))} are not among the function's "
                                 f"arguments {[str(a) for a in args]}")
    _check_exact((expr,))
    return _lambdified(args, expr, backend) if backend in ("mpmath", "numpy") else _lambdify(args, expr, backend,
                                                                                            cse=True)


def compile_function(expr, args: Sequence[sp.Symbol], backend: str = "mpmath"):
    """One expression as a plain callable of ``args`` (cached), for hot scalar loops.

    ``backend`` is ``"mpmath"`` (evaluates at the caller's working precision: wrap the
    calls in a precision context), ``"numpy"`` (vectorised float64, SciPy special
    functions) or ``"math"`` (scalar float64).  The same guards as :class:`Kernel`:
    every free symbol must be an argument, no floating-point literals.

    Examples
    --------
    >>> import sympy as sp, mpmath
    >>> x = sp.Symbol("x")
    >>> f = compile_function(sp.sqrt(x) / 3, (x,))
    >>> with mpmath.workdps(30):
    ...     print(f(mpmath.mpf(2)))
    0.471404520791031682933896241403
    """
    if backend not in _BACKENDS:
        raise ValueError(f"backend {backend!r}: one of {', '.join(_BACKENDS)}")
    return _function(sp.sympify(expr), tuple(args), backend)


def compile_with_namespace(exprs: Sequence[sp.Expr], args: Sequence[sp.Symbol], namespace: dict, printer=None):
    """Expressions as one callable returning a list, with the functions of ``namespace``
    standing in for mpmath's (e.g. Arb balls in :mod:`~efftheory.numeric.certify`)."""
    exprs = [sp.sympify(e) for e in exprs]
    _check_exact(exprs)
    return _lambdify(tuple(args), exprs, [namespace], **({"printer": printer} if printer else {}))


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
    grad = list(cache.jacobian((expr,), variables))
    hess = list(cache.jacobian(grad, variables))
    return compile_exprs([expr, *grad, *hess], (*variables, *params))
