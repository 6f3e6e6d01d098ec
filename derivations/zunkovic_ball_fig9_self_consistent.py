"""Žunkovič & Ilievski 2024: Eq. 46 — a paper error, documented.

Claim: Fig. 9 delta at D = 4 computed with the self-consistent slow time (Eq. 46).
Source: Žunkovič & Ilievski 2024, Eq. 46; compared against v1 SVG reading.
Expected output: self-consistent slow time 0.814194..., far from the plotted 0.1827 (differs, as documented).
Note: Eq. 46 drops a factor xi; keeping it gives t_G = ln(eps^2/(eps^2-1))/(2 lambda_D) = 0.814, not the plotted 0.1827: Fig. 9 uses the printed Eq. 47

Run ``python zunkovic_ball_fig9_self_consistent.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-ball/fig9-self-consistent`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-ball/fig9-self-consistent`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-ball/fig9-self-consistent").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
