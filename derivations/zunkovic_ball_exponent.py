"""Žunkovič & Ilievski 2024: Eq. 23.

Claim: nu = (D+1)/2 (D = 10: 11/2) (Eq. 23).
Source: Žunkovič & Ilievski 2024, Eq. 23; compared against paper Eq. 23.
Expected output: exponent = 11/2 at D = 10.

Run ``python zunkovic_ball_exponent.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-ball/exponent`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-ball/exponent`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-ball/exponent").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
