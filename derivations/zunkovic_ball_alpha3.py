"""Žunkovič & Ilievski 2024: Eq. 82 — a paper error, documented.

Claim: alpha3 = 1/lambda_D - eps/(lambda_D Lambda) (D=10, lambda2=1/10, eps=101/100) (Eq. 82).
Source: Žunkovič & Ilievski 2024, Eq. 82; compared against paper Eq. 82 (printed) vs the derivation record.
Expected output: derived alpha3 = 30000/36103 = 1/(lambda_D + eps^2) vs printed value (differs by 5 %).
Note: the exact first-order expansion of G^{-1}a (derivation record) gives alpha3 = 1/(lambda_D + eps^2) = 1/lambda_D - eps^2/(lambda_D Lambda); the print has eps for eps^2. Fig. 8 was drawn with the printed value (fig8 claims)

Run ``python zunkovic_ball_alpha3.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-ball/alpha3`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-ball/alpha3`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-ball/alpha3").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
