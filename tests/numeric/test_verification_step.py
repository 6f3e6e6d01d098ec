"""Verification at the cost of one Newton step (issue 13 item 2): the recomputation at the higher
precision starts from the lower one's root, takes one step, and is accepted only if the next
correction contracts; the digits reported are still those on which both precisions agree."""
import mpmath
import pytest
import sympy as sp

from efftheory.errors import PrecisionError
from efftheory.numeric import System, agreeing_digits, verified
from efftheory.numeric import roots
from efftheory.numeric.precision import root_memo

a, m, b = sp.symbols("a m b")
S_SC = (a - b) * m**2 - m**4 + m**6
# the first-order point of a self-consistent sextic (benchmarks/bench_engine.py)
FIRST_ORDER = System((sp.cancel(sp.diff(S_SC, m) / m), sp.expand(S_SC / m**2), b**3 + b - a / 10), (a, m, b), (),
                     "self-consistent first-order")
START = [0.3, 0.6, 0.05]


@pytest.fixture
def steps(monkeypatch):
    """Count the confirmations and the full Newton runs, by precision."""
    seen = {"confirm": [], "newton": []}
    confirm, newton = System._confirm, roots._newton

    def counting_confirm(self, x_lo, jac_lo, values, dps, max_steps):
        seen["confirm"].append(dps)
        return confirm(self, x_lo, jac_lo, values, dps, max_steps)

    def counting_newton(*args, dps, **kw):
        seen["newton"].append(dps)
        return newton(*args, dps=dps, **kw)
    monkeypatch.setattr(System, "_confirm", counting_confirm)
    monkeypatch.setattr(roots, "_newton", counting_newton)
    return seen


@pytest.mark.parametrize("dps", [30, 300])
def test_the_higher_precision_is_one_confirmed_step_and_gives_the_same_digits(steps, dps):
    vals, digits = FIRST_ORDER.solve(START, {}, dps=dps)
    hi = 2 * dps + 30
    assert digits == dps
    assert steps["confirm"] == [hi]                            # one confirmation, no Newton run at hi
    assert hi not in steps["newton"]
    # the independent route: Newton from the float64 seed at the higher precision, outside verified
    ref = FIRST_ORDER.polish(FIRST_ORDER.seed(START, {}), {}, dps=hi)
    for name, r in zip(("a", "m", "b"), ref):
        assert agreeing_digits(vals[name], r, cap=hi) >= hi - 8


def test_the_memo_exists_only_inside_verified():
    assert root_memo() is None
    seen = []
    verified(lambda w: seen.append(root_memo()) or {"v": mpmath.sqrt(2)}, dps=20)
    assert isinstance(seen[0], dict) and seen[0] is seen[1]
    assert root_memo() is None


def test_a_lower_precision_root_off_in_its_20th_digit_is_not_confirmed_and_not_verified():
    """Plant a bad low-precision root in the memo: the confirmation refuses to accept one step from
    it (the correction does not contract to the working precision), Newton goes on to the true
    root, and verified finds the two precisions disagreeing at about the 20th digit."""
    x0 = FIRST_ORDER.seed(START, {})

    def compute(w):
        x = FIRST_ORDER.polish(x0, {}, dps=w)
        memo = root_memo()
        if w == 45:                                            # the lower precision of dps = 30
            with mpmath.workdps(w):
                bad = [x[0] * (1 + mpmath.mpf(10) ** -20), x[1], x[2]]
            memo[roots._key(FIRST_ORDER, x0, {})] = (w, bad, memo[roots._key(FIRST_ORDER, x0, {})][2])
            x = bad
        return {"a": x[0], "m": x[1], "b": x[2]}
    with pytest.raises(PrecisionError, match=r"only (19|20|21) of 30 digits"):
        verified(compute, dps=30, tries=1)


def test_confirmation_from_a_good_root_is_as_accurate_as_a_full_polish():
    x0 = FIRST_ORDER.seed(START, {})
    lo, jac = FIRST_ORDER._polish_at(x0, {}, 60, 200)
    confirmed, _ = FIRST_ORDER._confirm(lo, jac, {}, 150, 200)
    full = FIRST_ORDER.polish(x0, {}, dps=150)
    for u, v in zip(confirmed, full):
        assert agreeing_digits(u, v, cap=150) >= 145


def test_newton_tests_are_at_least_as_strict_as_with_two_norms():
    with mpmath.workdps(30):
        v = [mpmath.mpf(3), mpmath.mpf(-4)]
        assert roots._norm(v) <= mpmath.sqrt(9 + 16) <= roots._norm2(v)
        assert roots._norm2([mpmath.mpf(1)] * 9) >= 3
