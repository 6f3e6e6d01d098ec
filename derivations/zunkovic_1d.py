"""Worked example: ``zunkovic-1d``, the 1-D exponential model of grokking (Žunkovič & Ilievski 2024, Sec. 3.2).

Claim: the test error vanishes linearly, E ~ (t_eps - t)^nu with nu = 1 (Eq. 9); for N = 2 the
grokking probability is P = 1 - (1 + 2 eps_lambda) exp(-4 eps_lambda) (Eq. 15); the printed
generalisation time of Eq. 8 lacks the factor 1/(1 + lambda2).

Source: Žunkovič & Ilievski, JMLR 25(199) 2024, Eqs. 4-15; the derivation record derives each
step from the loss of Eq. 4 and the registered claims recompute them.

Expected: every derivation step checked; ``exponent`` and ``eq15`` reproduced, ``eq8-printed``
differing from the paper as documented; the grokking probability at N = 2, eps_lambda = 1/10
printed (0.195615944757233...).
"""
import sympy as sp

from efftheory.report.worked import worked_example
from efftheory.theories.zunkovic.one_d_numeric import grokking_probability


def main(dps: int = 20) -> dict:
    result = worked_example("zunkovic-1d", ["zunkovic-1d/exponent", "zunkovic-1d/eq15", "zunkovic-1d/eq8-printed"],
                            dps=dps)
    print("P(E=0) at N = 2, eps_lambda = 1/10:", grokking_probability(2, sp.Rational(1, 10), dps))
    return result


if __name__ == "__main__":
    print(main())
