"""Žunkovič & Ilievski 2024: Sec. 3.3.2, Eq. 33.

Claim: with lambda1 > 0 the probability can exceed 90 % for any D >= 2 (N = 10, eps = 1) (Sec. 3.3.2, Eq. 33).
Source: Žunkovič & Ilievski 2024, Sec. 3.3.2, Eq. 33; compared against maximum of Eq. 33 over lambda1, D = 2..20.
Expected output: min over D = 2..20 of max_lambda1 Eq. 33 is 0.99999 > 0.9.

Run ``python zunkovic_ball_l1_above_90.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-ball/l1-above-90`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-ball/l1-above-90`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-ball/l1-above-90").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
