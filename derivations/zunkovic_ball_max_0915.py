"""Žunkovič & Ilievski 2024: Sec. 3.3.2, Eq. 33 — a paper error, documented.

Claim: the maximum of Eq. 33 over lambda1 is always larger than 0.915 (Sec. 3.3.2, Eq. 33).
Source: Žunkovič & Ilievski 2024, Sec. 3.3.2, Eq. 33; compared against maximum of Eq. 33 over lambda1.
Expected output: max of Eq. 33 at N = 1, D = 2, eps = 1 is 0.7935 < 0.915 (differs, as documented).
Note: not reproduced: at eps = 1 the maximum grows with N and D; at N = 1, D = 2 it is 0.794

Run ``python zunkovic_ball_max_0915.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-ball/max-0915`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-ball/max-0915`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-ball/max-0915").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
