"""Hostile input for rubin-modular (issue 11, item 4): exit 0, 2 or 3 quickly, one-line messages."""
import pytest

CASES = [
    ("eval rubin-modular kinks --param N=1000000", {0, 2, 3}),       # was a NameError (exit 1)
    ("eval rubin-modular kinks --param P=3", {0, 2, 3}),
    ("eval rubin-modular kinks --param normalization=consistent", {2}),
    ("eval rubin-modular a --param sigma2=1/10 --dps 10000", {2}),
    ("eval rubin-modular a_limit --param sigma2=1/10 --dps 10000", {2}),
    ("eval rubin-modular a --param sigma2=1e-300", {0, 3}),
    ("eval rubin-modular a --param sigma2=1e300 --param P=1000003", {0, 3}),
    ("eval rubin-modular a_limit --param sigma2=1e300 --param gamma=1e-300", {0, 3}),
    ("eval rubin-modular a --param sigma2=1/10 --param P=1e300", {2}),
    ("solve rubin-modular --dps 1", {0}),
    ("solve rubin-modular --param gamma=1e300", {0, 3}),
    ("solve rubin-modular --param sigma_a2=1e-300 --param N=1e300", {0, 3}),
]


@pytest.mark.parametrize("args,allowed", CASES, ids=[c for c, _ in CASES])
def test_hostile_input(args, allowed, hostile):
    hostile(args, allowed)
