"""Claim: the first-order point of model A lies at u_c ~ 30.2 (eps = -0.3), near sigma^2 = 0.18.

Source: Rubin, Seroussi & Ringel, ICLR 2024 (arXiv:2310.03789), Claim I / Claim IV and §3.1.1
(Fig. 2 parameters: n=3000, d=150, N=700, sigma_w^2=0.5, sigma_a^2=8/700).

Expected output: u_c = 30.669132784067670174 (1.55 % above the stated 30.2; the paper's value is u at the
grid point sigma^2 = 0.18, which is 30.234), sigma2_c = 0.17871945473507621286, q* = 0.72137181301322766072,
with the spinodal at sigma2 = 0.19066204453124957748.
"""


def main(dps=30):
    from efftheory.theories.rubin_cubic import MODEL
    res = MODEL.solve(dps=dps)
    fo, sp_ = res["first_order"].values, res["spinodal"].values
    return {"u_c": fo["u"], "sigma2_c": fo["sigma2"], "q_star": fo["q"], "b_c": fo["b"],
            "relative_difference_to_30.2": fo["u"] / 30.2 - 1, "sigma2_spinodal": sp_["sigma2"],
            "digits": res["first_order"].digits}


if __name__ == "__main__":
    print(main())
