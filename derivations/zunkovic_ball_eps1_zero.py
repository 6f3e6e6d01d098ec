"""Žunkovič & Ilievski 2024: Sec. 3.3.2.

Claim: eps = 1, lambda1 = 0: the grokking probability is zero for every lambda2 (Sec. 3.3.2).
Source: Žunkovič & Ilievski 2024, Sec. 3.3.2; compared against Eq. 86 and the exact finite-N Monte Carlo (2000 data sets per point).
Expected output: Eq. 86 = 0 and zero successes in the exact Monte Carlo (passed = True).

Run ``python zunkovic_ball_eps1_zero.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-ball/eps1-zero`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-ball/eps1-zero`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-ball/eps1-zero").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
