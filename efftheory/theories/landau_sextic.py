r"""The reference problem: the Landau sextic :math:`f(m) = a m^2 - m^4 + m^6`.

A first-order transition in its simplest form.  For :math:`a > 1/3` only
:math:`m = 0` is a minimum; at :math:`a = 1/3` (spinodal) wells appear at
:math:`m^2 = 1/3`; at :math:`a = 1/4` they become degenerate with :math:`m = 0`
(first-order point, :math:`m^2 = 1/2`); at :math:`a = 0` the minimum at the
origin becomes unstable (spinodal).  Every number is derived here, and the
closed forms are used only as tests.
"""
from __future__ import annotations

import sympy as sp

from ..claims import Claim
from ..numeric import PhaseProblem, branch_exponent, newton_polygon_exponent
from ..symbolic import Contribution, Derivation, Domain, Identity, Parameter, Role, Step, Theory
from .base import Model, Quantity

__all__ = ["MODEL", "build_theory", "derivation"]

PARAMETERS = (
    Parameter("a", Role.CONTROL, Domain.real(), None, "a", "control parameter (coefficient of m^2)"),
    Parameter("m", Role.ORDER, Domain.real(), None, "m", "order parameter"),
)
a, m = (p.symbol for p in PARAMETERS)


def build_theory(params=None) -> Theory:
    """The sextic as a :class:`Theory` with three named contributions."""
    return Theory("landau-sextic", "Landau sextic f(m) = a m^2 - m^4 + m^6", PARAMETERS,
                  (Contribution("quadratic", a * m**2), Contribution("quartic", -m**4),
                   Contribution("sextic", m**6)), action_name="f", reference="reference problem")


def _problem() -> PhaseProblem:
    return PhaseProblem(build_theory().action, m, a, symmetric_point=sp.Integer(0), order_window=(0.0, 2.0),
                        control_window=(-0.5, 0.6), names=("disordered", "ordered"))


def derivation(params=None) -> Derivation:
    """From f(m) to the spinodals and the first-order point, each step checked."""
    f = build_theory().action
    fp, fpp = sp.diff(f, m), sp.diff(f, m, 2)
    x = sp.Symbol("x", positive=True)                       # x = m^2 on the non-trivial branch
    branch = sp.expand(sp.cancel(fp / (2 * m))).subs(m**2, x).subs(m, sp.sqrt(x))
    curv = sp.expand(fpp).subs(m, sp.sqrt(x))
    spin = sp.solve([branch, curv], [a, x], dict=True)
    level = sp.expand(f / m**2).subs(m, sp.sqrt(x))
    first = sp.solve([branch, level], [a, x], dict=True)
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
             sp.Eq(sp.Symbol("gamma"), newton_polygon_exponent(sp.cancel(fp / m), m, a, sp.sqrt(spin[0][x]),
                                                               spin[0][a])),
             check=Identity(newton_polygon_exponent(sp.cancel(fp / m), m, a, sp.sqrt(spin[0][x]), spin[0][a]),
                            sp.Rational(1, 2))),
    )
    return Derivation("Landau sextic: spinodals and first-order point", steps, build_theory().symbol_names)


def _special_points(params, dps):
    return _problem().locate({}, dps=dps)


def _minima(params, dps):
    """Global minimum at a given a (float64 classification, polished at dps)."""
    import mpmath
    from ..numeric import System
    label, m0, _, _ = _problem().global_minimum(float(params["a"]), {})
    if label == "disordered":
        return {"phase": label, "m": mpmath.mpf(0), "f": mpmath.mpf(0)}
    system = System((sp.cancel(sp.diff(build_theory().action, m) / m),), (m,), (a,), "minimum")
    (mm,) = system.polish([m0], {a: params["a"]}, dps=dps)
    kern = build_theory().action
    with mpmath.workdps(dps):
        return {"phase": label, "m": mm, "f": sp.lambdify((m, a), kern, "mpmath")(mm, mpmath.mpf(params["a"].p) / params["a"].q)}


def _spinodal_exponent(params, dps):
    """Exponent of |m - m_s| ~ |a - a_s|^gamma on the metastable branch, recognised from the
    log-derivative of the continued branch (the symbolic value 1/2 is in the derivation)."""
    import mpmath
    from ..numeric import System
    system = System((sp.cancel(sp.diff(build_theory().action, m) / m),), (m,), (a,), "branch")
    with mpmath.workdps(dps):
        a_s, m_s = mpmath.mpf(1) / 3, 1 / mpmath.sqrt(3)
    branch = lambda c, w: system.polish([0.6], {a: c}, dps=w)[0]  # noqa: E731
    return branch_exponent(branch, m0=m_s, c0=a_s, dps=dps, sign=-1)


def _claims():
    def point(kind, index, key):
        def compute(dps):
            res = MODEL.solve(dps=dps)
            pts = [p for p in res.points if p.kind == kind]
            return {"value": pts[index].values[key], **{k: v for k, v in pts[index].values.items()}}
        return compute
    ref = "exact closed form (derivation record)"
    return (
        Claim("landau-sextic/first-order", "landau-sextic", "reference problem", "f = a m^2 - m^4 + m^6",
              "the first-order point is a = 1/4 with m^2 = 1/2", point("first_order", 0, "a"), sp.Rational(1, 4),
              sp.Rational(1, 10**15), source=ref),
        Claim("landau-sextic/spinodal-wells", "landau-sextic", "reference problem", "f' = f'' = 0",
              "the ordered wells appear at the spinodal a = 1/3", point("spinodal", 1, "a"), sp.Rational(1, 3),
              sp.Rational(1, 10**15), source=ref),
        Claim("landau-sextic/spinodal-origin", "landau-sextic", "reference problem", "f''(0) = 0",
              "the origin becomes unstable at a = 0", lambda dps: {"value": point("spinodal", 0, "a")(dps)["value"],
                                                                   "holds": point("spinodal", 0, "a")(dps)["value"] == 0},
              None, source=ref),
    )


MODEL = Model(
    name="landau-sextic",
    paper="reference problem f(m) = a m^2 - m^4 + m^6",
    description="the simplest first-order transition: spinodals a = 0, 1/3 and first-order point a = 1/4",
    parameters=PARAMETERS[:1],
    theory=build_theory,
    derivation=derivation,
    special_points=_special_points,
    point_kinds=("spinodal", "first_order"),
    quantities=(
        Quantity("phase", "the phase (global minimum at m = 0 or not), m >= 0 and f(m) at a given a", _minima,
                 requires=("a",)),
        Quantity("spinodal_exponent", "exponent of |m - m_s| ~ |a - a_s|^gamma on the metastable branch (1/2)",
                 _spinodal_exponent),
    ),
    claims=_claims,
    phase_quantity="phase",
)
