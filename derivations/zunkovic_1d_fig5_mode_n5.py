"""Žunkovič & Ilievski 2024: Fig. 5.

Claim: mode of the normalised t_G density at eps_lambda = 0.04, N = 5 (Fig. 5).
Source: Žunkovič & Ilievski 2024, Fig. 5; compared against Fig. 5 read off the v1 SVG (±0.02; ±0.05 allowed: flat maxima).
Expected output: mode within 0.05 of the Fig. 5 reading 1.40.

Run ``python zunkovic_1d_fig5_mode_n5.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-1d/fig5-mode-N5`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-1d/fig5-mode-N5`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-1d/fig5-mode-N5").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
