r"""The Landau sextic :math:`f(m) = a m^2 - m^4 + m^6`, symbolically.

A first-order transition in its simplest form.  For :math:`a > 1/3` only
:math:`m = 0` is a minimum; at :math:`a = 1/3` (spinodal) wells appear at
:math:`m^2 = 1/3`; at :math:`a = 1/4` they become degenerate with :math:`m = 0`
(first-order point, :math:`m^2 = 1/2`); at :math:`a = 0` the minimum at the
origin becomes unstable (spinodal).  Every number is derived here, and the
closed forms are used only as tests.
"""
from __future__ import annotations

import sympy as sp

from ...symbolic import (Contribution, Derivation, Domain, Identity, Parameter, Role, Step, Theory,
                         newton_polygon_exponent)

__all__ = ["PARAMETERS", "a", "m", "build_theory", "derivation"]

PARAMETERS = (
    Parameter("a", Role.CONTROL, Domain.real(), None, "a", "control parameter (coefficient of m^2)"),
    Parameter("m", Role.ORDER, Domain.real(), None, "m", "order parameter"),
)
a, m = (p.symbol for p in PARAMETERS)


def build_theory(params=None) -> Theory:
    """The sextic as a :class:`Theory` with three named contributions.

    Examples
    --------
    >>> build_theory().action
    a*m**2 + m**6 - m**4
    """
    return Theory("landau-sextic", "Landau sextic f(m) = a m^2 - m^4 + m^6", PARAMETERS,
                  (Contribution("quadratic", a * m**2), Contribution("quartic", -m**4),
                   Contribution("sextic", m**6)), action_name="f", reference="reference problem")


def derivation(params=None) -> Derivation:
    """From f(m) to the spinodals and the first-order point, each step checked."""
    theory = build_theory()
    f = theory.action
    fp, fpp = theory.stationarity[0].lhs, theory.hessian[0, 0]
    x = sp.Symbol("x", positive=True)                       # x = m^2 on the non-trivial branch
    branch = sp.expand(sp.cancel(fp / (2 * m))).subs(m**2, x).subs(m, sp.sqrt(x))
    curv = sp.expand(fpp).subs(m, sp.sqrt(x))
    spin = sp.solve([branch, curv], [a, x], dict=True)
    level = sp.expand(f / m**2).subs(m, sp.sqrt(x))
    first = sp.solve([branch, level], [a, x], dict=True)
    gamma = newton_polygon_exponent(sp.cancel(fp / m), m, a, sp.sqrt(spin[0][x]), spin[0][a])
    steps = (
        Step("definition", "the sextic Landau free energy", sp.Eq(sp.Symbol("f"), f), "reference problem"),
        Step("stationarity", "differentiate in m", sp.Eq(sp.Derivative(sp.Symbol("f"), m), fp),
             check=Identity(fp, 2 * m * (a - 2 * m**2 + 3 * m**4))),
        Step("non-trivial branch", "divide f' by 2m and write x = m^2", sp.Eq(branch, 0),
             check=Identity(branch.subs(x, m**2), sp.cancel(fp / (2 * m)))),
        Step("spinodal of the ordered wells", "f' = f'' = 0 on the branch; solved exactly",
             sp.Eq(sp.Tuple(a, x), sp.Tuple(spin[0][a], spin[0][x])),
             check=Identity(sp.Matrix([branch, curv]).subs(spin[0]), sp.zeros(2, 1))),
        Step("spinodal of the origin", "f''(0) = 2a vanishes", sp.Eq(fpp.subs(m, 0), 0),
             check=Identity(fpp.subs(m, 0), 2 * a)),
        Step("first-order point", "f'(m) = 0 and f(m) = f(0) with m != 0; solved exactly",
             sp.Eq(sp.Tuple(a, x), sp.Tuple(first[0][a], first[0][x])),
             check=Identity(sp.Matrix([branch, level]).subs(first[0]), sp.zeros(2, 1))),
        Step("metastable branch exponent", "Newton polygon of f'/m at the spinodal",
             sp.Eq(sp.Symbol("gamma"), gamma), check=Identity(gamma, sp.Rational(1, 2))),
    )
    return Derivation("Landau sextic: spinodals and first-order point", steps, theory.symbol_names)
