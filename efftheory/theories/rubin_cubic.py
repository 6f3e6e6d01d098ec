r"""``rubin-cubic``: Rubin, Seroussi & Ringel, model A (erf student, cubic teacher).

A two-layer erf network learning ``y = H1 + eps H3`` is, in the mean-field /
equivalent-kernel scaling limit, described by the scalar action of the overlap
``q = w.w*`` (paper Eq. 13)

.. math:: \hat S(q) = \frac{q^2}{2\sigma_w^2} - \frac{2u}{\pi}\frac{q^2}{D}\Big(b - \frac{2cq^2}{D}\Big)^2,
          \qquad D = 1 + 2(\sigma_w^2 + q^2),

with the discrepancy coefficients ``(b, c)`` fixed self-consistently.  Everything is
derived in :mod:`efftheory.theories._rubin_cubic_symbolic`; here the derived equations
are solved at arbitrary precision:

* ``solve``: the spinodal (side wells appear) and the first-order point (side wells
  degenerate with ``q = 0``) along ``sigma2`` with the GFL fixed point ``b(u, kappa)``,
  ``c = eps`` (Claim IV; note §4.6-4.7);
* ``mixed_phase``: the ``d -> oo`` GMFL-I state ``(b, c, q*, r = rho d)`` below the
  first-order ``sigma2`` (note §4.8);
* ``finite_d``: ``(b, c)`` with the kernel from quadrature of ``exp(-d S_hat)`` at
  ``d sqrt(beta)`` (note §4.9);
* curves (Fig. 2a-c) and the ``u_c(kappa, eps)`` phase diagram.

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
import numpy as np
import sympy as sp

from ..claims import Claim
from ..errors import ConvergenceError, ParameterDomainError
from ..numeric import PhaseProblem, System, bracketed_root, branch_exponent, newton, to_mpf
from ..symbolic import Contribution, Theory
from . import _rubin_cubic_symbolic as sym
from .base import Model, Quantity

__all__ = ["MODEL", "build_theory", "derivation", "gfl_b", "first_order_at_kappa"]

S = sym.SYMBOLS
_MICRO = (S.sigma_w2, S.eps, S.n, S.d, S.N, S.sigma_a2)
_PAPER = "Rubin, Seroussi & Ringel, ICLR 2024 (arXiv:2310.03789)"


# ---------------------------------------------------------------------------------------------- symbolic
def build_theory(params=None) -> Theory:
    """The scalar action (Eq. 13, derived) with the GFL self-consistency, as a :class:`Theory`.

    With ``sigma2`` given, ``u`` and ``kappa`` are substituted from the microscopic parameters.
    """
    variant = (params or {}).get("q11") or "corrected"
    prior, data = sym.scalar_action_contributions()
    theory = Theory("rubin-cubic", "Rubin et al. model A: scalar action of q = w.w* (Eq. 13)",
                    sym.THEORY_PARAMETERS, (Contribution("prior", prior, "Eq. 13"),
                                            Contribution("data term", data, "Eq. 13, App. eq. 6")),
                    (sp.Eq(sym.gfl_equation(variant), 0), sp.Eq(S.c, S.eps)), r"\hat{\mathcal S}",
                    f"{_PAPER}, Eq. 13 and App. eqs. 9-12 (corrected)")
    if params and params.get("sigma2") is not None:
        u, kappa = sym.invariants_of(params["n"], params["d"], params["N"], params["sigma_a2"], params["sigma2"])
        theory = theory.subs({"u": u, "kappa": kappa, "sigma_w2": params["sigma_w2"], "eps": params["eps"]})
    return theory


def derivation(params=None):
    """The derivation record (see :func:`efftheory.theories._rubin_cubic_symbolic.derivation`)."""
    return sym.derivation(params)


def _micro_subs(expr):
    """Replace the invariants u, kappa by their definitions in (n, d, N, sigma_a2, sigma2)."""
    u, kappa = sym.invariants_of(S.n, S.d, S.N, S.sigma_a2, S.sigma2)
    return expr.subs({S.u: u, S.kappa: kappa})


def _variant(params) -> str:
    return params.get("q11") or "corrected"


def _values(params) -> dict:
    """Exact values of the microscopic parameters, keyed by symbol."""
    return {s: params[s.name] for s in _MICRO}


def _invariants(params, dps):
    u, kappa = sym.invariants_of(params["n"], params["d"], params["N"], params["sigma_a2"], params["sigma2"])
    return to_mpf(u, dps), to_mpf(kappa, dps)


# ---------------------------------------------------------------------------------------------- GFL
def gfl_b(u, kappa, sigma_w2, dps, *, variant="corrected"):
    """GFL linear discrepancy ``b(u, kappa, sigma_w^2)`` (``d -> oo``, note §4.6) at ``dps`` digits.

    The derived equation ``G(b) = (b - 1) m(b) + b k11 kappa/(pi D0) = 0`` has exactly one root
    with ``m(b) > 0`` on ``(0, min(1, b_max))``; ``G(0) < 0 < G(b_hi)``, so the engine's
    bracketed solver finds it.
    """
    G = _gfl_callable(variant)
    with mpmath.workdps(dps + 5):
        u, kappa, sw = (to_mpf(v, dps + 5) for v in (u, kappa, sigma_w2))
        bmax = mpmath.sqrt(mpmath.pi * (1 + 2 * sw) / (4 * u * sw))
        hi = min(mpmath.mpf(1), bmax)
        b = bracketed_root(lambda x: G(x, u, kappa, sw), mpmath.mpf(0), hi, dps + 5, "GFL fixed point")
    with mpmath.workdps(dps):
        return +b


@lru_cache(maxsize=None)
def _gfl_callable(variant):
    return sp.lambdify((S.b, S.u, S.kappa, S.sigma_w2), sym.gfl_equation(variant), modules=["mpmath"])


# ---------------------------------------------------------------------------------------------- phase structure
@lru_cache(maxsize=None)
def _problem(variant: str, window: tuple) -> PhaseProblem:
    action = _micro_subs(sym.scalar_action().subs(S.c, S.eps))
    G = _micro_subs(sym.gfl_equation(variant))
    return PhaseProblem(action, S.q, S.sigma2, params=_MICRO, fields=(S.b,), field_equations=(G,),
                        field_guess=(0.5,), symmetric_point=sp.Integer(0), order_window=(0.0, 4.0),
                        control_window=window, names=("GFL", "GMFL-I"), grid=(300, 3000))


def _window(params) -> tuple:
    """A sigma2 window covering u in [1, 3000] (u ~ 1/sigma^4), where model A's transitions lie."""
    u0 = sp.Rational(params["n"]**2 * params["sigma_a2"] / (params["d"] * params["N"]))
    return (float(sp.sqrt(u0 / 3000)), float(sp.sqrt(u0)))


@lru_cache(maxsize=64)
def _seeds(key):
    params = dict(key)
    problem = _problem(_variant(params), _window(params))
    seeds = problem.seeds(_values(params))
    if not seeds:
        raise ConvergenceError(f"rubin-cubic: no spinodal or first-order point for sigma2 in {_window(params)} "
                               f"(u in [1, 3000])")
    return tuple(seeds)


def _key(params):
    return tuple(sorted((k, v) for k, v in params.items() if v is not None and k not in ("sigma2", "beta", "kappa")))


def _special_points(params, dps):
    """Spinodal(s) and first-order point(s) along sigma2, with u, kappa, b, c, q (CLI.md)."""
    problem = _problem(_variant(params), _window(params))
    found = problem.locate(_values(params), dps=dps, seeds=_seeds(_key(params)))
    out = []
    for kind, sol in found:
        sig2 = sol["sigma2"]
        with mpmath.workdps(dps):
            n, d, N, sa = (to_mpf(params[k], dps) for k in ("n", "d", "N", "sigma_a2"))
            u = n**2 * sa / (sig2**2 * d * N)
            kappa = n * sa / (d * sig2)
        with mpmath.workdps(dps):
            q = abs(sol["q"]) if not isinstance(sol["q"], sp.Basic) else mpmath.mpf(0)
        out.append((kind, {"sigma2": sig2, "u": u, "kappa": kappa, "b": sol["b"], "c": to_mpf(params["eps"], dps),
                           "q": q}))
    return out


def _first_order(params, dps):
    """The (first) first-order point along sigma2 at 20 digits (cached; used to seed and classify)."""
    return _first_order_cached(_key(params), dps)


@lru_cache(maxsize=64)
def _first_order_cached(key, dps):
    for kind, vals in _special_points(dict(key), dps):
        if kind == "first_order":
            return vals
    raise ConvergenceError("rubin-cubic: no first-order point found along sigma2")


# ---------------------------------------------------------------------------------------------- mixed phase
@lru_cache(maxsize=None)
def _mixed_system(variant: str) -> System:
    eqs = tuple(_micro_subs(e) for e in sym.mixed_equations(variant))
    return System(eqs, (S.b, S.c, S.q, S.r), (S.sigma2, *_MICRO), "GMFL-I mixed phase")


@lru_cache(maxsize=64)
def _mixed_seed(key, sigma2, steps=24):
    """Float64 continuation of the GMFL-I branch from the first-order point down to ``sigma2``."""
    params = dict(key)
    fo = _first_order(params, 20)
    sc = float(fo["sigma2"])
    if not float(sigma2) < sc:
        raise ParameterDomainError(f"parameter 'sigma2' = {sigma2} is outside the mixed phase GMFL-I: it needs "
                                   f"sigma2 < sigma2_c = {mpmath.nstr(fo['sigma2'], 12)} (first-order point)")
    system = _mixed_system(_variant(params))
    x = np.array([float(fo["b"]), float(fo["c"]), float(fo["q"]), 0.0])
    vals = {**{s: params[s.name] for s in _MICRO}}
    for s2 in np.linspace(sc, float(sigma2), steps + 1)[1:]:
        x = system.seed(x, {S.sigma2: s2, **vals})
    if np.linalg.norm(system.residual_f64(x, [float(sigma2)] + [float(sp.Rational(vals[s])) for s in _MICRO])) > 1e-8:
        raise ConvergenceError(f"GMFL-I continuation from sigma2_c = {sc:.10g} to {float(sigma2):.10g} failed")
    return tuple(x)


def _mixed_phase(params, dps):
    """``d -> oo`` GMFL-I state at ``sigma2``: b, c, q = q*, r = rho d (note §4.8)."""
    key = _key(params)
    x0 = _mixed_seed(key, params["sigma2"])
    system = _mixed_system(_variant(params))
    b, c, q, r = system.polish(list(x0), {S.sigma2: params["sigma2"], **_values(params)}, dps=dps)
    if r < 0:
        raise ConvergenceError(f"GMFL-I: the droplet mass r = {mpmath.nstr(r, 8)} came out negative")
    u, kappa = _invariants(params, dps)
    with mpmath.workdps(dps):
        return {"b": b, "c": c, "q": abs(q), "r": r, "u": u, "kappa": kappa}


def _learned(params, dps):
    """Learned components ``1 - b``, ``eps - c``, ``(eps - c)/eps`` in the d -> oo equilibrium state."""
    fo = _first_order(params, 20)
    u, kappa = _invariants(params, dps)
    with mpmath.workdps(dps):
        eps = to_mpf(params["eps"], dps)
        if to_mpf(params["sigma2"], 30) >= fo["sigma2"]:
            b, c, phase = gfl_b(u, kappa, params["sigma_w2"], dps, variant=_variant(params)), eps, "GFL"
        else:
            st = _mixed_phase(params, dps)
            b, c, phase = st["b"], st["c"], "GMFL-I"
        out = {"b": b, "c": c, "linear": 1 - b, "cubic": eps - c, "phase": phase, "u": u, "kappa": kappa}
        if eps != 0:
            out["cubic_normalized"] = (eps - c) / eps
        return out


def _gfl(params, dps):
    """GFL state at sigma2 (``d -> oo``): b, c = eps, u, kappa, curvature m and d <q^2> = 1/m."""
    u, kappa = _invariants(params, dps)
    b = gfl_b(u, kappa, params["sigma_w2"], dps, variant=_variant(params))
    with mpmath.workdps(dps):
        sw = to_mpf(params["sigma_w2"], dps)
        m = 1 / sw - 4 * u * b**2 / (mpmath.pi * (1 + 2 * sw))
        return {"b": b, "c": to_mpf(params["eps"], dps), "u": u, "kappa": kappa, "m": m, "d_q2": 1 / m}


# ---------------------------------------------------------------------------------------------- u_c(kappa)
@lru_cache(maxsize=None)
def _uc_system(variant: str) -> System:
    Sh = sym.scalar_action().subs(S.c, S.eps)
    eqs = (sp.cancel(sp.diff(Sh, S.q) / S.q), sp.cancel(Sh / S.q**2), sym.gfl_equation(variant))
    return System(eqs, (S.u, S.q, S.b), (S.kappa, S.sigma_w2, S.eps), "first-order point at fixed kappa")


@lru_cache(maxsize=256)
def _uc_seed(kappa, sigma_w2, eps, variant):
    """Float64 bracket of the first-order u at fixed kappa: min_{q>0} S_hat changes sign."""
    Sh = sym.scalar_action().subs(S.c, S.eps)
    f = sp.lambdify((S.q, S.u, S.b, S.sigma_w2, S.eps), Sh, "numpy")
    qs = np.linspace(1e-3, 4.0, 4000)
    sw, ep = float(sigma_w2), float(eps)

    def side_min(u):
        b = float(gfl_b(sp.Rational(u).limit_denominator(10**12), kappa, sigma_w2, 16, variant=variant))
        vals = f(qs, u, b, sw, ep)
        i = int(np.argmin(vals))
        return vals[i], qs[i], b
    us = np.geomspace(0.5, 1e5, 120)
    prev = None
    for uu in us:
        val = side_min(uu)
        if prev is not None and prev[1][0] > 0 >= val[0]:
            lo, hi = prev[0], uu
            for _ in range(50):
                mid = np.sqrt(lo * hi)
                if side_min(mid)[0] > 0:
                    lo = mid
                else:
                    hi = mid
            v, qq, b = side_min(hi)
            return (hi, qq, b)
        prev = (uu, val)
    raise ConvergenceError(f"no first-order point for u in [0.5, 1e5] at kappa = {kappa}")


def first_order_at_kappa(kappa, sigma_w2, eps, dps, *, variant="corrected"):
    """First-order point ``(u_c, q*, b_c)`` at fixed ``kappa`` (the phase diagram u_c(kappa, eps))."""
    seed = _uc_seed(sp.Rational(kappa), sp.Rational(sigma_w2), sp.Rational(eps), variant)
    system = _uc_system(variant)
    u, q, b = system.polish(list(seed), {S.kappa: kappa, S.sigma_w2: sigma_w2, S.eps: eps}, dps=dps)
    with mpmath.workdps(dps):
        return {"u_c": u, "q": abs(q), "b": b}


def _u_c(params, dps):
    return first_order_at_kappa(params["kappa"], params["sigma_w2"], params["eps"], dps, variant=_variant(params))


# ---------------------------------------------------------------------------------------------- finite d
@lru_cache(maxsize=None)
def _fd_callables(variant):
    Sh = sym.scalar_action()
    args = (S.q, S.u, S.b, S.c, S.sigma_w2)
    action = sp.lambdify(args, Sh, modules=["mpmath"])
    curv = sp.lambdify(args, sp.diff(Sh, S.q, 2), modules=["mpmath"])
    weights = [sp.lambdify((S.q, S.sigma_w2), w, modules=["mpmath"]) for w in sym.kernel_weights(variant)]
    f64 = sp.lambdify(args, Sh, "numpy")
    return action, curv, weights, f64


def _fd_averages(b, c, u, sw, dd, variant, dps, window=4):
    """``<w11>, <w12>, <w22>`` under ``exp(-d S_hat(q; b, c))`` on ``|q| <= window`` (even integrand: [0, window]).

    The interval is split at the minima of ``S_hat`` (float64 scan) and at 1, 3, 8
    widths ``(d S'')^-1/2`` around each, so that tanh-sinh resolves every peak.  The window
    is doubled until the density at its edge is below ``10**-(dps + 10)`` of the peak
    (``S_hat`` grows like ``q^2 / (2 sigma_w^2)``), so the cut-off tail is beneath the
    working precision for any ``d sqrt(beta)``.
    """
    action, curv, weights, f64 = _fd_callables(variant)
    need = (dps + 10) * np.log(10) + 5
    for _ in range(12):
        qs = np.linspace(0.0, window, 4001)
        vals = f64(qs, float(u), float(b), float(c), float(sw))
        if float(dd) * (vals[-1] - vals.min()) > need:
            break
        window *= 2
    else:
        raise ConvergenceError(f"finite d: exp(-d S_hat) does not decay within |q| <= {window} (d = {float(dd):.3g})")
    minima = [0.0] + [qs[i] for i in range(1, len(qs) - 1) if vals[i] < vals[i - 1] and vals[i] <= vals[i + 1]]
    with mpmath.workdps(dps + 10):
        pts = {mpmath.mpf(0), mpmath.mpf(window)}
        smin = min(action(mpmath.mpf(x), u, b, c, sw) for x in minima)
        for x in minima:
            x = mpmath.mpf(x)
            k = curv(x, u, b, c, sw)
            width = 1 / mpmath.sqrt(dd * k) if k > 0 else mpmath.mpf(1) / mpmath.sqrt(dd)
            for j in (-8, -3, -1, 0, 1, 3, 8):
                p = x + j * width
                if 0 < p < window:
                    pts.add(p)
        pts = sorted(pts)
        memo = {}

        def dens(q):   # the four quadratures share their tanh-sinh nodes: evaluate the action once per node
            v = memo.get(q)
            if v is None:
                v = memo[q] = mpmath.exp(-dd * (action(q, u, b, c, sw) - smin))
            return v
        z = mpmath.quad(dens, pts)
        return [mpmath.quad(lambda q, w=w: w(q, sw) * dens(q), pts) / z for w in weights]


def _fd_residual(x, u, kappa, sw, eps, dd, variant, dps):
    b, c = x
    w11, w12, w22 = _fd_averages(b, c, u, sw, dd, variant, dps)
    with mpmath.workdps(dps + 10):
        s6 = mpmath.sqrt(6)
        kd = kappa * dd
        return [b + kd * (w11 * b + w12 * s6 * c) - 1, c + kd * (w12 * b / s6 + w22 * c) - eps]


def _fd_solve(u, kappa, sw, eps, dd, variant, dps, x0):
    F = lambda x: _fd_residual(list(x), u, kappa, sw, eps, dd, variant, dps)  # noqa: E731

    def J(x):
        x = list(x)
        with mpmath.workdps(dps + 10):
            h = mpmath.mpf(10) ** (-(dps // 2) - 2)
            f0 = F(x)
            cols = []
            for i in range(2):
                xp = list(x)
                xp[i] += h
                cols.append([(a - b) / h for a, b in zip(F(xp), f0)])
            return mpmath.matrix([[cols[j][i] for j in range(2)] for i in range(2)])
    x, _ = newton(F, J, x0, dps=dps, max_steps=40, what="finite-d self-consistency (b, c)")
    return x


def _finite_d(params, dps):
    """Finite-d ``(b, c)``: kernel entries by quadrature of ``exp(-d sqrt(beta) S_hat)`` (note §4.9).

    Newton (finite-difference Jacobian) starts from the ``d -> oo`` state at the same
    ``sigma2``, solved first at 15 digits; the branch reached is the one connected to it.
    """
    variant = _variant(params)
    u, kappa = _invariants(params, dps)
    with mpmath.workdps(dps + 10):
        dd = to_mpf(params["d"], dps + 10) * mpmath.sqrt(to_mpf(params["beta"], dps + 10))
        sw, eps = to_mpf(params["sigma_w2"], dps + 10), to_mpf(params["eps"], dps + 10)
    start = _fd_start(tuple(sorted((k, v) for k, v in params.items() if v is not None)))
    x = _fd_solve(u, kappa, sw, eps, dd, variant, dps, list(start))
    with mpmath.workdps(dps):
        b, c = x
        out = {"b": b, "c": c, "linear": 1 - b, "cubic": eps - c, "d_eff": dd, "u": u, "kappa": kappa}
        if eps != 0:
            out["cubic_normalized"] = (eps - c) / eps
    return out


@lru_cache(maxsize=None)
def _fd_f64(variant):
    args = (S.q, S.u, S.b, S.c, S.sigma_w2)
    Sh = sym.scalar_action()
    return (sp.lambdify(args, Sh, "math"),
            [sp.lambdify((S.q, S.sigma_w2), w, "math") for w in sym.kernel_weights(variant)])


def _fd_residual_f64(x, u, kappa, sw, eps, dd, variant, window=4.0):
    """Float64 twin of :func:`_fd_residual` (SciPy quadrature): only used to seed Newton."""
    import scipy.integrate
    b, c = x
    action, weights = _fd_f64(variant)
    qs = np.linspace(0.0, window, 2001)
    vals = np.array([action(v, u, b, c, sw) for v in qs])
    smin = vals.min()
    mins = [qs[i] for i in range(1, len(qs) - 1) if vals[i] < vals[i - 1] and vals[i] <= vals[i + 1]]
    pts = sorted({p for m in [0.0] + mins for p in (m - 0.2, m - 0.05, m, m + 0.05, m + 0.2) if 0 < p < window})
    dens = lambda q: np.exp(-dd * (action(q, u, b, c, sw) - smin))  # noqa: E731
    opts = dict(points=pts, limit=400, epsabs=0, epsrel=1e-13)
    z = scipy.integrate.quad(dens, 0, window, **opts)[0]
    w11, w12, w22 = (scipy.integrate.quad(lambda q, w=w: w(q, sw) * dens(q), 0, window, **opts)[0] / z
                     for w in weights)
    s6, kd = np.sqrt(6), kappa * dd
    return [b + kd * (w11 * b + w12 * s6 * c) - 1, c + kd * (w12 * b / s6 + w22 * c) - eps]


@lru_cache(maxsize=128)
def _fd_start(key):
    """Float64 seed of the finite-d (b, c): hybrid Powell from the d -> oo state."""
    import scipy.optimize
    params = dict(key)
    inf = _learned(params, 15)
    u, kappa = (float(v) for v in _invariants(params, 15))
    dd = float(params["d"]) * float(params["beta"]) ** 0.5
    sw, eps = float(params["sigma_w2"]), float(params["eps"])
    sol = scipy.optimize.root(lambda x: _fd_residual_f64(x, u, kappa, sw, eps, dd, _variant(params)),
                              [float(inf["b"]), float(inf["c"])], method="hybr", options={"xtol": 1e-13})
    if not sol.success:
        raise ConvergenceError(f"finite-d (b, c): the float64 seed from the d -> oo state failed ({sol.message})")
    return tuple(float(v) for v in sol.x)


# ---------------------------------------------------------------------------------------------- quantities
def _nngp(params, dps):
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
    from ..symbolic import gaussian_mean
    return sp.simplify(S.sigma_a2 * sp.limit(S.d**3 * gaussian_mean(sp.expand(ser), S.q, S.sigma_w2 / S.d), S.d, sp.oo)
                       / S.d**3)


@lru_cache(maxsize=None)
def _nngp_exponent():
    """``-d log lambda_3 / d log d`` of the leading NNGP eigenvalue (exact)."""
    lam = _nngp_lambda3_expr()
    return sp.simplify(-S.d * sp.diff(sp.log(lam), S.d))


def _action_profile(params, dps):
    """``S_hat(q*)`` and ``d S_hat`` at the side minimum with the d -> oo state (Fig. 2a/b diagnostics)."""
    st = _learned(params, dps)
    action, curv, _, f64 = _fd_callables(_variant(params))
    qs = np.linspace(1e-3, 4.0, 4000)
    with mpmath.workdps(dps):
        u = st["u"]
        sw = to_mpf(params["sigma_w2"], dps)
        vals = f64(qs, float(u), float(st["b"]), float(st["c"]), float(sw))
        i = int(np.argmin(vals))
        dS = sp.lambdify((S.q, S.u, S.b, S.c, S.sigma_w2), sp.cancel(sp.diff(sym.scalar_action(), S.q) / S.q),
                         modules=["mpmath"])
        if i == 0 or i == len(qs) - 1:
            return {"side_well": "absent", "side_minimum": mpmath.mpf(0), "q": mpmath.mpf(0)}
        qm = mpmath.findroot(lambda x: dS(x, u, st["b"], st["c"], sw), mpmath.mpf(float(qs[i])), tol=mpmath.mpf(10) ** (-dps))
        return {"side_well": "present", "q": qm, "side_minimum": action(qm, u, st["b"], st["c"], sw)}


def _exponents(params, dps):
    """Onset slopes of the mixed phase at the first-order point (implicit function theorem).

    At ``sigma2_c`` the GMFL-I system ``F(b, c, q, r; sigma2) = 0`` has a regular Jacobian, so the
    branch is analytic: ``r``, ``eps - c`` grow linearly (exponent 1) in ``sigma2_c - sigma2``
    with slopes ``-J^-1 dF/dsigma2``.  Returned: the slopes ``dr/dsigma2``, ``dc/dsigma2``,
    ``db/dsigma2``, ``dq/dsigma2`` on the GMFL-I side and the exponent 1 (exact) when the
    slopes are nonzero.
    """
    fo = _first_order(params, dps)
    system = _mixed_system(_variant(params))
    J = sp.Matrix(system.equations).jacobian(system.unknowns)
    Fs = sp.Matrix(system.equations).diff(S.sigma2)
    args = (*system.unknowns, S.sigma2, *_MICRO)
    kJ = sp.lambdify(args, J, modules=["mpmath"])
    kF = sp.lambdify(args, Fs, modules=["mpmath"])
    with mpmath.workdps(dps):
        x = [fo["b"], fo["c"], fo["q"], mpmath.mpf(0), fo["sigma2"]] + [to_mpf(params[s.name], dps) for s in _MICRO]
        slope = mpmath.lu_solve(mpmath.matrix(kJ(*x)), -mpmath.matrix(kF(*x)))
        db, dc, dq, dr = slope
        return {"dr_dsigma2": dr, "dc_dsigma2": dc, "db_dsigma2": db, "dq_dsigma2": dq,
                "exponent_r": mpmath.mpf(1) if dr != 0 else mpmath.mpf(0)}


def _spinodal_exponent(params, dps):
    """Exponent of ``|q*(sigma2) - q_sp| ~ |sigma2 - sigma2_sp|**gamma`` where the side wells appear.

    The side well is followed on the side of the spinodal where it exists (smaller sigma2, larger u);
    at each step every stationary point of ``S_hat`` (with the GFL ``b`` solved at full precision) is
    found and the side minimum is taken.  A fold gives ``gamma = 1/2``.
    """
    spin = next(v for k, v in _special_points(params, dps) if k == "spinodal")
    problem = _problem(_variant(params), _window(params))
    values = _values(params)
    branch_system = System((sp.cancel(sp.diff(problem.action, S.q) / S.q), *problem.field_equations), (S.q, S.b),
                           (S.sigma2, *_MICRO), "side-well branch")
    last: list = []

    def side_minimum(c, w):
        """The side minimum at sigma2 = c: found among all stationary points at the first (largest)
        distance, then followed by Newton from the previous point scaled by the square-root law."""
        if not last:
            pts = problem.stationary_points(c, values, dps=w)
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


# ---------------------------------------------------------------------------------------------- claims
def _defaults(**over):
    values = MODEL.resolve(None)
    values.update(over)
    return values


def _fo_claim(key, **over):
    def compute(dps):
        given = {k: v for k, v in over.items()}
        pt = MODEL.solve(given, dps=dps)["first_order"]
        return {"value": pt.values[key], **dict(pt.values), "digits": pt.digits}
    return compute


def _u_at_018(dps):
    res = MODEL.evaluate("gfl", {"sigma2": "0.18"}, dps=dps)
    return {"value": res.values["u"], "kappa": res.values["kappa"], "b": res.values["b"]}


def _q_star(dps):
    pt = MODEL.solve(dps=dps)["first_order"]
    q = pt.values["q"]
    return {"value": q, "holds": bool(mpmath.mpf(1) / 3 < q < 3)}


def _spinodal_first(dps):
    res = MODEL.solve(dps=dps)
    s, f = res["spinodal"].values, res["first_order"].values
    action, curv, _, _ = _fd_callables("corrected")
    with mpmath.workdps(dps):
        k = curv(f["q"], f["u"], f["b"], f["c"], to_mpf(sp.Rational(1, 2), dps))
    return {"value": s["sigma2"] - f["sigma2"], "sigma2_spinodal": s["sigma2"], "sigma2_first_order": f["sigma2"],
            "curvature_at_q_star": k, "holds": bool(s["sigma2"] > f["sigma2"] and k > 0)}


def _nngp_claim(dps):
    res = MODEL.evaluate("nngp", {"sigma2": "0.18"}, dps=dps)
    v = res.values
    return {"value": v["d_exponent"], **v}


def _nngp_count(dps):
    res = MODEL.evaluate("nngp", {"sigma2": "0.18"}, dps=dps)
    count = res.values["cubic_harmonics"]
    return {"value": count, "holds": bool(250000 <= count <= 1000000), "d3_over_6": mpmath.mpf(150**3) / 6}


def _claims():
    paper = "Rubin et al. 2024"
    note_uc = ("The d -> oo first-order point of the corrected equations; the paper's 30.2 coincides with u at "
               "the grid point sigma2 = 0.18 (note §7 item 3), so agreement is expected only to ~2 %.")
    return (
        Claim("rubin-cubic/u_c", "rubin-cubic", paper, "Claim I / Claim IV",
              "u_c(eps = -0.3) ~ 30.2 at the paper's parameters", _fo_claim("u"), sp.Rational(302, 10),
              sp.Rational(2, 100), note=note_uc, source="paper, Claim I (stated value)"),
        Claim("rubin-cubic/sigma2_c", "rubin-cubic", paper, "§3.1.1, Fig. 2c",
              "a sharp phase transition develops around sigma^2 = 0.18", _fo_claim("sigma2"), sp.Rational(18, 100),
              sp.Rational(1, 100), note="first-order sigma2 with the Fig. 2 parameters (d -> oo)",
              source="paper, §3.1.1 (stated value)"),
        Claim("rubin-cubic/u_at_0.18", "rubin-cubic", paper, "Claim I, App. C",
              "u = n^2 sigma_a^2/(sigma^4 d N) at sigma^2 = 0.18 rounds to the stated 30.2", _u_at_018,
              sp.Rational(302, 10), sp.Rational(1, 604), note="tolerance: half a unit of the last printed digit",
              source="paper, Claim I and App. C parameters"),
        Claim("rubin-cubic/q_star", "rubin-cubic", paper, "Claim IV",
              "the degenerate wells lie roughly at q = +-|w*|^2 = +-1 (checked: q* is O(1), 1/3 < q* < 3)",
              _q_star, None, note="the paper's 'roughly +-1' is heuristic (note §8 D1); q* is not tested tightly"),
        Claim("rubin-cubic/spinodal-precedes", "rubin-cubic", paper, "Claim IV (note §7 item 13)",
              "the side wells exist (spinodal) before they become degenerate (first-order point), "
              "with S_hat''(q*) > 0", _spinodal_first, None),
        Claim("rubin-cubic/q11-printed", "rubin-cubic", paper, "App. A.3 (printed Q11 = sigma_a^2 <2q^2/(pi D)>)",
              "with the printed 2q^2 in Q11 the first-order u would be ~ 30.2", _fo_claim("u", q11="paper"),
              sp.Rational(302, 10), sp.Rational(2, 100), expect="differs",
              note="v1^2 = 4q^2/(pi D), so the printed 2q^2 halves the GFL learnability of the linear mode; "
                   "the transition then lies at a much smaller u (larger sigma2), far from 30.2 (note §7 item 2)",
              source="paper, Claim I vs App. A.3"),
        Claim("rubin-cubic/nngp-d3", "rubin-cubic", paper, "§3.1.1",
              "an NNGP needs n = O(d^3) samples to learn the cubic mode (exponent of d of sigma^2/lambda_3)",
              _nngp_claim, 3, sp.Rational(1, 10**12),
              note="lambda_3 = sigma_a^2 <v2^2> at u = 0 scales as d^-3 (exact); n_half = sigma^2/lambda_3 "
                   "is reported (with the paper's sigma_a^2 it is far above 0.5e6: the paper's number counts modes)",
              source="derived NNGP eigenvalue (exact Gaussian moments)"),
        Claim("rubin-cubic/nngp-count", "rubin-cubic", paper, "§3.1.1",
              "there are n = O(d^3) cubic harmonics, '0.5e+6' at d = 150 (checked: the count is within a factor "
              "2 of 0.5e6)", _nngp_count, None,
              note="dimension of degree-3 harmonic polynomials in d = 150 variables, C(d+2,3) - d = 573650"),
    )


# ---------------------------------------------------------------------------------------------- figures
def _figures(outdir, quick):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from pathlib import Path
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    base = MODEL.resolve(None)
    fo = _first_order(base, 20)
    sc = float(fo["sigma2"])
    # Fig. 2c: learned components (d -> oo), plus finite d when not quick
    grid = np.linspace(0.10, 0.30, 9 if quick else 41)
    lin, cub = [], []
    for s2 in grid:
        st = _learned({**base, "sigma2": sp.Rational(s2).limit_denominator(10**6)}, 15)
        lin.append(float(st["linear"]))
        cub.append(float(st["cubic_normalized"]))
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    ax.plot(grid, cub, "k-", label=r"$d\to\infty$")
    ax2.plot(grid, lin, "k-", label=r"$d\to\infty$")
    if not quick:
        for beta in ("1/8", "1/2", "1", "2"):
            cb, lb, gs = [], [], np.linspace(0.12, 0.28, 9)
            for s2 in gs:
                st = _finite_d({**base, "sigma2": sp.Rational(s2).limit_denominator(10**6),
                                "beta": sp.Rational(beta)}, 12)
                cb.append(float(st["cubic_normalized"]))
                lb.append(float(st["linear"]))
            ax.plot(gs, cb, "o--", ms=3, label=rf"$\beta={beta}$")
            ax2.plot(gs, lb, "o--", ms=3, label=rf"$\beta={beta}$")
    for a_ in (ax, ax2):
        a_.axvline(sc, color="grey", lw=0.8, ls=":")
        a_.set_xlabel(r"$\sigma^2$")
        a_.legend()
    ax.set_ylabel(r"learned cubic component $(\epsilon-c)/\epsilon$")
    ax2.set_ylabel(r"learned linear component $1-b$")
    fig.suptitle("Rubin et al. 2024, Fig. 2c (theory): learned components vs noise")
    path = outdir / "rubin_cubic_fig2c.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)
    # Fig. 2a/b: -log p(q) = d S_hat(q) before / after the transition
    action, _, _, f64 = _fd_callables("corrected")
    qs = np.linspace(-1.6, 1.6, 400)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, s2, title in ((axes[0], "0.2", "before (a)"), (axes[1], "0.16", "after (b)")):
        st = _learned({**base, "sigma2": sp.Rational(s2)}, 15)
        prof = f64(qs, float(st["u"]), float(st["b"]), float(st["c"]), 0.5)
        for beta in (0.125, 0.5, 1.0, 2.0):
            ax.plot(qs, 150 * np.sqrt(beta) * prof, label=rf"$\beta={beta:g}$")
        ax.set_title(rf"{title}: $\sigma^2={s2}$ ({st['phase']})")
        ax.set_xlabel(r"$q=\mathbf{w}\cdot\mathbf{w}^*$")
        ax.set_ylabel(r"$-\log p(q) = d\,\hat S(q)$ + const")
        ax.set_ylim(-5, 60)
        ax.legend()
    fig.suptitle(r"Rubin et al. 2024, Fig. 2a/b (theory, $d=150\sqrt{\beta}$, $d\to\infty$ $b,c$)")
    path = outdir / "rubin_cubic_fig2ab.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)
    # phase diagram u_c(kappa, eps)
    kappas = np.geomspace(0.2, 10, 5 if quick else 16)
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for eps in (("-3/10",) if quick else ("-3/10", "-6/10", "-12/10")):
        ucs = [float(first_order_at_kappa(sp.Rational(k).limit_denominator(10**6), sp.Rational(1, 2),
                                          sp.Rational(eps), 15)["u_c"]) for k in kappas]
        ax.plot(kappas, ucs, "o-", label=rf"$\epsilon={float(sp.Rational(eps)):g}$")
    ax.plot([float(fo["kappa"])], [float(fo["u"])], "k*", ms=10, label="Fig. 2 first-order point")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$\kappa = n\sigma_a^2/(d\sigma^2)$")
    ax.set_ylabel(r"$u_c$ (first-order point)")
    ax.set_title(r"Rubin et al. 2024, Claim IV: $u_c(\kappa,\epsilon)$, $\sigma_w^2=1/2$")
    ax.legend()
    path = outdir / "rubin_cubic_phase_diagram.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    written.append(path)
    return written


# ---------------------------------------------------------------------------------------------- registry
MODEL = Model(
    name="rubin-cubic",
    paper=_PAPER + ", model A",
    description="erf student learning a cubic teacher: GFL -> GMFL-I first-order transition (Eq. 13)",
    parameters=sym.PARAMETERS,
    theory=build_theory,
    derivation=derivation,
    special_points=_special_points,
    point_kinds=("spinodal", "first_order"),
    quantities=(
        Quantity("gfl", "GFL state (d -> oo) at sigma2: b, c = eps, u, kappa, m = S''(0), d<q^2> = 1/m", _gfl,
                 requires=("sigma2",)),
        Quantity("mixed_phase", "GMFL-I state (d -> oo) at sigma2 < sigma2_c: b, c, q = q*, r = rho d", _mixed_phase,
                 requires=("sigma2",)),
        Quantity("learned_components", "equilibrium (d -> oo) learned components 1-b, eps-c, (eps-c)/eps at sigma2 "
                 "(Fig. 2c)", _learned, requires=("sigma2",)),
        Quantity("finite_d", "finite-d (b, c) by quadrature of exp(-d sqrt(beta) S_hat) at sigma2 (note §4.9)",
                 _finite_d, requires=("sigma2",)),
        Quantity("u_c", "first-order u_c, q*, b at a given kappa (phase diagram u_c(kappa, eps))", _u_c,
                 requires=("kappa",)),
        Quantity("side_well", "side minimum q and S_hat(q) with the d -> oo (b, c) at sigma2 (Fig. 2a/b)",
                 _action_profile, requires=("sigma2",)),
        Quantity("onset_slopes", "GMFL-I onset: dr/dsigma2, dc/dsigma2, ... at the first-order point (exponent 1)",
                 _exponents),
        Quantity("spinodal_exponent", "exponent gamma of |q* - q_sp| ~ |sigma2 - sigma2_sp|^gamma as the side "
                 "wells appear (1/2: a fold)", _spinodal_exponent),
        Quantity("nngp", "NNGP (u = 0) cubic eigenvalue, samples to half-learn it, d-exponent, harmonic count",
                 _nngp, requires=("sigma2",)),
    ),
    claims=_claims,
    figures=_figures,
    phase_quantity="learned_components",
)
