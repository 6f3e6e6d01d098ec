"""Žunkovič & Ilievski 2024: Eq. 14.

Claim: the grokking probability in terms of two regularised 1F2 functions (Eq. 14).
Source: Žunkovič & Ilievski 2024, Eq. 14; compared against derived finite sum.
Expected output: corrected Eq. 14 equals the finite sum to ~dps digits for N in {1,2,5,10,30} (passed = True).
Note: holds only after correcting two typos: (B eps_l)^{2N} -> (N eps_l)^{2N} and Gamma(Nd) -> Gamma(N); the corrected form equals the elementary finite sum to the working precision

Run ``python zunkovic_1d_eq14_corrected.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-1d/eq14-corrected`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-1d/eq14-corrected`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-1d/eq14-corrected").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
