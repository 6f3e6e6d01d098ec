"""Žunkovič & Ilievski 2024: Sec. 3.3.2 — a paper error, documented.

Claim: for lambda1 = 0 the probability decreases exponentially with D, independent of the other parameters (Sec. 3.3.2).
Source: Žunkovič & Ilievski 2024, Sec. 3.3.2; compared against corrected Eq. 86.
Expected output: corrected Eq. 86 at eps = 1.2 rises to 1 with D (differs from the claim, as documented).
Note: true only below the large-D threshold 2N eps^2 (eps^2-1) = 1 (eps* = 1.0236 at N = 10): at eps = 1.2 the corrected Eq. 86 rises to 1 with D, at eps = 1.01 it falls

Run ``python zunkovic_ball_large_d.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-ball/large-d`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-ball/large-d`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-ball/large-d").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
