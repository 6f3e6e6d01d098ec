"""Claim: on the metastable branch of the Landau sextic, m - m_s ~ (a_s - a)^(1/2) at the
spinodal a_s = 1/3 (a fold: square-root law).

Source: reference problem; the exponent follows from the Newton polygon of f'(m)/m at
(m_s, a_s) (symbolic) and from the log-derivative of the numerically continued branch.

Expected output: {'symbolic': '1/2', 'numeric': '0.5000...', 'recognised': '1/2'}
"""
import sympy as sp


def main(dps: int = 30) -> dict:
    from efftheory import theory
    from efftheory.numeric import newton_polygon_exponent
    from efftheory.results import format_value
    a, m = sp.symbols("a m")
    f = a * m**2 - m**4 + m**6
    sym = newton_polygon_exponent(sp.cancel(sp.diff(f, m) / m), m, a, 1 / sp.sqrt(3), sp.Rational(1, 3))
    res = theory("landau-sextic").evaluate("spinodal_exponent", dps=min(dps, 15))
    num = res.values["exponent"]
    return {"symbolic": str(sym), "numeric": format_value(num, res.digits),
            "recognised": str(sp.nsimplify(round(float(num), 8), rational=True))}


if __name__ == "__main__":
    print(main())
