r"""Numbers of ``rubin-cubic`` (model A) from the derived equations of :mod:`.cubic_symbolic`.

The ``d -> oo`` phase structure along ``sigma2``: the GFL fixed point ``b(u, kappa)``
(``c = eps``), the spinodal (side wells appear) and the first-order point (side wells
degenerate with ``q = 0``, Claim IV; note §4.6-4.7), the square-root law at the spinodal,
and the NNGP learnability of the cubic mode (§3.1.1).  The mixed phase, finite ``d`` and the
``u_c(kappa)`` diagram are in :mod:`.cubic_mixed`, :mod:`.cubic_finite_d` and
:mod:`.cubic_phase_diagram`.

Options: ``q11='corrected'`` (default, numerator ``4q^2``) or ``'paper'`` (the printed
``2q^2`` of App. A.3, note §7 item 2).  App. eq. 12 is always used with the prefactor
``sigma^2/n`` (note §7 item 1; without it ``b ~ n/sigma^2`` is not O(1)).

References
----------
N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024, arXiv:2310.03789: eqs. 1, 2, 7-13, Claims I-IV,
Fig. 2, Table 1, App. A.1-A.4, App. C.
"""
from __future__ import annotations

from functools import lru_cache

import mpmath
import sympy as sp

from ...errors import ConvergenceError, PrecisionError
from ...numeric.persist import persistent
from ...numeric import (MultiPhaseProblem, PhaseProblem, System, bracketed_root, branch_exponent, compile_function,
                        to_mpf)
from ...symbolic import gaussian_mean
from . import cubic_symbolic as sym
from .cubic_saddle import relaxed_action

__all__ = ["MICRO", "gfl_b", "action_functions", "phase_problem", "special_points", "first_order", "special_point",
           "side_of", "gfl_state", "spinodal_exponent", "nngp"]

S = sym.SYMBOLS
#: the microscopic parameters (besides the control sigma2), in the order the solvers take them
MICRO = (S.sigma_w2, S.eps, S.n, S.d, S.N, S.sigma_a2)


# ---------------------------------------------------------------------------------------------- helpers
def micro_subs(expr):
    """Replace the invariants u, kappa by their definitions in (n, d, N, sigma_a2, sigma2)."""
    u, kappa = sym.invariants_of(S.n, S.d, S.N, S.sigma_a2, S.sigma2)
    return expr.subs({S.u: u, S.kappa: kappa})


def variant(params) -> str:
    """The Q11 variant (``corrected`` or ``paper``)."""
    return params.get("q11") or "corrected"


def micro_values(params) -> dict:
    """Exact values of the microscopic parameters, keyed by symbol."""
    return {s: params[s.name] for s in MICRO}


def invariants(params, dps):
    """``(u, kappa)`` at ``sigma2`` as mpf at ``dps`` digits."""
    u, kappa = sym.invariants_of(params["n"], params["d"], params["N"], params["sigma_a2"], params["sigma2"])
    return to_mpf(u, dps), to_mpf(kappa, dps)


def cache_key(params):
    """The parameters that fix the phase structure along sigma2 (hashable)."""
    return tuple(sorted((k, v) for k, v in params.items() if v is not None and k not in ("sigma2", "beta", "kappa")))


@lru_cache(maxsize=None)
def action_functions():
    """``S_hat``, ``S_hat''`` (the theory's Hessian) and ``S_hat'/q`` (its stationarity) as mpmath
    callables of ``(q, u, b, c, sigma_w2)``, and ``S_hat`` vectorised in float64."""
    theory = sym.build_theory()
    args = (S.q, S.u, S.b, S.c, S.sigma_w2)
    return (compile_function(theory.action, args), compile_function(theory.hessian[0, 0], args),
            compile_function(sp.cancel(theory.stationarity[0].lhs / S.q), args),
            compile_function(theory.action, args, "numpy"))


# ---------------------------------------------------------------------------------------------- GFL
def gfl_b(u, kappa, sigma_w2, dps, *, variant="corrected"):
    """GFL linear discrepancy ``b(u, kappa, sigma_w^2)`` (``d -> oo``, note §4.6) at ``dps`` digits.

    The derived equation ``G(b) = (b - 1) m(b) + b k11 kappa/(pi D0) = 0`` has exactly one root
    with ``m(b) > 0`` on ``(0, min(1, b_max))``; ``G(0) < 0 < G(b_hi)``, so the engine's
    bracketed solver finds it.

    References
    ----------
    Rubin et al. (ICLR 2024) App. eq. 12 (corrected); theory note §4.6.
    """
    G = compile_function(sym.gfl_equation(variant), (S.b, S.u, S.kappa, S.sigma_w2))
    with mpmath.workdps(dps + 5):
        u, kappa, sw = (to_mpf(v, dps + 5) for v in (u, kappa, sigma_w2))
        bmax = mpmath.sqrt(mpmath.pi * (1 + 2 * sw) / (4 * u * sw))
        hi = min(mpmath.mpf(1), bmax)
        b = bracketed_root(lambda x: G(x, u, kappa, sw), mpmath.mpf(0), hi, dps + 5, "GFL fixed point")
    with mpmath.workdps(dps):
        return +b


def gfl_state(params, dps):
    """GFL state at sigma2 (``d -> oo``): b, c = eps, u, kappa, curvature m and d <q^2> = 1/m."""
    u, kappa = invariants(params, dps)
    b = gfl_b(u, kappa, params["sigma_w2"], dps, variant=variant(params))
    with mpmath.workdps(dps):
        sw = to_mpf(params["sigma_w2"], dps)
        m = 1 / sw - 4 * u * b**2 / (mpmath.pi * (1 + 2 * sw))
        return {"b": b, "c": to_mpf(params["eps"], dps), "u": u, "kappa": kappa, "m": m, "d_q2": 1 / m}


# ---------------------------------------------------------------------------------------------- phase structure
@lru_cache(maxsize=None)
@persistent("rubin-cubic")          # the derivation of the action is most of a cold start (issue 13)
def problem(variant: str, window: tuple) -> PhaseProblem:
    """The phase problem along sigma2: the theory with ``c = eps`` and u, kappa written out, the GFL
    equation fixing ``b``."""
    u, kappa = sym.invariants_of(S.n, S.d, S.N, S.sigma_a2, S.sigma2)
    theory = sym.build_theory({"q11": variant}).subs({"c": S.eps, "u": u, "kappa": kappa})
    return PhaseProblem.from_theory(theory, order=S.q, control=S.sigma2, params=MICRO, fields=(S.b,),
                                    field_equations=(micro_subs(sym.gfl_equation(variant)),), field_guess=(0.5,),
                                    symmetric_point=sp.Integer(0), order_window=(0.0, 4.0), control_window=window,
                                    names=("GFL", "GMFL-I"), grid=(300, 3000))


@lru_cache(maxsize=None)
@persistent("rubin-cubic")
def relaxed_problem(variant: str, window: tuple) -> MultiPhaseProblem:
    """``perp = saddle``: the phase problem of ``(q, t)`` along sigma2 (``t = |w_perp|^2/sigma_w^2``,
    :func:`.cubic_saddle.relaxed_action`), symmetric point ``(0, 1)``, the same GFL equation for ``b``.
    The box holds ``q >= 0`` only (the action is even in ``q``; the mirror wells are the same state)."""
    u, _ = sym.invariants_of(S.n, S.d, S.N, S.sigma_a2, S.sigma2)
    action = relaxed_action().subs({S.c: S.eps, S.u: u})
    return MultiPhaseProblem(action, (S.q, S.t), S.sigma2, params=MICRO, fields=(S.b,),
                             field_equations=(micro_subs(sym.gfl_equation(variant)),), field_guess=(0.5,),
                             symmetric_point=(0, 1), box=((-0.2, 5.0), (0.002, 3.0)), control_window=window,
                             names=("GFL", "GMFL-I"), grid=(300, 41))


def phase_problem(params):
    """The phase problem of ``params``: Eq. 13's (``perp = concentrated``) or that of ``(q, t)``."""
    build = relaxed_problem if params.get("perp") == "saddle" else problem
    return build(variant(params), window(params))


def window(params) -> tuple:
    """A sigma2 window covering u in [1, 3000] (u ~ 1/sigma^4), where model A's transitions lie."""
    return _window(params["n"], params["sigma_a2"], params["d"], params["N"])


@lru_cache(maxsize=256)
def _window(n, sigma_a2, d, N) -> tuple:
    u0 = sp.Rational(n**2 * sigma_a2 / (d * N))
    return (float(sp.sqrt(u0 / 3000)), float(sp.sqrt(u0)))


@lru_cache(maxsize=64)
@persistent("rubin-cubic")          # the float64 scan, kept between processes
def _seeds(key):
    params = dict(key)
    prob, values = phase_problem(params), micro_values(params)
    # refined in float64 here, once, so that a cold process reading them from disk skips SciPy
    seeds = [(kind, tuple(prob._system(kind).seed(x0, values))) for kind, x0 in prob.seeds(values)]
    if not seeds:
        raise ConvergenceError(f"rubin-cubic: no spinodal or first-order point for sigma2 in {window(params)} "
                               f"(u in [1, 3000])")
    return tuple(seeds)


def special_points(params, dps):
    """Spinodal(s) and first-order point(s) along sigma2, with u, kappa, b, c, q (CLI.md).

    References
    ----------
    Rubin et al. (ICLR 2024) Claim IV, §3.1.1; theory note §4.7.
    """
    found = phase_problem(params).locate(micro_values(params), dps=dps, seeds=_seeds(cache_key(params)))
    out = []
    for kind, sol in found:
        sig2 = sol["sigma2"]
        with mpmath.workdps(dps):
            n, d, N, sa = (to_mpf(params[k], dps) for k in ("n", "d", "N", "sigma_a2"))
            u = n**2 * sa / (sig2**2 * d * N)
            kappa = n * sa / (d * sig2)
        with mpmath.workdps(dps):
            q = abs(sol["q"]) if not isinstance(sol["q"], sp.Basic) else mpmath.mpf(0)
        t = {"t": sol["t"]} if "t" in sol else {}          # perp = saddle: |w_perp|^2 / sigma_w^2 in the well
        out.append((kind, {"sigma2": sig2, "u": u, "kappa": kappa, "b": sol["b"], "c": to_mpf(params["eps"], dps),
                           "q": q, **t}))
    return out


def first_order(params, dps):
    """The (first) first-order point along sigma2 at ``dps`` digits (cached; used to seed and classify)."""
    return special_point(params, "first_order", dps)


def special_point(params, kind, dps):
    """The first special point of ``kind`` (``first_order`` or ``spinodal``) at ``dps`` digits, cached
    per (parameters, precision)."""
    return _special_cached(cache_key(params), kind, dps)


@lru_cache(maxsize=256)
def _special_cached(key, kind, dps):
    for k, vals in special_points(dict(key), dps):
        if k == kind:
            return vals
    raise ConvergenceError(f"rubin-cubic: no {kind.replace('_', '-')} point found along sigma2")


#: a special point solved at ``w`` digits is trusted to ``w - DECISION_MARGIN`` digits (Newton at ``w``
#: digits meets the point to within ~10**-(w - 3), checked against 400-digit solves)
DECISION_MARGIN = 8


def side_of(params, kind, dps, *, escalations=3) -> int:
    """Which side of the special point ``kind`` the exact ``sigma2`` lies on: ``+1`` above, ``-1`` below.

    Decided against the point solved at the working precision ``dps``.  Only when ``sigma2`` lies
    within that precision's own error of the point (``10**-(dps - DECISION_MARGIN)`` relative) is
    the point solved again at 2, 4, 8 times ``dps`` -- never below the working precision, so a
    decision is never less precise than the digits printed.  A ``sigma2`` closer than the last of
    these can't be placed: :class:`PrecisionError` (``sigma2`` is an exact rational, the point
    irrational).
    """
    s2 = sp.Rational(params["sigma2"])
    w = dps
    for _ in range(escalations + 1):
        at = special_point(params, kind, w)["sigma2"]
        with mpmath.workdps(w + 10):
            gap = to_mpf(s2, w + 10) - at
            if abs(gap) > mpmath.mpf(10) ** (DECISION_MARGIN - w) * abs(at):
                return 1 if gap > 0 else -1
        w *= 2
    raise PrecisionError(f"rubin-cubic: sigma2 = {s2} lies within 10^-{w // 2 - DECISION_MARGIN} of the "
                         f"{kind.replace('_', '-')} point sigma2 = {mpmath.nstr(at, 20)}: cannot tell which side "
                         f"at {w // 2} digits")


def spinodal_exponent(params, dps):
    """Exponent of ``|q*(sigma2) - q_sp| ~ |sigma2 - sigma2_sp|**gamma`` where the side wells appear.

    The side well is followed on the side of the spinodal where it exists (smaller sigma2, larger u);
    at each step every stationary point of ``S_hat`` (with the GFL ``b`` solved at full precision) is
    found and the side minimum is taken.  A fold gives ``gamma = 1/2``.
    """
    spin = next(v for k, v in special_points(params, dps) if k == "spinodal")
    prob = problem(variant(params), window(params))
    values = micro_values(params)
    branch_system = System((sp.cancel(prob.derivatives[0] / S.q), *prob.field_equations), (S.q, S.b),
                           (S.sigma2, *MICRO), "side-well branch")
    last: list = []

    def side_minimum(c, w):
        """The side minimum at sigma2 = c: found among all stationary points at the first (largest)
        distance, then followed by Newton from the previous point scaled by the square-root law."""
        if not last:
            pts = prob.stationary_points(c, values, dps=w)
            minima = [p for p in pts if p["kind"] == "minimum" and p["m"] > 0]
            if not minima:
                raise ConvergenceError(f"rubin-cubic: no side well at sigma2 = {mpmath.nstr(c, 12)}")
            start = [minima[0]["m"], spin["b"]]
        else:
            q_prev, b_prev = last[-1]
            start = [spin["q"] + (q_prev - spin["q"]) / 2, b_prev]
        q, b = branch_system.polish(start, {S.sigma2: c, **values}, dps=w)
        last.append((q, b))
        return q
    return branch_exponent(side_minimum, m0=spin["q"], c0=spin["sigma2"], dps=dps, sign=-1, h0="1e-4", levels=7)


# ---------------------------------------------------------------------------------------------- NNGP
def nngp(params, dps):
    """NNGP (u = 0) learnability of the cubic mode (§3.1.1): eigenvalue, samples needed, harmonic count.

    At ``u = 0`` the prior gives ``q ~ N(0, sigma_w^2/d)`` and the exact Gaussian moments of the
    Taylor series of ``w22`` give the H3 eigenvalue ``lambda_3 = sigma_a^2 <w22>`` to leading
    order in 1/d; the mode is half learned when ``n lambda_3 / sigma^2 = 1``.
    """
    lam3 = _nngp_lambda3_expr()
    vals = {S.sigma_a2: params["sigma_a2"], S.sigma_w2: params["sigma_w2"], S.d: params["d"]}
    d = params["d"]
    with mpmath.workdps(dps):
        lam = to_mpf(lam3.subs(vals), dps)
        n_half = to_mpf(params["sigma2"], dps) / lam
        count = to_mpf(sp.binomial(d + 2, 3) - d, dps) if sp.Rational(d).is_integer else mpmath.mpf(0)
        learned = to_mpf(params["n"], dps) * lam / to_mpf(params["sigma2"], dps)
        return {"lambda3": lam, "n_half": n_half, "learned_fraction_at_n": learned / (1 + learned),
                "cubic_harmonics": count, "d_exponent": to_mpf(_nngp_exponent(), dps)}


@lru_cache(maxsize=None)
def _nngp_lambda3_expr():
    w22 = sym.kernel_weights("corrected")[2]
    ser = sp.series(w22, S.q, 0, 8).removeO()
    return sp.simplify(S.sigma_a2 * sp.limit(S.d**3 * gaussian_mean(sp.expand(ser), S.q, S.sigma_w2 / S.d), S.d, sp.oo)
                       / S.d**3)


@lru_cache(maxsize=None)
def _nngp_exponent():
    """``-d log lambda_3 / d log d`` of the leading NNGP eigenvalue (exact)."""
    lam = _nngp_lambda3_expr()
    return sp.simplify(-S.d * sp.diff(sp.log(lam), S.d))
