"""Worked example: ``rubin-cubic``, Rubin, Seroussi & Ringel (ICLR 2024), model A.

Claim: an erf network learning y = H1 + eps H3 has a first-order transition at u_c ~ 30.2
(eps = -0.3, Claim I / Claim IV), near sigma^2 = 0.18 (§3.1.1); with the Q11 printed in App. A.3
(2q^2 instead of 4q^2) the transition would lie far from it; an NNGP needs n = O(d^3) samples
for the cubic mode (§3.1.1).

Source: N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024 (arXiv:2310.03789), Eq. 13, Claims I-IV,
App. A.3, App. C (Fig. 2 parameters n=3000, d=150, N=700, sigma_w^2=0.5, sigma_a^2=8/700).

Expected: every derivation step checked (Eq. 13 from the network, the GFL and GMFL-I
equations); u_c = 30.669... (1.55 % above the stated 30.2) and sigma2_c = 0.17872... reproduced,
the printed Q11 differing as documented (u_c = 23.03...), the NNGP d-exponent 3; the first-order
point printed to ``dps`` verified digits.
"""
from efftheory import theory
from efftheory.report.worked import worked_example


def main(dps: int = 20) -> dict:
    result = worked_example("rubin-cubic", ["rubin-cubic/u_c", "rubin-cubic/sigma2_c", "rubin-cubic/q11-printed",
                                            "rubin-cubic/nngp-d3"], dps=dps)
    print(theory("rubin-cubic").solve(dps=dps)["first_order"])
    return result


if __name__ == "__main__":
    print(main())
