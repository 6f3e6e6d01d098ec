"""Rubin et al. model B: the printed target eigenvalue lambda = sigma_a^2 <|w_k|^2|v_k|^2> lacks a factor 4 P^2.

Claim: App. eqs. 36-37 give the target eigenvalue as sigma_a^2 <|w_k|^2 |v_k|^2>.
Source: N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024 (arXiv:2310.03789), App. B.3, eqs. 36-37.

Derived here by brute force at P = 5: the Rayleigh quotient of one neuron's kernel (h^2 h^2) on the P^2-point
targets equals 4 P^2 mean_{k != 0} |w_k|^2 |v_k|^2, i.e. 100 times the printed form.  Only the printed form
reproduces the paper's 0.175 and -0.7; with the factor (normalization=consistent) GMFL-II is never reached.
Expected output: {"ratio": 100, "consistent_points": ["spinodal", "gmfl1_onset"]}
"""


def main(dps=30):
    import efftheory
    from efftheory.theories.rubin_modular import _normalization_ratio
    model = efftheory.theory("rubin-modular")
    ratio = _normalization_ratio(dps)["value"]
    kinds = [p.kind for p in model.solve({"normalization": "consistent"}, dps=dps).points]
    return {"ratio": ratio, "consistent_points": kinds}


if __name__ == "__main__":
    print(main())
