"""Žunkovič & Ilievski 2024: Sec. 3.2.1, Eqs. 9-10.

Claim: the test error vanishes linearly, E ~ (t_eps - t)^nu with nu = 1 (Sec. 3.2.1, Eqs. 9-10).
Source: Žunkovič & Ilievski 2024, Sec. 3.2.1, Eqs. 9-10; compared against paper Eq. 9.
Expected output: exponent = 1 (derived from the Taylor expansion of E(t_eps - s); passed = True).

Run ``python zunkovic_1d_exponent.py`` or call ``main(dps)``; it recomputes the claim with
:class:`efftheory.claims.Claim` ``zunkovic-1d/exponent`` and returns its outcome.
"""


def main(dps=30):
    """Recompute claim ``zunkovic-1d/exponent`` at ``dps`` digits and compare with the paper."""
    from efftheory.theories._zunkovic_claims import claim_by_id
    return claim_by_id("zunkovic-1d/exponent").check(dps=dps).summary()


if __name__ == "__main__":
    print(main())
