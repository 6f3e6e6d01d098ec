"""Worked example: ``rubin-modular``, Rubin, Seroussi & Ringel (ICLR 2024), model B.

Claim: modular addition learned by a quadratic network goes GFL -> GMFL-I -> GMFL-II as the
noise sigma^2 decreases: GMFL-II begins at sigma^2 ~ 0.175, GMFL-I at ~ 0.227, and |a| drops from
1 to ~ 0.7 in between (§3.2.1, Fig. 3); the target eigenvalue is printed as
lambda = sigma_a^2 <|w_k|^2 |v_k|^2> (App. eqs. 36-37).

Source: N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024 (arXiv:2310.03789), §3.2.1, Fig. 3 and
App. B (N = 1000, P = 401, sigma_a^2 = 2e-6, gamma = 1e-4).

Expected: every derivation step checked (the Fourier identities by brute force at P = 5);
sigma_II^2 = 0.17601... and |a_II| = 0.7458 reproduced; sigma_I^2 = 0.23601... and the printed
lambda (a factor 4 P^2 = 100 short at P = 5) differing from the paper as documented; the three
special points printed to ``dps`` verified digits.
"""
from efftheory import theory
from efftheory.report.worked import worked_example


def main(dps: int = 20) -> dict:
    result = worked_example("rubin-modular", ["rubin-modular/gmfl2-onset", "rubin-modular/gmfl1-onset",
                                              "rubin-modular/a-drop", "rubin-modular/lambda-normalization"], dps=dps)
    print(theory("rubin-modular").solve(dps=dps))
    return result


if __name__ == "__main__":
    print(main())
