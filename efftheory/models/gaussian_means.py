r"""Gaussian means of an activation's derivatives, :math:`g_k(s^2) = \mathbb E[\phi^{(k)}(h)]`
for :math:`h \sim \mathcal N(0, s^2)`: the building blocks of its Hermite projections
:math:`\mathbb E[\phi(\boldsymbol w\cdot\boldsymbol x)\,He_k(\boldsymbol w^*\cdot\boldsymbol x)] = q^k g_k(s^2)`
(Gaussian Stein identity, :func:`efftheory.symbolic.hermite_projection`).

Where the Gaussian engine has a closed form (sums of :math:`h^m e^{-c h^2}`: polynomials, erf and
its derivatives) or SymPy integrates the mean (Heaviside and Dirac terms: ReLU), ``g_k`` is that
closed form.  Otherwise (tanh, softplus, ...) it is a :class:`GaussianMean`, a SymPy function
whose derivative obeys the heat equation, :math:`\partial g_k/\partial s^2 = g_{k+2}/2`, so the
phase equations can be differentiated exactly, and which evaluates by quadrature at any precision
(Gauss-Legendre in mpmath) or vectorised in float64: its own numerical twin.

Importing this module loads no numerical library (they are imported when a value is computed).
"""
from __future__ import annotations

from functools import lru_cache

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
    from sympy.core.function import AppliedUndef
    if not isinstance(expr, sp.Expr) or expr.free_symbols != {X} or expr.atoms(AppliedUndef):
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
        """The numerical twin: Gauss-Legendre quadrature at the working precision for mpmath
        numbers, and vectorised in float64 otherwise (:func:`_hermite_nodes`)."""
        import mpmath
        import numpy as np
        if isinstance(s2, (mpmath.mpf, int, sp.Basic)) and not isinstance(s2, float):
            return cls._mp(int(k), mpmath.mpf(s2), mpmath.mp.prec)
        s2 = np.asarray(s2, dtype=float)
        memo = cls._store("_memo64")
        if len(memo) > 256:
            memo.clear()
        key = (int(k), s2.shape, s2.tobytes())          # scans ask for the same grid at every control value
        if key not in memo:
            f_np = cls._kernels(int(k))[1]
            nodes, weights = _hermite_nodes()
            with np.errstate(all="ignore"):
                memo[key] = f_np(np.multiply.outer(np.sqrt(s2), nodes)) @ weights
        return memo[key]

    @classmethod
    def _mp(cls, k, s2, prec):
        """``E[phi^(k)(s z)]``, ``z ~ N(0, 1)``, at ``prec`` bits, memoised per ``(s2, prec)`` for every
        derivative at once (one quadrature serves them all)."""
        memo = cls._store("_memo")
        kmax = max(k, 7)
        key = (s2, prec, kmax)
        if key not in memo:
            memo[key] = cls._means(s2, prec, kmax)
        return memo[key][k]

    @classmethod
    def _means(cls, s2, prec, kmax):
        """Gauss-Legendre sums of ``phi^(j)(s z) e^{-z^2/2}`` for every ``j <= kmax`` at rising degree,
        until two degrees agree to the working precision.  The Gaussian weight is below
        ``10**-(dps+10)`` beyond ``|z| = L = sqrt(2 ln 10 (dps + 10))``; the activation's parity
        halves the interval and makes half of the means vanish."""
        import mpmath
        derivatives = cls._all(kmax)
        sign = cls._parity()
        with mpmath.workprec(-(-(prec + 30) // 64) * 64):         # a few precisions, so nodes are reused
            sd = mpmath.sqrt(s2)
            L = mpmath.sqrt(2 * mpmath.log(10) * (mpmath.mp.dps + 10))
            cuts = mpmath.linspace(0, L, 5) if sign else mpmath.linspace(-L, L, 9)
            rule, tol, last = _gauss_legendre(), mpmath.mpf(2) ** (-prec - 8), None
            start = cls._store("_degree").get(prec, 4) - 1                # where the last call converged
            for degree in range(max(3, start), 12):
                sums = [mpmath.mpf(0)] * (kmax + 1)
                for a, b in zip(cuts[:-1], cuts[1:]):
                    for z, w in rule.get_nodes(a, b, degree, mpmath.mp.prec):
                        weight = w * mpmath.exp(-z * z / 2)
                        for j, v in enumerate(derivatives(sd * z)):
                            sums[j] += weight * v
                if last is not None and all(abs(x - y) <= tol * max(1, abs(x)) for x, y in zip(sums, last)):
                    cls._store("_degree")[prec] = degree
                    break
                last = sums
            else:
                from ..errors import ConvergenceError
                raise ConvergenceError(f"Gaussian means of {cls.activation}: the quadrature did not converge")
            norm = (2 if sign else 1) / mpmath.sqrt(2 * mpmath.pi)
            return [0 if sign and sign * (-1) ** j == -1 else +(x * norm) for j, x in enumerate(sums)]

    @classmethod
    def _store(cls, name: str) -> dict:
        """A cache of this activation's class (every subclass has its own)."""
        if name not in cls.__dict__:
            setattr(cls, name, {})
        return cls.__dict__[name]

    @classmethod
    def _parity(cls):
        store = cls._store("_sign")
        if "sign" not in store:
            store["sign"] = parity(cls.activation)
        return store["sign"]

    @classmethod
    def _all(cls, kmax):
        """One callable returning ``[phi(x), phi'(x), ..., phi^(kmax)(x)]`` (shared subexpressions)."""
        cache = cls._store("_all_cache")
        if kmax not in cache:
            from ..numeric.compile import compile_function
            cache[kmax] = compile_function(sp.Tuple(*(sp.diff(cls.activation, X, j) for j in range(kmax + 1))), (X,))
        return cache[kmax]

    @classmethod
    def _kernels(cls, k):
        cache = cls._store("_cache")
        if k not in cache:
            from ..numeric.compile import compile_function
            derivative = sp.diff(cls.activation, X, k)
            cache[k] = (compile_function(derivative, (X,), "mpmath"), compile_function(derivative, (X,), "numpy"))
        return cache[k]


@lru_cache(maxsize=1)
def _gauss_legendre():
    """One Gauss-Legendre rule for the process: it caches its nodes per degree and precision."""
    import mpmath
    from mpmath.calculus.quadrature import GaussLegendre
    return GaussLegendre(mpmath.mp)


@lru_cache(maxsize=1)
def _hermite_nodes():
    """Nodes and weights of ``E[f(z)]``, ``z ~ N(0, 1)``, in float64: Gauss-Legendre (64 nodes) on
    eight pieces of ``[-9, 9]`` (the weight beyond is below 1e-17).  Pieces keep the rule accurate
    for integrands with complex poles near the real axis (tanh: ``z = i pi / (2 s)``), where a
    Gauss-Hermite rule of a few hundred nodes gives only six digits."""
    import numpy as np
    x, w = np.polynomial.legendre.leggauss(64)
    edges = np.linspace(-9.0, 9.0, 9)
    mid, half = (edges[1:] + edges[:-1]) / 2, (edges[1:] - edges[:-1]) / 2
    nodes = (mid[:, None] + half[:, None] * x[None, :]).ravel()
    weights = (half[:, None] * w[None, :]).ravel() * np.exp(-nodes**2 / 2) / np.sqrt(2 * np.pi)
    return nodes, weights


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
