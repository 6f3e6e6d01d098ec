r"""Gaussian means of an activation's derivatives, :math:`g_k(s^2) = \mathbb E[\phi^{(k)}(h)]`
for :math:`h \sim \mathcal N(0, s^2)`: the building blocks of its Hermite projections
:math:`\mathbb E[\phi(\boldsymbol w\cdot\boldsymbol x)\,He_k(\boldsymbol w^*\cdot\boldsymbol x)] = q^k g_k(s^2)`
(Gaussian Stein identity, :func:`efftheory.symbolic.hermite_projection`).

Where the Gaussian engine has a closed form (sums of :math:`h^m e^{-c h^2}`: polynomials, erf and
its derivatives) or SymPy integrates the mean (Heaviside and Dirac terms: ReLU), ``g_k`` is that
closed form.  Otherwise (tanh, softplus, ...) it is a :class:`GaussianMean`, a SymPy function
whose derivative obeys the heat equation, :math:`\partial g_k/\partial s^2 = g_{k+2}/2`, so the
phase equations can be differentiated exactly, and which evaluates by quadrature at any precision
(tanh-sinh in mpmath) or vectorised in float64 (Gauss-Hermite): its own numerical twin.

Importing this module loads no numerical library (they are imported when a value is computed).
"""
from __future__ import annotations

import sympy as sp

from ..errors import ParameterDomainError
from ..symbolic.gaussian import gaussian_mean

__all__ = ["X", "NAMED", "parse_activation", "derivative_means", "GaussianMean", "parity"]

#: The activation's variable.
X = sp.Symbol("x", real=True)

#: Activations by name (CLI.md: ``erf``, ``tanh``, ``relu``).
NAMED = {"erf": sp.erf(X), "tanh": sp.tanh(X), "relu": X * sp.Heaviside(X), "linear": X,
         "cubic": X + X**3, "softplus": sp.log(1 + sp.exp(X))}

_ALLOWED = {"x": X, "erf": sp.erf, "tanh": sp.tanh, "exp": sp.exp, "log": sp.log, "sqrt": sp.sqrt,
            "sin": sp.sin, "cos": sp.cos, "Heaviside": sp.Heaviside, "pi": sp.pi, "Max": sp.Max,
            "atan": sp.atan, "sinh": sp.sinh, "cosh": sp.cosh}


def parse_activation(text: str) -> sp.Expr:
    """A name (``erf``, ``tanh``, ``relu``, ...) or a SymPy expression in ``x``, made exact.

    >>> parse_activation("tanh"), parse_activation("x + x**3"), parse_activation("erf(x)")
    (tanh(x), x**3 + x, erf(x))
    """
    text = str(text).strip()
    if text in NAMED:
        return NAMED[text]
    try:
        expr = sp.sympify(text, locals=_ALLOWED, rational=True)
    except (sp.SympifyError, SyntaxError, TypeError, ValueError) as exc:
        raise ParameterDomainError(f"activation {text!r} is not a SymPy expression in x ({exc}); domain: "
                                   f"{', '.join(NAMED)} or an expression in x") from None
    if not isinstance(expr, sp.Expr) or expr.free_symbols != {X}:
        raise ParameterDomainError(f"activation {text!r} must be an expression in x alone; domain: "
                                   f"{', '.join(NAMED)} or an expression in x")
    return expr.replace(sp.Max, lambda a, b: (X * sp.Heaviside(X)) if {a, b} == {0, X} else sp.Max(a, b))


def parity(phi: sp.Expr) -> int:
    """+1 for an even activation, -1 for an odd one, 0 otherwise (decides which modes vanish)."""
    if sp.simplify(phi.subs(X, -X) - phi) == 0:
        return 1
    if sp.simplify(phi.subs(X, -X) + phi) == 0:
        return -1
    return 0


class GaussianMean(sp.Function):
    r"""``g(k, s2)`` = :math:`\mathbb E[\phi^{(k)}(h)]`, :math:`h\sim\mathcal N(0, s_2)`, for an
    activation without a closed form; a subclass per activation is made by :func:`derivative_means`."""

    activation: sp.Expr = sp.Integer(0)
    nargs = 2

    def fdiff(self, argindex=1):
        if argindex != 2:
            raise sp.ArgumentIndexError(self, argindex)
        k, s2 = self.args
        return type(self)(k + 2, s2) / 2                      # heat equation: d/ds2 E[f(h)] = E[f''(h)] / 2

    def _eval_evalf(self, prec):
        import mpmath
        k, s2 = self.args
        if not (k.is_Integer and s2.is_number):
            return None
        with mpmath.workprec(prec + 20):
            value = type(self)._imp_(int(k), mpmath.mpf(sp.N(s2, mpmath.mp.dps)))
        return sp.Float(value, precision=prec)

    @classmethod
    def _imp_(cls, k, s2):
        """The numerical twin: tanh-sinh quadrature at the working precision for mpmath numbers,
        vectorised Gauss-Hermite (120 nodes) in float64 otherwise."""
        import mpmath
        import numpy as np
        f_mp, f_np = cls._kernels(int(k))
        if isinstance(s2, (mpmath.mpf, int, sp.Basic)) and not isinstance(s2, float):
            s2 = mpmath.mpf(s2)
            sd = mpmath.sqrt(s2)
            dens = 1 / mpmath.sqrt(2 * mpmath.pi)
            return mpmath.quad(lambda z: f_mp(sd * z) * dens * mpmath.exp(-z * z / 2), [-mpmath.inf, 0, mpmath.inf])
        nodes, weights = np.polynomial.hermite_e.hermegauss(120)
        s = np.sqrt(np.asarray(s2, dtype=float))
        with np.errstate(all="ignore"):
            values = f_np(np.multiply.outer(s, nodes)) @ weights / np.sqrt(2 * np.pi)
        return values

    @classmethod
    def _kernels(cls, k):
        cache = cls.__dict__.get("_cache")
        if cache is None:
            cache = {}
            setattr(cls, "_cache", cache)
        if k not in cache:
            from ..numeric.compile import compile_function
            derivative = sp.diff(cls.activation, X, k)
            cache[k] = (compile_function(derivative, (X,), "mpmath"), compile_function(derivative, (X,), "numpy"))
        return cache[k]


def derivative_means(phi: sp.Expr, ks, s2: sp.Expr) -> dict:
    """``{k: g_k(s2)}`` for the activation ``phi``: closed forms where the engine (or SymPy's
    integration of Heaviside/Dirac terms) has them, :class:`GaussianMean` functions otherwise.

    >>> s2 = sp.Symbol("s2", positive=True)
    >>> derivative_means(sp.erf(X), [1], s2)
    {1: 2/(sqrt(pi)*sqrt(2*s2 + 1))}
    >>> derivative_means(sp.tanh(X), [1], s2)[1].func.__name__
    'E_tanh'
    """
    h = sp.Dummy("h", real=True)
    out, quadrature = {}, None
    for k in ks:
        derivative = sp.diff(phi, X, int(k)).subs(X, h)
        if _closed_form_engine(derivative, h):
            out[k] = sp.simplify(gaussian_mean(derivative, h, s2))
        elif derivative.atoms(sp.Function) <= {f for f in derivative.atoms(sp.Function)
                                               if isinstance(f, (sp.Heaviside, sp.DiracDelta))}:
            out[k] = sp.simplify(gaussian_mean(derivative, h, s2))
        else:
            if quadrature is None:
                name = next((n for n, e in NAMED.items() if e == phi), "phi")
                quadrature = type(f"E_{name}", (GaussianMean,), {"activation": phi})
            out[k] = quadrature(k, s2)
    return out


def _closed_form_engine(expr: sp.Expr, h: sp.Symbol) -> bool:
    """Whether every term is ``coeff * h**m * exp(-c h**2)`` (the engine's closed form)."""
    from ..symbolic.gaussian import _split_term
    return all(_split_term(t, h) is not None
               for t in sp.Add.make_args(sp.expand(expr, power_exp=True, mul=True, multinomial=True)))
