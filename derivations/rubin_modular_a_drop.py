"""Rubin et al. model B: |a| falls from 1 to ~0.7 through GMFL-I ("a 30 % reduction").

Claim: "a goes from -1 at the start of GMFL-I to -0.7 at its end".
Source: N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024 (arXiv:2310.03789), §3.2.1 (sign of App. eq. 38 corrected:
|a| is reported).

Derived here: inside GMFL-I |a| = sigma^2/sigma_I^2, so |a_II| = sigma_II^2/sigma_I^2 = 0.74578 (a 25 % reduction);
the finite-P (P = 401) self-consistent value at sigma_II^2 (rounded to 12 digits) is within 1e-3 of it.
Expected output: {"a_I": 1, "a_II": 0.745778915982974..., "a_II_finite_P": ~0.7457, "reduction": 0.254...}
"""


def main(dps=30):
    import mpmath
    import sympy as sp
    import efftheory
    model = efftheory.theory("rubin-modular")
    res = model.solve(dps=dps)
    s2 = res["gmfl2_onset"].values["sigma2"]
    finite = model.evaluate("a", {"sigma2": sp.Rational(mpmath.nstr(s2, 12))}, dps=dps).values["a"]
    a_II = res["gmfl2_onset"].values["a"]
    return {"a_I": res["gmfl1_onset"].values["a"], "a_II": a_II, "a_II_finite_P": finite, "reduction": 1 - a_II}


if __name__ == "__main__":
    print(main())
