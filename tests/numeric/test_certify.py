"""Certified enclosures (Krawczyk in Arb) of roots found by Newton."""
import pytest
import sympy as sp

from efftheory.errors import ComputationError
from efftheory.numeric import System

flint = pytest.importorskip("flint", reason="python-flint is in the 'test' and 'certify' extras")
from efftheory.numeric.certify import certify_root  # noqa: E402

a, m, c = sp.symbols("a m c")
S = a * m**2 - m**4 + m**6
FIRST_ORDER = System((sp.cancel(sp.diff(S, m) / m), sp.expand(S / m**2)), (a, m), (), "first-order")


def test_sextic_first_order_point_is_certified_and_contains_the_exact_values():
    x = FIRST_ORDER.polish([0.2, 0.6], {}, dps=60)
    balls = certify_root(FIRST_ORDER, x, {}, dps=60)
    with flint.ctx.workprec(300):
        assert balls[0].contains(flint.arb(1) / 4)
        assert balls[1].contains(flint.arb(2).sqrt() / 2)
        assert all(b.rad() < flint.arb(10) ** -55 for b in balls)


def test_transcendental_equation_with_an_exact_rational_parameter():
    system = System((sp.erf(m) - c,), (m,), (c,), "erf(m) = 1/10")
    x = system.polish([0.5], {c: sp.Rational(1, 10)}, dps=40)
    (ball,) = certify_root(system, x, {c: sp.Rational(1, 10)}, dps=40)
    with flint.ctx.workprec(200):
        assert abs(ball.erf() - flint.arb(1) / 10) < flint.arb(10) ** -35


def test_a_wrong_candidate_is_not_certified():
    x = FIRST_ORDER.polish([0.2, 0.6], {}, dps=60)
    with pytest.raises(ComputationError, match="Krawczyk"):
        certify_root(FIRST_ORDER, [x[0], x[1] * (1 + sp.Rational(1, 10**20))], {}, dps=60)


def test_constants_take_the_ball_precision():
    """pi enters at the working precision (issue 11: a 53-bit pi made every high-precision test fail)."""
    system = System((m - sp.pi / 4,), (m,), (), "m = pi/4")
    x = system.polish([0.7], {}, dps=80)
    (ball,) = certify_root(system, x, {}, dps=80)
    with flint.ctx.workprec(400):
        assert ball.contains(flint.arb.pi() / 4) and ball.rad() < flint.arb(10) ** -70
