"""Žunkovič & Ilievski 2024: Eq. 23.

Claim: c_D = D 2^{(D-3)/2} Gamma(D/2)/(sqrt(pi) Gamma((D+3)/2)) (Eq. 23).
Source: Žunkovič & Ilievski 2024, Eq. 23; compared against derived from the cap volume (D = 1..11).
Expected output: the derived c_D equals the printed Eq. 23 for D = 1..11.

Run ``python zunkovic_ball_c_d.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-ball/c_D`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-ball/c_D`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-ball/c_D").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
