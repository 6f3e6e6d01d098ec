"""Gaussian and Hermite engine (pure SymPy).

* :func:`gaussian_mean` — ``E[f(h)]`` for ``h ~ N(0, s2)``: closed form for sums
  of ``h**m * exp(-c h**2)`` terms (polynomials, derivatives of erf, ...),
  SymPy integration otherwise.
* :func:`hermite_projection` — ``E[g(w.x) He_k(w*.x)]`` for ``x ~ N(0, I)``,
  ``|w*| = 1``, in terms of ``q = w.w*`` and ``s2 = |w|^2``, by Gaussian Stein's
  identity ``E[g(h) He_k(z)] = q**k E[g^{(k)}(h)]``.
* :func:`hermite_coefficients` — ``g(z) = sum_k c_k He_k(z)``.
* :func:`erf_arcsine_kernel` — ``E[erf(u) erf(v)]`` for a centred Gaussian pair,
  derived by Price's theorem.

Every closed form has a numerical twin in :mod:`efftheory.numeric.quadrature`
and a test comparing them at 30 digits.

References
----------
Rubin, Seroussi & Ringel (ICLR 2024), App. A.3-A.4 (projections of erf on H_1, H_3).
"""
from __future__ import annotations

import sympy as sp

__all__ = ["He", "gaussian_mean", "hermite_projection", "hermite_coefficients", "erf_arcsine_kernel",
           "conditional_hermite_mean"]


def He(k: int, x) -> sp.Expr:
    """Probabilists' Hermite polynomial ``He_k(x)`` (``He_3 = x^3 - 3x``)."""
    return sp.hermite_prob(int(k), x)


def _moment(m: int, var) -> sp.Expr:
    """``E[h**m]`` for ``h ~ N(0, var)``: ``(m-1)!! var**(m/2)`` for even m."""
    if m % 2:
        return sp.Integer(0)
    return sp.factorial2(m - 1) * var ** sp.Rational(m, 2)


def _split_term(term: sp.Expr, h: sp.Symbol):
    """Write a product as ``coeff * h**m * exp(-c h**2)``; None if it is not of that form."""
    coeff, dep = term.as_independent(h, as_Add=False)
    m, c = 0, sp.Integer(0)
    for f in sp.Mul.make_args(dep):
        base, e = f.as_base_exp()
        if base == h and e.is_Integer and e >= 0:
            m += int(e)
        elif isinstance(base, sp.exp) or f.func == sp.exp:
            arg = sp.expand((f if f.func == sp.exp else base).args[0] * (1 if f.func == sp.exp else e))
            poly = sp.Poly(arg, h) if arg.is_polynomial(h) else None
            if poly is None or poly.degree() > 2 or poly.coeff_monomial(h) != 0:
                return None
            c += -poly.coeff_monomial(h**2)
            coeff *= sp.exp(poly.coeff_monomial(1))
        elif f.has(h):
            return None
    return coeff, m, c


def gaussian_mean(expr: sp.Expr, h: sp.Symbol, var: sp.Expr) -> sp.Expr:
    """``E[expr]`` over ``h ~ N(0, var)``.

    Terms ``h**m exp(-c h**2)`` use the closed form
    ``E[h**m e^{-c h^2}] = (1 + 2 c var)**(-1/2) (m-1)!! (var/(1 + 2 c var))**(m/2)``;
    anything else is integrated by SymPy (an unevaluated ``Integral`` is returned
    if SymPy cannot do it, which still evaluates numerically).

    Examples
    --------
    >>> h, v = sp.symbols("h v", positive=True)
    >>> gaussian_mean(h**4, h, v)
    3*v**2
    >>> sp.simplify(gaussian_mean(sp.exp(-h**2), h, v))
    1/sqrt(2*v + 1)
    """
    total = sp.Integer(0)
    rest = sp.Integer(0)
    for term in sp.Add.make_args(sp.expand(expr, power_exp=True, mul=True, multinomial=True)):
        split = _split_term(term, h)
        if split is None:
            rest += term
            continue
        coeff, m, c = split
        eff = var / (1 + 2 * c * var)
        total += coeff * sp.sqrt(eff / var) * _moment(m, eff)
    if rest != 0:
        density = sp.exp(-h**2 / (2 * var)) / sp.sqrt(2 * sp.pi * var)
        total += sp.integrate(rest * density, (h, -sp.oo, sp.oo), conds="none")
    return total


def hermite_projection(g: sp.Expr, x: sp.Symbol, k: int, *, q: sp.Expr, s2: sp.Expr) -> sp.Expr:
    """``E[g(w.x) He_k(w*.x)]`` for ``x ~ N(0, I_d)``, ``|w*| = 1``.

    With ``h = w.x`` and ``z = w*.x`` jointly Gaussian (Var h = s2, Cov(h, z) = q,
    Var z = 1), Gaussian integration by parts (Stein's identity) gives
    ``E[g(h) He_k(z)] = q**k E[g^{(k)}(h)]``.

    Parameters
    ----------
    g : Expr
        The activation as an expression in ``x`` (any SymPy-differentiable function).
    x : Symbol
        Its variable.
    k : int
        Hermite degree.
    q, s2 : Expr
        Overlap ``w.w*`` and squared norm ``|w|^2``.

    References
    ----------
    Rubin et al. (2024), App. A.3-A.4.

    Examples
    --------
    >>> x, q, s2 = sp.symbols("x q s2", positive=True)
    >>> sp.simplify(hermite_projection(sp.erf(x), x, 1, q=q, s2=s2))
    2*q/(sqrt(pi)*sqrt(2*s2 + 1))
    """
    h = sp.Dummy("h", real=True)
    derivative = sp.diff(g, x, int(k)).subs(x, h)
    return sp.simplify(q ** int(k) * gaussian_mean(derivative, h, s2))


def conditional_hermite_mean(k: int, mean: sp.Expr, var: sp.Expr) -> sp.Expr:
    """``E[He_k(mean + sqrt(var) xi)]`` for ``xi ~ N(0, 1)``, by expanding the polynomial.

    This is the elementary route used by the numerical twin of
    :func:`hermite_projection` (condition z on h, then integrate h).
    """
    xi = sp.Dummy("xi", real=True)
    poly = sp.Poly(sp.expand(He(k, mean + sp.sqrt(var) * xi)), xi)
    return sp.expand(sum(coef * _moment(mon[0], 1) for mon, coef in zip(poly.monoms(), poly.coeffs())))


def hermite_coefficients(g: sp.Expr, x: sp.Symbol, kmax: int) -> tuple[sp.Expr, ...]:
    """Coefficients ``c_k`` of ``g(z) = sum_k c_k He_k(z)``, ``z ~ N(0,1)``, for ``k <= kmax``.

    ``c_k = E[g(z) He_k(z)] / k! = E[g^{(k)}(z)] / k!``.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> hermite_coefficients(x**3, x, 3)
    (0, 3, 0, 1)
    """
    one = sp.Integer(1)
    return tuple(sp.simplify(hermite_projection(g, x, k, q=one, s2=one) / sp.factorial(k)) for k in range(kmax + 1))


def erf_arcsine_kernel(a: sp.Expr, b: sp.Expr, c: sp.Expr) -> sp.Expr:
    """``E[erf(u) erf(v)]`` for ``(u, v) ~ N(0, [[a, b], [b, c]])``.

    Derived by Price's theorem: ``d/db E[erf u erf v] = E[erf'(u) erf'(v)]
    = (4/pi) / sqrt((1+2a)(1+2c) - 4 b^2)``, integrated from ``b = 0`` where the
    mean vanishes.  Result: ``(2/pi) asin(2b / sqrt((1+2a)(1+2c)))``.
    """
    t = sp.Symbol("t", real=True)
    A, C = sp.Symbol("A", positive=True), sp.Symbol("C", positive=True)
    integrand = 4 / sp.pi / sp.sqrt(A * C - 4 * t**2)
    result = sp.integrate(integrand, (t, 0, b))
    result = result.subs({A: 1 + 2 * a, C: 1 + 2 * c})
    return sp.simplify(result)
