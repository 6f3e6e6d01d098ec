"""Claim (paper typo): App. A.3 prints Q11 = sigma_a^2 <2q^2/(pi D)>; the correct numerator is 4q^2 = v1^2 pi D.

Source: Rubin et al. ICLR 2024, App. A.3 (printed Q11) vs Claim I (u_c ~ 30.2); theory note §7 item 2.

Expected output: with the corrected 4q^2 the first-order u is 30.669 (within 2 % of 30.2); with the printed
2q^2 it is 23.034 (24 % away, transition at sigma^2 ~ 0.206), so the printed form cannot give the paper's u_c.
"""


def main(dps=30):
    from efftheory.theories.rubin_cubic import MODEL
    good = MODEL.solve(dps=dps)["first_order"].values
    bad = MODEL.solve({"q11": "paper"}, dps=dps)["first_order"].values
    return {"u_c_corrected": good["u"], "u_c_printed": bad["u"], "sigma2_c_printed": bad["sigma2"],
            "printed_is_far_from_30.2": bool(abs(bad["u"] / 30.2 - 1) > 0.1)}


if __name__ == "__main__":
    print(main())
