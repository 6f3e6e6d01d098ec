"""Arb balls (efftheory.numeric.arb): exact inputs, constants at the ball precision, decimal text that
still encloses the ball, and a clear error where no ball version exists."""
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

from efftheory.errors import ComputationError

flint = pytest.importorskip("flint", reason="python-flint is a dependency")
from efftheory.numeric.arb import ball_text, enclose, to_ball  # noqa: E402

x = sp.Symbol("x")


def _contains(text, exact: Fraction) -> bool:
    mid, rad = (Fraction(t) for t in text)
    return abs(mid - exact) <= rad


def test_exact_rationals_and_mpf_become_balls_that_contain_them():
    with flint.ctx.workprec(300):
        third = to_ball("1/3")
        assert third.contains(flint.arb(1) / 3) and third.rad() < flint.arb(10) ** -85
        with mpmath.workdps(40):
            v = mpmath.mpf(-3) / 10
        b = to_ball(v)                          # the binary number itself, exactly
        assert b.rad() == 0 and float(b) == float(v) and not b.contains(flint.arb(-3) / 10)


def test_closed_form_enclosed_at_the_requested_precision_against_mpmath_at_twice_the_digits():
    (ball,) = enclose([sp.sqrt(x) * sp.pi / 3 + sp.erf(x / 7)], {x: sp.Rational(8, 700)}, dps=60)
    with mpmath.workdps(130):
        ref = mpmath.sqrt(mpmath.mpf(8) / 700) * mpmath.pi / 3 + mpmath.erf(mpmath.mpf(8) / 4900)
        exact = Fraction(mpmath.nstr(ref, 125))
    assert ball.rad() < flint.arb(10) ** -60
    assert _contains(ball_text(ball), exact) and _contains(ball_text(ball, 20), exact)


def test_ball_text_is_an_enclosure_with_a_two_digit_radius():
    with flint.ctx.workprec(200):
        ball = flint.arb(2).sqrt() / 3
    mid, rad = ball_text(ball, 30)
    assert len(rad) == len("4.0e-34") and Fraction(rad) > 0 and mid.startswith("0.4714045207910316829338962414032")
    with mpmath.workdps(80):
        assert _contains((mid, rad), Fraction(mpmath.nstr(mpmath.sqrt(2) / 3, 75)))
    assert ball_text(flint.arb(5)) == ("5", "0") and ball_text(flint.arb(1) / 4, 30) == ("0.25", "0")


def test_singularities_and_functions_without_balls_are_errors_not_values():
    with pytest.raises(ComputationError, match="no ball version"):
        enclose([sp.besselj(2, x)], {x: 1}, dps=20)
    (ball,) = enclose([1 / x], {x: 0}, dps=20)
    with pytest.raises(ComputationError, match="not finite"):
        ball_text(ball)
