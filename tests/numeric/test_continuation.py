"""Lines along a parameter (issue 13 item 4): float64 starts from the previous points, the
expensive seed only for the first point or when the branch jumps, digits unchanged."""
import mpmath
import numpy as np
import sympy as sp

from efftheory.numeric import System, continuation, verified
from efftheory.numeric.continuation import along_a_line, record, start

x, c = sp.symbols("x c")
CUBIC = System((x**3 - x - c,), (x,), (c,), "x^3 - x = c")


def _line(cs, full_seed, dps=30):
    out = []
    with along_a_line():
        for cv in cs:
            values = {c: sp.Rational(cv)}

            def compute(w):
                x0 = start(CUBIC, values, full_seed)
                r = CUBIC.polish(list(x0), values, dps=w)
                record(CUBIC, values, r)
                return {"x": r[0]}
            out.append(verified(compute, dps=dps)[0]["x"])
    return out


def test_a_smooth_line_seeds_once_and_gives_the_digits_of_independent_solves():
    calls = []

    def full_seed():
        calls.append(1)
        return [1.5]
    cs = [sp.Rational(k, 10) for k in range(5, 16)]
    line = _line(cs, full_seed)
    assert calls == [1]                                         # the first point only (both precisions)
    for cv, r in zip(cs, line):
        ref, _ = CUBIC.solve([1.5], {c: cv}, dps=30)
        assert mpmath.nstr(r, 30) == mpmath.nstr(ref["x"], 30)
        with mpmath.workdps(60):
            assert abs(r**3 - r - mpmath.mpf(cv.p) / cv.q) < mpmath.mpf(10) ** -40


def test_a_branch_that_ends_falls_back_to_the_full_seed():
    """The branch x > 1/sqrt 3 of x^3 - x = c ends at the fold c = -2/(3 sqrt 3) ~ -0.385: past it
    the extrapolated start refines to the other branch, far away, and the full seed is asked."""
    calls = []

    def full_seed():
        calls.append(1)
        return [1.2]
    cs = [sp.Rational(-k, 100) for k in (30, 33, 36, 38, 45)]
    line = _line(cs, full_seed)
    assert len(calls) == 2                                      # the first point and the jump
    assert all(0.6 < float(v) < 0.9 for v in line[:4]) and float(line[-1]) < -1


def test_start_outside_a_line_is_the_full_seed():
    assert start(CUBIC, {c: sp.Integer(1)}, lambda: [7.0]) == (7.0,)
    record(CUBIC, {c: sp.Integer(1)}, [1.0])                    # no line: nothing kept


def test_extrapolation_is_linear_in_the_parameter():
    hist = [(np.array([0.0]), (0,), np.array([1.0])), (np.array([1.0]), (1,), np.array([3.0]))]
    assert continuation._predicted(hist, (sp.Rational(3, 2),))[0] == 4.0


def test_sweep_of_u_c_along_kappa_equals_independent_evaluations():
    from efftheory.report.sweep import run_sweep
    from efftheory.results import flat_items
    from efftheory.theories import get
    model = get("rubin-cubic")
    kappas = [sp.Rational(k, 10) for k in (10, 11, 12, 13)]
    table = run_sweep(model, "u_c", "kappa", kappas, {}, dps=25)
    for k, row in zip(kappas[::3], table.rows[::3]):
        res = model.evaluate("u_c", {"kappa": k}, dps=25)
        assert row["values"] == dict(flat_items(res.to_json()["values"])) and row["digits"] == 25
