"""Monte-Carlo numbers as physicists quote them (issue 11, CLI.md): the standard error to two
significant digits, the value and both ends of the 95 % interval rounded at that decimal place,
the value inside its interval, seeds reproducible byte for byte; exact results exact."""
import json
from decimal import Decimal

import pytest

import efftheory

#: Every randomised quantity, with the parameters it needs and a few trials.
CASES = [
    ("zunkovic-1d", "grokking_probability_mc", {"eps": "1/2"}, 400),
    ("zunkovic-1d", "grokking_probability_gd", {"eps": "1/2"}, 40),
    ("zunkovic-ball", "grokking_probability_mc", {}, 400),
    ("zunkovic-ball", "test_error_mc", {"h": "1/2"}, 400),
    ("liu-addition", "determined_probability", {"p": "10", "n": "22"}, 400),
    ("liu-addition", "critical_fraction", {"p": "10"}, 60),
]


def test_every_randomised_quantity_is_covered():
    from efftheory.theories import all_models
    listed = {(m.name, q.name) for m in all_models() for q in m.quantities if q.randomized}
    assert listed == {(t, q) for t, q, _, _ in CASES}


def _decimals(text: str) -> int:
    return -Decimal(text).as_tuple().exponent


@pytest.mark.parametrize("theory,quantity,params,trials", CASES, ids=[f"{t}-{q}" for t, q, _, _ in CASES])
@pytest.mark.parametrize("seed", [3, 11])
def test_value_inside_its_interval_at_one_decimal_place(theory, quantity, params, trials, seed):
    model = efftheory.theory(theory)
    result = model.evaluate(quantity, params, seed=seed, trials=trials).to_json()
    assert result["trials"] == trials and result["seed"] == seed
    for name, se in result["stderr"].items():
        value, (lo, hi) = result["values"][name], result["ci"][name]
        assert Decimal(lo) <= Decimal(value) <= Decimal(hi), (name, value, lo, hi)
        digits = Decimal(se).normalize().as_tuple()
        assert Decimal(se) == 0 or len(digits.digits) <= 2, se                  # two significant digits
        assert _decimals(se) == _decimals(value) == _decimals(lo) == _decimals(hi) or Decimal(se) == 0
    again = model.evaluate(quantity, params, seed=seed, trials=trials).to_json()
    assert json.dumps(again) == json.dumps(result)                               # a seed reproduces byte for byte


def test_the_audits_case_is_inside_its_interval():
    """The audit: p = 10, n = 22, 20000 trials, seed 3 printed 0.4 with ci [0.42, 0.44]."""
    r = efftheory.theory("liu-addition").evaluate("determined_probability", {"p": "10", "n": "22"}, seed=3,
                                                    trials=20000).to_json()
    v, (lo, hi), se = (r["values"]["determined_probability"], r["ci"]["determined_probability"],
                       r["stderr"]["determined_probability"])
    assert Decimal(lo) <= Decimal(v) <= Decimal(hi) and len(v.split(".")[1]) == 4, (v, lo, hi, se)


def test_exact_results_are_exact():
    """p <= 7 is enumerated: a Rational and its decimal, with no stderr, ci, trials or seed."""
    r = efftheory.theory("liu-addition").evaluate("determined_probability", {"p": "5", "n": "10"}).to_json()
    assert r["exact"]["determined_probability"] == "1646/3003"
    assert r["values"]["determining_sets"] == "1646" and r["values"]["training_sets"] == "3003"
    assert not {"stderr", "ci", "trials", "seed"} & set(r)
    assert r["values"]["determined_probability"].startswith("0.548118548118548118548118548119")
