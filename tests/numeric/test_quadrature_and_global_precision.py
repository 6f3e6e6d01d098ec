import mpmath
import sympy as sp

import efftheory
from efftheory.numeric import boltzmann_average, gauss_hermite, hermite_projection_quad


def test_gauss_hermite_is_exact_for_polynomials():
    xs, ws = gauss_hermite(12, 50)
    with mpmath.workdps(50):
        for k in range(0, 23, 2):
            moment = mpmath.fsum(w * x**k for x, w in zip(xs, ws))
            assert abs(moment - mpmath.fac2(k - 1)) < mpmath.mpf(10) ** -45 * mpmath.fac2(k - 1)


def test_boltzmann_average_of_a_gaussian_well():
    # S = m q^2 / 2: <q^2> = 1/(d m) exactly
    with mpmath.workdps(40):
        mval, d = mpmath.mpf(3) / 2, 150
        (avg,) = boltzmann_average([lambda q: q * q], lambda q: mval * q * q / 2, d, window=(-4, 4), dps=35,
                                   split=[0])
        assert abs(avg - 1 / (d * mval)) < mpmath.mpf(10) ** -33


def test_no_public_call_changes_mpmath_global_precision():
    before = (mpmath.mp.prec, mpmath.mp.dps)
    efftheory.theory("landau-sextic").solve(dps=80)
    efftheory.theory("landau-sextic").evaluate("phase", {"a": "1/5"}, dps=50)
    hermite_projection_quad(mpmath.erf, 3, q=mpmath.mpf("0.1"), s2=mpmath.mpf("0.5"), dps=40)
    gauss_hermite(7, 90)
    efftheory.theory("landau-sextic").derivation({}).check()
    sp.N(sp.pi, 100)
    assert (mpmath.mp.prec, mpmath.mp.dps) == before
