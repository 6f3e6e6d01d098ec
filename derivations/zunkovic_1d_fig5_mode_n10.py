"""Žunkovič & Ilievski 2024: Fig. 5.

Claim: mode of the normalised t_G density at eps_lambda = 0.04, N = 10 (Fig. 5).
Source: Žunkovič & Ilievski 2024, Fig. 5; compared against Fig. 5 read off the v1 SVG (±0.02; ±0.05 allowed: flat maxima).
Expected output: mode within 0.05 of the Fig. 5 reading 0.70.

Run ``python zunkovic_1d_fig5_mode_n10.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-1d/fig5-mode-N10`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-1d/fig5-mode-N10`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-1d/fig5-mode-N10").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
