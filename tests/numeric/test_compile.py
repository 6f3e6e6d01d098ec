import mpmath
import numpy as np
import pytest
import sympy as sp

from efftheory.errors import UnboundSymbolError
from efftheory.numeric import compile_exprs, value_grad_hess

x, y, p = sp.symbols("x y p")


def test_unbound_symbols_are_refused():
    with pytest.raises(UnboundSymbolError, match=r"\['p'\]"):
        compile_exprs([x * p], [x])


def test_float_literals_are_refused():
    with pytest.raises(TypeError, match="Rational"):
        compile_exprs([sp.Float("0.1") * x], [x])


def test_rational_constants_are_exact_at_high_precision():
    k = compile_exprs([sp.Rational(1, 10) * x + sp.pi], [x])
    (val,) = k.mp(sp.Rational(1, 3), dps=60)
    exact = sp.N(sp.Rational(1, 30) + sp.pi, 70)
    with mpmath.workdps(70):
        assert abs(val - mpmath.mpf(exact)) < mpmath.mpf(10) ** -58


def test_value_gradient_hessian_agree_in_float64_and_mpmath():
    expr = sp.erf(x * y) + x**3 * p
    k = value_grad_hess(expr, [x, y], [p])
    f64 = k.f64(np.array([0.3, 0.7]), 0.2, 1.5)
    assert len(f64) == 1 + 2 + 4 and f64[0].shape == (2,)
    mpv = k.mp(sp.Rational(3, 10), sp.Rational(1, 5), sp.Rational(3, 2), dps=30)
    for a, b in zip(f64, mpv):
        assert float(a[0]) == pytest.approx(float(b), rel=1e-13)
    # the Hessian is symmetric and equals SymPy's
    assert float(mpv[4]) == pytest.approx(float(mpv[5]))
    hx = sp.diff(expr, x, 2).subs({x: sp.Rational(3, 10), y: sp.Rational(1, 5), p: sp.Rational(3, 2)})
    assert float(mpv[3]) == pytest.approx(float(hx), rel=1e-14)


def test_kernels_are_cached():
    assert compile_exprs([x**2], [x]) is compile_exprs([x**2], [x])
