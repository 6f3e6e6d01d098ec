"""Žunkovič & Ilievski 2024: Fig. 5.

Claim: mode of the normalised t_G density at eps_lambda = 0.04, N = 2 (Fig. 5).
Source: Žunkovič & Ilievski 2024, Fig. 5; compared against Fig. 5 read off the v1 SVG (±0.02; ±0.05 allowed: flat maxima).
Expected output: mode ~ 2.161 (Fig. 5 reading 2.20 ± 0.05).

Run ``python zunkovic_1d_fig5_mode_n2.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-1d/fig5-mode-N2`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-1d/fig5-mode-N2`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-1d/fig5-mode-N2").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
