"""Rubin et al. model B: the GP kernel has three distinct eigenvalues.

Claim: the enhanced symmetry of the GP kernel Q = sigma_a^2 [K_aa K_bb + 2 K_ab^2] leaves three eigenvalues, the
target subspace being (P-1)^2-fold degenerate.
Source: N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024 (arXiv:2310.03789), App. B.1, eq. 21.

Derived here by character sums: sigma_a^2 (4P^2 + 4P + 4) (x1), sigma_a^2 (2P + 4) (x 2(P-1)), 4 sigma_a^2
(x (P-1)^2); checked against numpy eigvalsh of the explicit 49 x 49 kernel at P = 7.
Expected output: {"distinct": 3, "eigenvalues_P7": [4.0, 18.0, 228.0], "holds": True}
"""


def main(dps=30):
    from efftheory.theories.rubin_modular import _spectrum_holds
    out = _spectrum_holds(dps)
    return {"distinct": out["value"], "eigenvalues_P7": out["eigenvalues"], "holds": out["holds"]}


if __name__ == "__main__":
    print(main())
