"""Rubin et al. model B: the GMFL-II onset sigma^2 ~ 0.175.

Claim: "at sigma^2 ~ 0.175 the nonzero saddles are O(1) below S_k(0,0): GMFL-II begins".
Source: N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024 (arXiv:2310.03789), §3.2.1 and Fig. 3
(N = 1000, P = 401, sigma_a^2 = 2e-6, gamma = 1e-4).

Derived here: sigma_II^2 = sigma_I^2 - 3 sigma_a^2/gamma (full occupation rho = 1, paper normalisation of
lambda, App. eq. 37), with sigma_I^2 = 3^(1/4) P sqrt(sigma_a^2)/(sqrt(N) gamma^(1/4)).
Expected output: {"sigma2_II": 0.17601504270189349..., "relative_difference": 0.0058..., "within_1_percent": True}
"""


def main(dps=30):
    import efftheory
    model = efftheory.theory("rubin-modular")
    point = model.solve(dps=dps)["gmfl2_onset"]
    s2 = point.values["sigma2"]
    rel = abs(s2 / 0.175 - 1)
    return {"sigma2_II": s2, "a_II": point.values["a"], "digits": point.digits,
            "relative_difference": rel, "within_1_percent": bool(rel < 0.01)}


if __name__ == "__main__":
    print(main())
