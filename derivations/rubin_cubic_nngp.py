"""Claim: an NNGP needs n = O(d^3) samples to learn the cubic mode ("0.5e+6" at d = 150), while the finite
network learns it at n = 3000.

Source: Rubin et al. ICLR 2024, §3.1.1 (sample-complexity paragraph).

Expected output: d-exponent of the NNGP cubic eigenvalue lambda_3 = 3 (exact); number of cubic harmonics
C(152, 3) - 150 = 573650 (the paper's "0.5e+6"); learned NNGP fraction of H3 at n = 3000, sigma^2 = 0.18:
about 1.1e-5; d -> oo mixed phase at sigma^2 = 0.16 has learned (eps - c)/eps = 0.0407 already.
"""


def main(dps=30):
    from efftheory.theories.rubin_cubic import MODEL
    v = MODEL.evaluate("nngp", {"sigma2": "0.18"}, dps=dps).values
    mix = MODEL.evaluate("learned_components", {"sigma2": "0.16"}, dps=dps).values
    return {"d_exponent": v["d_exponent"], "cubic_harmonics": v["cubic_harmonics"], "n_half_nngp": v["n_half"],
            "nngp_learned_fraction_n3000": v["learned_fraction_at_n"],
            "network_learned_cubic_sigma2_0.16": mix["cubic_normalized"]}


if __name__ == "__main__":
    print(main())
