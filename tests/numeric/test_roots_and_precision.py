import mpmath
import pytest
import sympy as sp

from efftheory.errors import ConvergenceError, PrecisionError
from efftheory.numeric import System, agreeing_digits, format_mpf, verified

x, y, c = sp.symbols("x y c")


def test_newton_system_with_parameter_at_200_digits():
    s = System((x**2 + y**2 - c, x - y), (x, y), (c,), "circle")
    vals, digits = s.solve([0.5, 0.5], {c: sp.Integer(2)}, dps=200)
    assert digits == 200
    with mpmath.workdps(220):
        assert agreeing_digits(vals["x"], mpmath.mpf(1), cap=200) == 200


def test_no_root_raises_convergence_error_saying_what_was_tried():
    s = System((x**2 + 1,), (x,), (), "no real root")
    with pytest.raises(ConvergenceError, match="no real root"):
        s.solve([0.3], {}, dps=30)


def test_verified_reports_only_agreeing_digits():
    # a "computation" that is only good to 12 digits whatever the precision
    def sloppy(w):
        return {"v": mpmath.mpf(1) / 3 + mpmath.mpf(10) ** -12 * (w % 7)}
    with pytest.raises(PrecisionError, match="digits agreed"):
        verified(sloppy, dps=30)
    vals, digits = verified(lambda w: {"v": mpmath.sqrt(2), "label": "ok"}, dps=50)
    assert digits == 50 and vals["label"] == "ok"


def test_format_prints_exactly_the_verified_digits():
    with mpmath.workdps(40):
        third = mpmath.mpf(1) / 3
    assert format_mpf(third, 5) == "0.33333"
    assert format_mpf(mpmath.mpf(0), 9) == "0"
