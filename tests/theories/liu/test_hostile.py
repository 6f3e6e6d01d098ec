"""Hostile input for liu-addition (issue 11, item 4): exit 0, 2 or 3 quickly, one-line messages."""
import pytest

CASES = [
    ("eval liu-addition grokking_rate --param n=10 --seed 4294967295", {0}),      # the audit's case
    ("eval liu-addition grokking_rate --param n=10 --seed 4294967296", {2}),
    ("eval liu-addition grokking_rate --param n=20 --dps 10000", {2}),
    ("eval liu-addition grokking_rate --param n=20 --dps 1", {0}),
    ("eval liu-addition grokking_rate --param n=0", {0, 3}),
    ("eval liu-addition grokking_rate --param n=1000000", {2}),
    ("eval liu-addition grokking_rate --param n=20 --param eta=1e-300", {0}),
    ("eval liu-addition grokking_rate --param n=20 --param eta=1e300 --param d=4", {0}),
    ("eval liu-addition determined_probability --param n=20 --trials 10000000", {2}),
    ("eval liu-addition determined_probability --param p=25 --param n=325 --trials 100000", {2}),
    ("eval liu-addition determined_probability --param n=20 --trials 2", {0, 3}),
    ("eval liu-addition determined_probability --param p=3 --param n=0", {0}),
    ("eval liu-addition critical_fraction --trials 10000000", {2}),
    ("eval liu-addition critical_fraction --param p=25 --trials 1000000", {2}),
    ("eval liu-addition parallelogram_count --param p=25 --param n=325 --dps 10000", {0}),
    ("eval liu-addition parallelogram_count --param p=26", {2}),
]


@pytest.mark.parametrize("args,allowed", CASES, ids=[c for c, _ in CASES])
def test_hostile_input(args, allowed, hostile):
    hostile(args, allowed)
