"""Claim (Žunkovič & Ilievski 2024, §4.3.1, Fig. 14; v1 Fig. 10): for fixed random attention
tensors (d = 2, open boundaries, training set = all 8 strings of length 3), the fraction P_G of
tensors whose stationary classifier B has zero test error on rule 30 is lowered monotonically by
L2 regularisation, is first raised and then lowered by L1, and L1 beats L2 at equal strength.
Paper readings: P_G = 0.0246 (none), 0.0044 at lambda2 = 0.02, 0.0173 at lambda1 = 0.02.

Source: paper Fig. 14 (values read off the figure, theory note §7).

What is compared (small scale: 4000 tensors, seed 0, common tensors for every strength, test
windows of depth 12; Eq. 2 as printed, i.e. the mean loss over the 24 training positions):
  * "l2_lowers": P_G(lambda2) is non-increasing along the paper's grid and the paired drop
    P_G(0) - P_G(0.02) exceeds 4 paired standard errors;
  * "l1_beats_l2": P_G(lambda1 = x) > P_G(lambda2 = x) on the whole grid;
  * "l1_rise": P_G(0.001) - P_G(0) for L1 with its paired standard error -- the paper's rise is
    NOT reproduced (expected: a negative difference);
  * "none_vs_paper": P_G(0) against 0.0246 in binomial standard errors.
Expected output: l2_lowers True, l1_beats_l2 True, l1_rise_reproduced False, P_G(0) ~ 0.02.
"""
from efftheory.theories._zunkovic_rule30 import fig14_summary


def main(dps=30, trials=4000):
    return dict(fig14_summary(trials=trials, seed=0, test_depth=12))


if __name__ == "__main__":
    print(main())
