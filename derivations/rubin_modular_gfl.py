"""Rubin et al. model B: in GFL the discrepancy stays constant, |a| = 1.

Claim (Claim IV): "a stays constant and then suddenly diminishes".
Source: N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024 (arXiv:2310.03789), §3.2, Claim IV, Fig. 3b.

Derived here: in the paper normalisation lambda = 0 without an occupied nonzero saddle, so |a| = 1 exactly
(P -> infinity) and 1 - |a| < 1e-12 at finite P = 401 above sigma_I^2 = 0.23602.
Expected output: {"a_limit_at_0.25": 1, "a_finite_at_0.25": 1.0, "a_finite_at_0.3": 1.0, "holds": True}
"""


def main(dps=30):
    import efftheory
    model = efftheory.theory("rubin-modular")
    fin25 = model.evaluate("a", {"sigma2": "1/4"}, dps=dps).values["a"]
    fin30 = model.evaluate("a", {"sigma2": "3/10"}, dps=dps).values["a"]
    lim25 = model.evaluate("a_limit", {"sigma2": "1/4"}, dps=dps).values["a"]
    return {"a_limit_at_0.25": lim25, "a_finite_at_0.25": fin25, "a_finite_at_0.3": fin30,
            "holds": bool(lim25 == 1 and abs(1 - fin25) < 1e-12 and abs(1 - fin30) < 1e-12)}


if __name__ == "__main__":
    print(main())
