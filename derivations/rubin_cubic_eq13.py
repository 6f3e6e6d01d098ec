"""Claim II: the per-neuron action reduces to the scalar action of q = w.w* (paper Eq. 13).

Source: Rubin et al. ICLR 2024, Eq. 13 (= App. eq. 8), derived from eqs. 7-12 and App. A.2-A.4.

Expected output: {"equals_eq13": True, "steps_checked": 17, "all_checks_pass": True}.
"""


def main(dps=30):
    import sympy as sp
    from efftheory.theories import _rubin_cubic_symbolic as sym
    S = sym.SYMBOLS
    q, sw, b, c = S.q, S.sigma_w2, S.b, S.c
    D = 1 + 2 * (sw + q**2)
    eq13 = q**2 / (2 * sw) - 2 * S.u / sp.pi * q**2 / D * (b - 2 * c * q**2 / D)**2   # as printed, u = n^2 sa/(s^4 d N)
    der = sym.derivation()
    results = der.check()
    return {"equals_eq13": sp.simplify(der["scalar action (Eq. 13)"].result.rhs - eq13) == 0,
            "steps_checked": len(results), "all_checks_pass": all(r.passed for r in results)}


if __name__ == "__main__":
    print(main())
