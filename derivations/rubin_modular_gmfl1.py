"""Rubin et al. model B: the GMFL-I onset, stated as sigma^2 ~ 0.227 (a documented discrepancy).

Claim: "at sigma^2 ~ 0.227 the nonzero saddles come within O(1) of S_k(0,0): GMFL-I begins".
Source: N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024 (arXiv:2310.03789), §3.2.1, Fig. 3.

Derived here: degenerate minima s(Phi) = s'(Phi) = 0 give A_c = 2 sqrt(gamma/3); with |a| = 1,
sigma_I^2 = sqrt(2 sigma_a^2 P^2/(N A_c)) = 0.23601504..., 4.0 % above the stated value.  The finite-P
(P = 401) self-consistent |a| begins to drop at the same sigma^2 (1 - |a| ~ 1e-4 at 0.236), so finite-P
smoothing does not explain the difference (theory note §7 item 8).
Expected output: {"sigma2_I": 0.236015042701893..., "relative_difference": 0.0397..., "one_minus_a_at_0.236": ~1e-4,
"one_minus_a_at_0.227": ~0.038}
"""


def main(dps=30):
    import efftheory
    model = efftheory.theory("rubin-modular")
    s2 = model.solve(dps=dps)["gmfl1_onset"].values["sigma2"]
    a_236 = model.evaluate("a", {"sigma2": "0.236"}, dps=dps).values["a"]
    a_227 = model.evaluate("a", {"sigma2": "0.227"}, dps=dps).values["a"]
    return {"sigma2_I": s2, "relative_difference": abs(s2 / 0.227 - 1),
            "one_minus_a_at_0.236": 1 - a_236, "one_minus_a_at_0.227": 1 - a_227}


if __name__ == "__main__":
    print(main())
