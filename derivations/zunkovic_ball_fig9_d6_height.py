"""Žunkovič & Ilievski 2024: Fig. 9, Eqs. 45, 47.

Claim: slow-branch delta height at D = 6 (lambda2 = 0.01, eps = 2) (Fig. 9, Eqs. 45, 47).
Source: Žunkovič & Ilievski 2024, Fig. 9, Eqs. 45, 47; compared against v1 SVG reading ±0.002.
Expected output: 1 - p_fast = 0.980112... (reading 0.9801 ± 0.002).

Run ``python zunkovic_ball_fig9_d6_height.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-ball/fig9-D6-height`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-ball/fig9-D6-height`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-ball/fig9-D6-height").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
