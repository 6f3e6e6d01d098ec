"""Hostile input for zunkovic-1d and zunkovic-ball (issue 11, item 4): every input ends in exit 0, 2 or 3,
quickly, with a one-line message for 2 and 3; never an internal error (exit 1) or a hang.

The first cases are the audit's (a fuzz run of the CLI); the others are extreme but domain-legal values
of each parameter, precision and trial count, and the refusals of the work limits."""
import pytest

CASES = [
    # the audit's failures
    ("eval zunkovic-ball grokking_probability --param D=1000000", {2}),
    ("eval zunkovic-1d grokking_time_pdf --param N=2 --param eps=1 --param t=40", {0}),
    ("eval zunkovic-1d grokking_probability --param N=1000000 --param eps=1/2", {2}),
    # zunkovic-1d
    ("eval zunkovic-1d grokking_probability --param N=10 --param eps=1e300", {0}),
    ("eval zunkovic-1d grokking_probability --param N=1 --param eps=1e-300 --dps 1", {0}),
    ("eval zunkovic-1d grokking_probability --param eps=0", {0}),
    ("eval zunkovic-1d grokking_probability --param N=1000 --param eps=1/2 --dps 10000", {2}),
    ("eval zunkovic-1d grokking_probability --param N=1e300 --param eps=1/2", {2}),
    ("eval zunkovic-1d grokking_time_pdf --param N=3 --param eps=1 --param t=1000", {0}),
    ("eval zunkovic-1d grokking_time_pdf --param N=3 --param eps=1 --param t=1e300", {0, 3}),
    ("eval zunkovic-1d grokking_time_pdf --param N=100 --param eps=1/2 --param t=1", {2}),
    ("eval zunkovic-1d grokking_time_pdf --param eps=1/2 --param t=1 --dps 10000", {2}),
    ("eval zunkovic-1d grokking_time_pdf --param eps=0 --param t=1", {2}),
    ("eval zunkovic-1d grokking_time_mode --param eps=1/2 --param N=1000000", {2}),
    ("eval zunkovic-1d grokking_time_mode --param eps=1/2 --dps 10000", {2}),
    ("eval zunkovic-1d test_error --param eps=1e300 --param xbar=-1e300 --param t=1e300 --dps 10000", {0, 2, 3}),
    ("eval zunkovic-1d test_error --param eps=1/2 --param xbar=1e300 --param t=0 --param b0=-1e300", {2}),
    ("eval zunkovic-1d exponent --param eps=1e300 --dps 10000", {0}),
    ("eval zunkovic-1d eps_lambda --param eps=1e300 --param lambda1=1e300 --param lambda2=1e300", {0}),
    ("eval zunkovic-1d grokking_probability_mc --param eps=1/2 --trials 2", {0, 3}),
    ("eval zunkovic-1d grokking_probability_mc --param eps=1/2 --trials 10000000", {2}),
    ("eval zunkovic-1d grokking_probability_mc --param eps=1/2 --param N=1000000", {2}),
    ("eval zunkovic-1d grokking_probability_mc --param eps=1e300 --trials 100 --seed 4294967295", {0, 3}),
    ("eval zunkovic-1d grokking_probability_gd --param eps=1/2 --trials 2", {0, 3}),
    ("eval zunkovic-1d grokking_probability_gd --param eps=1/2 --trials 10000000", {2}),
    ("eval zunkovic-1d grokking_probability_gd --param eps=1/2 --param N=1 --trials 100000", {0}),
    # zunkovic-ball
    ("eval zunkovic-ball grokking_probability --param N=1e300", {2}),
    ("eval zunkovic-ball grokking_probability --param eps=1e300", {2}),
    ("eval zunkovic-ball grokking_probability --param eps=0 --dps 1", {0}),
    ("eval zunkovic-ball grokking_probability --dps 10000", {2}),
    ("eval zunkovic-ball grokking_probability_bound --param lambda1=1e300", {0, 3}),
    ("eval zunkovic-ball grokking_probability_eq30 --dps 10000", {2}),
    ("eval zunkovic-ball exponent --param D=1000 --param xi=999999/1000000 --dps 10000", {0}),
    ("eval zunkovic-ball c_D --param D=1000", {0, 3}),
    ("eval zunkovic-ball p_fast --param D=1000 --param eps=1000", {0, 3}),
    ("eval zunkovic-ball t_slow --param eps=1", {2}),
    ("eval zunkovic-ball t_slow --param lambda2=1e300", {0, 3}),
    ("eval zunkovic-ball fast_pdf --param t=1e300", {0, 3}),
    ("eval zunkovic-ball fast_pdf --param t=0 --param D=1", {0, 3}),
    ("eval zunkovic-ball large_d_threshold --param N=1000000 --dps 10000", {0, 2}),
    ("eval zunkovic-ball test_error --param h=0 --param D=1000", {0, 3}),
    ("eval zunkovic-ball test_error --param h=1 --dps 1", {0}),
    ("eval zunkovic-ball grokking_probability_mc --trials 10000000", {2}),
    ("eval zunkovic-ball grokking_probability_mc --param D=1000 --param N=1000000 --trials 2", {2}),
    ("eval zunkovic-ball grokking_probability_mc --trials 2 --seed 4294967295", {0, 3}),
    ("eval zunkovic-ball test_error_mc --param h=1/2 --param D=1000 --trials 10000000", {2}),
    # the L1 theory (issue 17)
    ("eval zunkovic-ball grokking_probability_l1", {2}),
    ("eval zunkovic-ball grokking_probability_l1 --param lambda1=1/20 --param D=1000", {2}),
    ("eval zunkovic-ball grokking_probability_l1 --param lambda1=1e300 --dps 5", {0, 2, 3}),
    ("eval zunkovic-ball grokking_probability_l1 --param lambda1=1/20 --param eps=0 --dps 5", {0}),
    ("eval zunkovic-ball grokking_probability_l1_appendix --param lambda1=1/20 --dps 1000", {2}),
]


@pytest.mark.parametrize("args,allowed", CASES, ids=[c for c, _ in CASES])
def test_hostile_input(args, allowed, hostile):
    hostile(args, allowed)
