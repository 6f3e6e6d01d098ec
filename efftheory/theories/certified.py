"""Certified answers: ``solve --certify`` and ``eval --certify`` (CLI.md).

Each reported value also gets a rigorous enclosure, an Arb ball (:mod:`efftheory.numeric.arb`):

* a **special point** is re-polished at ``dps + 10`` digits from its verified value and the
  box around it is proved, by the Krawczyk test of its augmented system
  (:func:`~efftheory.numeric.certify.certify_root`), to hold exactly one root; the unknowns of
  the system get the Krawczyk balls, every other reported value (u, kappa, the fixed fields) is
  a SymPy expression of the unknowns and the exact parameters, evaluated on those balls;
* a **quantity** is certified when it is exact (rationals: radius 0), a closed-form expression
  (evaluated in ball arithmetic at the exact parameters) or the root of a derived equation
  (Krawczyk) with closed-form values around it.  Monte-Carlo estimates, quadratures and series
  have no rigorous bound here: asking for them is an error (exit 3) naming the value.

Every enclosure is checked to contain the verified value it accompanies (rounded at its
verified digits); a mismatch is an error, never a silent answer.

The theories certified so far are listed in :data:`SOLVE` and :data:`EVAL`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import sympy as sp

from ..errors import ComputationError

__all__ = ["SOLVE", "EVAL", "certify_solve", "certify_eval", "check_certifiable"]


@dataclass(frozen=True)
class PhaseCertifier:
    """How to certify the special points of one theory.

    ``setup(params)`` returns ``(problem, values, derived, systems)``: the
    :class:`~efftheory.numeric.PhaseProblem` whose systems found the points, the exact values of
    its parameters (Symbol -> Rational), the other reported values as expressions of the
    unknowns and parameters (name -> Expr), and systems for kinds the problem does not build
    (kind -> :class:`~efftheory.numeric.System`)."""

    setup: Callable


# ---------------------------------------------------------------------------------------------- theories
def _landau(params):
    from .landau import sextic_numeric as num
    return num.problem(), {}, {}, {}


def _rubin_cubic(params):
    from .rubin import cubic_numeric as num
    from .rubin import cubic_symbolic as sym
    S = sym.SYMBOLS
    u, kappa = sym.invariants_of(S.n, S.d, S.N, S.sigma_a2, S.sigma2)
    return (num.phase_problem(params), num.micro_values(params),         # Eq. 13's, or (q, t)'s for perp = saddle
            {"u": u, "kappa": kappa, "c": S.eps}, {})


def _two_layer(params):
    from ..models import two_layer_numeric as num
    from ..models import two_layer_symbolic as sym
    from ..numeric import System
    S, key = sym.S, num._key(params)
    spec = num.model_of(params)
    u, kappa = sym.invariants_of(S.n, S.d, S.N, S.sigma_a2, S.sigma2)
    derived = {"u": u, "kappa": kappa, **{f"b{k}": spec.target(k) for k in spec.modes if k != 1}}
    systems = {}
    if num._large_q(key) is not None:
        systems["unbounded"] = System((num._large_q(key), num.micro_subs(sym.gfl_equation(spec))),
                                      (S.sigma2, S.b(1)), num.MICRO, "onset of unboundedness")
    return num.problem(key), num._values(params), derived, systems


#: theory name -> how its special points are certified
SOLVE = {"landau-sextic": PhaseCertifier(_landau), "rubin-cubic": PhaseCertifier(_rubin_cubic),
         "two-layer": PhaseCertifier(_two_layer)}


def _root_and_values(equation, unknown, exact: Mapping, start, derived: Mapping, dps: int) -> dict:
    """The root of one derived equation near ``start`` (Krawczyk) and closed-form values of it."""
    from ..numeric import System
    from ..numeric.arb import enclose
    from ..numeric.certify import certify_root
    params = tuple(sorted(equation.free_symbols - {unknown}, key=str))
    system = System((equation,), (unknown,), params, f"{unknown} = root of {equation}")
    w = dps + 10
    x = system.polish([start], exact, dps=w)
    (ball,) = certify_root(system, x, exact, dps=w)
    env = {**exact, unknown: ball}     # exact values become balls at the working precision
    names = list(derived)
    return {str(unknown): ball, **dict(zip(names, enclose([derived[k] for k in names], env, dps=w)))}


def _eval_rubin_gfl(params, result, dps):
    """GFL of rubin-cubic: b the root of the derived GFL equation (c = eps); u, kappa exact; the
    curvature m = S''(0) from the theory's Hessian at q = 0; d <q^2> = 1/m."""
    from .rubin import cubic_numeric as num
    from .rubin import cubic_symbolic as sym
    S = sym.SYMBOLS
    u, kappa = sym.invariants_of(*(params[k] for k in ("n", "d", "N", "sigma_a2", "sigma2")))
    exact = {S.u: u, S.kappa: kappa, S.sigma_w2: params["sigma_w2"], S.c: params["eps"]}
    m = sym.build_theory({"q11": num.variant(params)}).hessian[0, 0].subs(S.q, 0)
    derived = {"u": S.u, "kappa": S.kappa, "c": S.c, "m": m, "d_q2": 1 / m}
    return _root_and_values(sym.gfl_equation(num.variant(params)), S.b, exact, result.values["b"], derived, dps)


def _eval_two_layer_gfl(params, result, dps):
    """GFL of two-layer: b1 the root of the derived GFL equation; the curvature at q = 0; u, kappa."""
    from ..models import two_layer_numeric as num
    from ..models import two_layer_symbolic as sym
    S = sym.S
    exact = {S.sigma2: params["sigma2"], **num._values(params)}
    u, kappa = sym.invariants_of(S.n, S.d, S.N, S.sigma_a2, S.sigma2)
    derived = {"m": num.micro_subs(sym.curvature_at_zero(num.model_of(params))), "u": u, "kappa": kappa}
    equation = num.problem(num._key(params)).field_equations[0]
    return _root_and_values(equation, S.b(1), exact, result.values["b1"], derived, dps)


def _eval_large_d_threshold(params, result, dps):
    """eps* of zunkovic-ball: the positive root of its defining equation 2 N eps^2 (eps^2 - 1) = 1,
    solved by SymPy in radicals and enclosed in ball arithmetic (not the printed closed form)."""
    from ..numeric.arb import enclose
    e = sp.Symbol("eps", positive=True)
    roots = [r for r in sp.solve(2 * sp.Integer(params["N"]) * e**2 * (e**2 - 1) - 1, e) if r.is_positive]
    if len(roots) != 1:
        raise ComputationError(f"zunkovic-ball large_d_threshold: {len(roots)} positive roots; cannot certify")
    return {"large_d_threshold": enclose(roots, {}, dps=dps + 10)[0]}


#: (theory, quantity) -> ``certify(params, result, dps)`` returning name -> ball
EVAL = {("rubin-cubic", "gfl"): _eval_rubin_gfl, ("two-layer", "gfl"): _eval_two_layer_gfl,
        ("zunkovic-ball", "large_d_threshold"): _eval_large_d_threshold}


# ---------------------------------------------------------------------------------------------- entry points
def check_certifiable(model, quantity: str | None = None) -> None:
    """Raise :class:`ComputationError` (exit 3) before any work when no certificate is available."""
    if quantity is None:
        if model.name not in SOLVE:
            raise ComputationError(f"solve {model.name} --certify: no certificate for this theory's special points "
                                   f"(certified: {', '.join(SOLVE)})")
        return
    q = model.quantity(quantity)
    if (model.name, quantity) in EVAL or q.exact is not None:
        return
    why = ("it is a Monte Carlo estimate (a standard error, not a bound)" if q.randomized else
           "it is computed numerically (root finding, quadrature, series or a decision) without a rigorous bound")
    listed = ", ".join(f"{t} {n}" for t, n in EVAL)
    raise ComputationError(f"eval {model.name} {quantity} --certify: '{quantity}' cannot be certified: {why}; "
                           f"certified: exact quantities and {listed}")


def certify_solve(model, result) -> list[dict]:
    """One dict name -> ball per point of ``result`` (a verified :class:`~efftheory.results.SolveResult`)."""
    from ..numeric.arb import bits, enclose, flint_module, to_ball
    from ..numeric.certify import certify_root
    check_certifiable(model)
    problem, values, derived, systems = SOLVE[model.name].setup(result.parameters)
    # one order parameter (PhaseProblem) or several (MultiPhaseProblem: no symmetric spinodal among its points here)
    order = str(problem.order) if hasattr(problem, "order") else None
    w = max(result.dps, 20) + 10
    out = []
    for p in result.points:
        kind = p.kind
        symmetric = (order is not None and problem.symmetric_point is not None and order in p.values
                     and abs(float(p.values[order]) - float(problem.symmetric_point)) < 1e-12)
        if kind in systems:
            system = systems[kind]
        elif kind in ("spinodal", "first_order"):
            system = problem._system("symmetric_spinodal" if kind == "spinodal" and symmetric else kind)
        else:
            raise ComputationError(f"solve {model.name} --certify: no system for points of kind '{kind}'")
        x0 = [p.values[str(u)] for u in system.unknowns]
        x = system.polish(x0, values, dps=w)
        balls = dict(zip(map(str, system.unknowns), certify_root(system, x, values, dps=w)))
        env = {**values, **{u: balls[str(u)] for u in system.unknowns}}
        if order not in balls and symmetric:
            with flint_module().ctx.workprec(bits(w)):
                balls[order] = to_ball(problem.symmetric_point)
        if order is not None and problem.even and order in balls and balls[order] < 0:     # q reported as |q|
            balls[order] = -balls[order]
        missing = [k for k in p.values if k not in balls and k not in derived]
        if missing:
            raise ComputationError(f"solve {model.name} --certify: value '{missing[0]}' of the {kind} point "
                                   f"cannot be certified (no expression for it)")
        names = [k for k in p.values if k not in balls]
        balls.update(zip(names, enclose([derived[k] for k in names], env, dps=w)))
        out.append(_checked({k: balls[k] for k in p.values}, p.values, p.digits, f"{kind} point"))
    return out


def certify_eval(model, quantity: str, result) -> dict:
    """Name -> ball for every value of ``result`` (a verified :class:`~efftheory.results.EvalResult`)."""
    from ..numeric.arb import bits, flint_module, to_ball
    check_certifiable(model, quantity)
    if (model.name, quantity) in EVAL:
        balls = EVAL[model.name, quantity](result.parameters, result, result.dps)
    else:
        balls = {}
    for k, v in result.values.items():
        if k not in balls:
            if k not in result.exact or result.trials is not None:
                why = (f"it is a Monte Carlo estimate ({result.trials} trials: a standard error, not a bound)"
                       if result.trials is not None else "no closed form or certified root gives it")
                raise ComputationError(f"eval {model.name} {quantity} --certify: value '{k}' cannot be certified: "
                                       f"{why}")
            with flint_module().ctx.workprec(bits(result.dps + 10)):
                balls[k] = to_ball(result.exact[k])      # exact: an integer, or a rational to the ball precision
    return _checked({k: balls[k] for k in result.values}, result.values, result.digits, quantity)


def _checked(balls: dict, values: Mapping, digits: int, what: str) -> dict:
    """The balls, each checked to contain its verified value up to that value's rounding."""
    from ..numeric.arb import flint_module, to_ball
    flint = flint_module()
    for k, b in balls.items():
        v = values[k]
        if isinstance(v, str):
            continue
        with flint.ctx.workprec(int(digits * 3.33) + 128):
            vb = to_ball(v)
            slack = abs(vb) * flint.arb(10) ** (1 - digits) + flint.arb(10) ** (-digits - 5)
            if not (b - vb).overlaps(flint.arb(0, slack.upper())):
                raise ComputationError(f"{what}: the enclosure of '{k}' does not contain its verified value "
                                       f"(a bug: please report it)")
    return balls
