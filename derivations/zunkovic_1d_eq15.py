"""Žunkovič & Ilievski 2024: Eq. 15.

Claim: P(E=0) = 1 - (1 + 2 eps_lambda) exp(-4 eps_lambda) for N = 2 (Eq. 15).
Source: Žunkovič & Ilievski 2024, Eq. 15; compared against paper Eq. 15 vs the derived finite sum.
Expected output: max |finite sum - Eq. 15| below 10^-dps at eps_lambda = 0.001, 0.1, 0.7, 1.5 (passed = True).

Run ``python zunkovic_1d_eq15.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-1d/eq15`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-1d/eq15`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-1d/eq15").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
