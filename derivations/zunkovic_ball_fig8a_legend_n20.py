"""Žunkovič & Ilievski 2024: Fig. 8a legend — a paper error, documented.

Claim: the top series of Fig. 8a is N = 20 (Fig. 8a legend).
Source: Žunkovič & Ilievski 2024, Fig. 8a legend; compared against v1 SVG readings.
Expected output: with N = 20 the top series misses by ~14 tolerances (differs, as documented).
Note: with N = 20 Eq. 86 misses the top series by 13-71 %; with N = 30 it reproduces it (fig8a claim): the legend 'N=20' should read N=30

Run ``python zunkovic_ball_fig8a_legend_n20.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-ball/fig8a-legend-N20`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-ball/fig8a-legend-N20`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-ball/fig8a-legend-N20").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
