"""Žunkovič & Ilievski 2024: Eq. 8 — a paper error, documented.

Claim: t_eps = ln((b0 - xbar_l)/(eps - xbar_l)) (as printed) (Eq. 8).
Source: Žunkovič & Ilievski 2024, Eq. 8; compared against derived from the loss (derivation record).
Expected output: b at the printed t_eps is 0.2332..., not eps = 0.5 (status: differs from the paper, as documented).
Note: the printed t_eps lacks the factor 1/(1 + lambda2): b(t) at the printed time is not eps when lambda2 != 0 (here lambda2 = 1/2); the corrected t_eps (with 1/(1+lambda2), as in Eq. 16) is

Run ``python zunkovic_1d_eq8_printed.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-1d/eq8-printed`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-1d/eq8-printed`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-1d/eq8-printed").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
