"""Žunkovič & Ilievski 2024: Fig. 8b, Eq. 86.

Claim: the Fig. 8b values of the grokking probability (Fig. 8b, Eq. 86).
Source: Žunkovič & Ilievski 2024, Fig. 8b, Eq. 86; compared against v1 SVG readings, theory note Sec. 4.3.
Expected output: worst deviation about 0.65 of the ±0.001 tolerance (passed = True).
Note: Eq. 86 with the printed alpha3 reproduces the readings of the v1 SVG (value = worst deviation in units of the panel tolerance)

Run ``python zunkovic_ball_fig8b.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-ball/fig8b`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-ball/fig8b`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-ball/fig8b").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
