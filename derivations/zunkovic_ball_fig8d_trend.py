"""Žunkovič & Ilievski 2024: Fig. 8d — a paper error, documented.

Claim: at eps = 1.1 the grokking probability decreases with D (D = 5, 10, 20) (Fig. 8d).
Source: Žunkovič & Ilievski 2024, Fig. 8d; compared against corrected Eq. 86.
Expected output: corrected Eq. 86 at eps = 1.1: 0.968, 0.947, 0.972 for D = 5, 10, 20 (not decreasing).
Note: the decrease in Fig. 8d is an artefact of the printed alpha3: with the corrected alpha3 Eq. 86 is not monotone decreasing (0.968, 0.947, 0.972)

Run ``python zunkovic_ball_fig8d_trend.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-ball/fig8d-trend`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-ball/fig8d-trend`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-ball/fig8d-trend").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
