"""Spinodals and first-order points, checked against exact closed forms."""
import mpmath
import pytest
import sympy as sp

from efftheory.numeric import PhaseProblem, agreeing_digits, log_derivative_exponent, newton_polygon_exponent
from efftheory.theories import get

a, m, b = sp.symbols("a m b")


def _check(value, exact, digits):
    with mpmath.workdps(digits + 20):
        ref = mpmath.mpf(sp.N(exact, digits + 20))
        return agreeing_digits(value, ref, cap=digits)


def test_sextic_special_points_at_60_digits():
    res = get("landau-sextic").solve(dps=60)
    fo = res["first_order"]
    assert fo.digits >= 55
    assert _check(fo.values["a"], sp.Rational(1, 4), 60) >= 55
    assert _check(fo.values["m"], 1 / sp.sqrt(2), 60) >= 55
    spins = sorted((p for p in res.points if p.kind == "spinodal"), key=lambda p: float(p.values["a"]))
    assert spins[0].values["a"] == 0 and spins[0].values["m"] == 0
    assert _check(spins[1].values["a"], sp.Rational(1, 3), 60) >= 55
    assert _check(spins[1].values["m"], 1 / sp.sqrt(3), 60) >= 55


@pytest.mark.slow
def test_sextic_first_order_point_at_1000_digits():
    fo = get("landau-sextic").solve(dps=1000)["first_order"]
    assert fo.digits >= 990
    assert _check(fo.values["m"], 1 / sp.sqrt(2), 1000) >= 990


def test_self_consistent_field_joins_the_augmented_system():
    # S = (a - b) m^2 - m^4 + m^6 with the field equation b^3 + b = a/10: the first-order point has
    # a - b = 1/4, so b is the real root of (a - 1/4)^3 + (a - 1/4) - a/10 = 0 (an independent route).
    prob = PhaseProblem((a - b) * m**2 - m**4 + m**6, m, a, fields=(b,), field_equations=(b**3 + b - a / 10,),
                        field_guess=(0.0,), symmetric_point=sp.Integer(0), order_window=(0.0, 2.0),
                        control_window=(-0.5, 0.8))
    pts = {p.kind: p for p in prob.special_points({}, dps=40)}
    fo = pts["first_order"]
    roots = [r for r in sp.Poly((a - sp.Rational(1, 4))**3 + (a - sp.Rational(1, 4)) - a / 10, a).nroots(n=50)
             if r.is_real]
    assert _check(fo.values["a"], roots[0], 40) >= 38
    assert _check(fo.values["b"], roots[0] - sp.Rational(1, 4), 40) >= 38


def test_stationary_classification_along_the_control():
    prob = PhaseProblem(a * m**2 - m**4 + m**6, m, a, symmetric_point=sp.Integer(0), order_window=(0.0, 2.0),
                        names=("disordered", "ordered"))
    assert prob.global_minimum(0.3, {})[0] == "disordered"
    label, mm, S, _ = prob.global_minimum(0.2, {})
    assert label == "ordered" and S < 0 and mm == pytest.approx(0.7376664856, rel=1e-3)


def test_exponents_symbolic_and_numeric():
    assert newton_polygon_exponent(m**2 - a, m, a, 0, 0) == sp.Rational(1, 2)
    assert newton_polygon_exponent(m**3 - a + m * a**2, m, a, 0, 0) == sp.Rational(1, 3)
    assert newton_polygon_exponent(m - 2 * a, m, a, 0, 0) == 1
    res = get("landau-sextic").evaluate("spinodal_exponent", dps=15)
    with mpmath.workdps(30):
        assert abs(res.values["exponent"] - mpmath.mpf(1) / 2) < mpmath.mpf(10) ** -12

    def branch(c, w):                   # the closed-form metastable branch of the sextic
        with mpmath.workdps(w):
            return mpmath.sqrt((2 + mpmath.sqrt(4 - 12 * c)) / 6)
    with mpmath.workdps(50):
        est, frac, err = log_derivative_exponent(branch, m0=1 / mpmath.sqrt(3), c0=mpmath.mpf(1) / 3, sign=-1)
    assert frac == sp.Rational(1, 2) and err < 1e-6


def test_all_stationary_points_are_found_and_classified():
    prob = PhaseProblem(a * m**2 - m**4 + m**6, m, a, symmetric_point=sp.Integer(0), order_window=(-2.0, 2.0))
    pts = prob.stationary_points(sp.Rational(1, 5), {}, dps=30)
    assert [p["kind"] for p in pts] == ["minimum", "maximum", "minimum", "maximum", "minimum"]
    # exact: m^2 = (2 +- sqrt(4 - 12 a)) / 6 at a = 1/5
    x_min = (2 + sp.sqrt(4 - sp.Rational(12, 5))) / 6
    x_max = (2 - sp.sqrt(4 - sp.Rational(12, 5))) / 6
    assert _check(pts[-1]["m"], sp.sqrt(x_min), 30) >= 28 and _check(pts[-2]["m"], sp.sqrt(x_max), 30) >= 28


def test_continuation_follows_the_metastable_branch_to_its_fold():
    prob = PhaseProblem(a * m**2 - m**4 + m**6, m, a, symmetric_point=sp.Integer(0), order_window=(0.0, 2.0),
                        names=("disordered", "ordered"))
    branch = prob.continuation({}, {"a": sp.Integer(0), "m": sp.Rational(4, 5)}, 1, dps=20)
    last = branch[-1]
    assert abs(float(last["a"]) - 1 / 3) < 1e-6            # ends at the spinodal a = 1/3
    for p in branch:                                        # every point is on the exact branch
        x = (2 + sp.sqrt(4 - 12 * sp.Rational(p["a"]))) / 6
        assert abs(float(p["m"]) - float(sp.sqrt(x))) < 1e-12
    labels = {p["phase"] for p in branch if float(p["a"]) < 0.24} | {p["phase"] for p in branch if float(p["a"]) > 0.26}
    assert labels == {"ordered", "disordered"}            # the first-order point a = 1/4 is crossed
