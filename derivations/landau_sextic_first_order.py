"""Claim: the Landau sextic f(m) = a m^2 - m^4 + m^6 has its first-order point at
a = 1/4 with m^2 = 1/2, and spinodals at a = 1/3 (m^2 = 1/3) and a = 0 (m = 0).

Source: reference problem (textbook Landau theory of first-order transitions);
the exact values follow from f'(m) = 0 and f(m) = f(0) (derivation record).

Expected output: {'first_order_a': '0.25000...', 'first_order_m': '0.70710678...',
'spinodal_a': ['0', '0.33333...'], 'digits': dps, 'exact_agreement': True}
"""
import mpmath


def main(dps: int = 30) -> dict:
    from efftheory import theory
    from efftheory.numeric import agreeing_digits
    from efftheory.results import format_value
    res = theory("landau-sextic").solve(dps=dps)
    fo = res["first_order"]
    spins = sorted((p for p in res.points if p.kind == "spinodal"), key=lambda p: float(p.values["a"]))
    with mpmath.workdps(dps + 10):
        exact = [(fo.values["a"], mpmath.mpf(1) / 4), (fo.values["m"], 1 / mpmath.sqrt(2)),
                 (spins[1].values["a"], mpmath.mpf(1) / 3)]
        ok = all(agreeing_digits(v, e, cap=dps) >= dps for v, e in exact) and spins[0].values["a"] == 0
    return {"first_order_a": format_value(fo.values["a"], fo.digits),
            "first_order_m": format_value(fo.values["m"], fo.digits),
            "spinodal_a": [format_value(p.values["a"], p.digits) for p in spins],
            "digits": fo.digits, "exact_agreement": ok}


if __name__ == "__main__":
    print(main())
