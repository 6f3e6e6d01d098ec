r"""Numbers of the declared two-layer model (``d -> oo``), from :mod:`.two_layer_symbolic`:
the GFL fixed point ``b1``, and along the noise ``sigma2`` the spinodal (side wells appear),
the first-order point (they become degenerate with ``q = 0``) and, where the action stops
being bounded below, the point of kind ``unbounded``.  When there is no transition, the notes
say why (modes that decouple by parity, the linear mode alone, an action unbounded throughout).
"""
from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp

from ..numeric import PhaseProblem, System, compile_function, to_mpf
from . import two_layer_symbolic as sym

__all__ = ["MICRO", "problem", "special_points", "gfl", "action_at"]

S = sym.S
MICRO = (S.sigma_w2, S.eps, S.n, S.d, S.N, S.sigma_a2)


def model_of(params) -> sym.Spec:
    return sym.spec(params["activation"], params["teacher"])


def micro_subs(expr):
    """The invariants u, kappa written in (n, d, N, sigma_a2, sigma2)."""
    u, kappa = sym.invariants_of(S.n, S.d, S.N, S.sigma_a2, S.sigma2)
    return expr.subs({S.u: u, S.kappa: kappa})


def window(params) -> tuple:
    """A sigma2 window covering u in [1, 3000] (u ~ 1/sigma^4), as for rubin-cubic."""
    u0 = sp.Rational(params["n"] ** 2 * params["sigma_a2"] / (params["d"] * params["N"]))
    return (float(sp.sqrt(u0 / 3000)), float(sp.sqrt(u0)))


def _key(params) -> tuple:
    return tuple(sorted((k, v) for k, v in params.items() if v is not None and k != "sigma2"))


@lru_cache(maxsize=32)
def problem(key) -> PhaseProblem:
    """The phase problem along sigma2: the theory with ``b_k = t_k`` (k >= 2, their GFL values at
    ``d -> oo``), u and kappa written out, and the GFL equation fixing ``b1``."""
    params = dict(key)
    spec = model_of(params)
    fixed = {f"b{k}": spec.target(k) for k in spec.modes if k != 1}
    theory = sym.build_theory(params).subs({**fixed, "u": micro_subs(S.u), "kappa": micro_subs(S.kappa)})
    t1 = float(spec.target(1).subs(S.eps, params["eps"]))
    return PhaseProblem.from_theory(theory, order=S.q, control=S.sigma2, params=MICRO, fields=(S.b(1),),
                                    field_equations=(micro_subs(sym.gfl_equation(spec)),),
                                    field_guess=(t1 / 2,), symmetric_point=sp.Integer(0),
                                    order_window=(0.0, 4.0), control_window=window(params),
                                    names=("GFL", "GMFL-I"), grid=(300, 3000))


def _values(params) -> dict:
    return {s: params[s.name] for s in MICRO}


@lru_cache(maxsize=32)
def _large_q(key):
    """``lim S_hat/q^2`` with ``b_k = t_k`` (k >= 2) and u written out, or None (bounded activation)."""
    spec = model_of(dict(key))
    lim = sym.large_q(spec)
    return None if lim is None else micro_subs(lim)


@lru_cache(maxsize=32)
def _seeds(key):
    params = dict(key)
    prob = problem(key)
    controls = np.linspace(*prob.control_window, prob.grid[0])
    fields = prob.fields_f64(controls, _values(params))
    lim = _large_q(key)
    unbounded, bounded = [], np.ones(len(controls), bool)
    if lim is not None and not lim.free_symbols & {S.sigma2, S.b(1)}:   # the same at every sigma2
        value = lim.subs({s: params[s.name] for s in MICRO})
        bounded[:] = bool(value > 0) if value.is_comparable or value.is_infinite else True
    elif lim is not None:
        f = compile_function(lim, (S.sigma2, S.b(1), *MICRO), "numpy")
        L = np.asarray(f(controls, fields[:, 0], *[float(params[s.name]) for s in MICRO]), float)
        bounded = L > 0
        unbounded = [("unbounded", (controls[i], fields[i, 0])) for i in np.nonzero(np.diff(np.sign(L)) != 0)[0]]
    seeds = [(kind, x0) for kind, x0 in prob.seeds(_values(params)) if bounded[np.argmin(abs(controls - x0[0]))]]
    undecided = lim is None and not sym.bounded_activation(model_of(params))
    return tuple(seeds), tuple(unbounded), bool(bounded.all()), bool(bounded.any()), undecided


def special_points(params, dps):
    """Spinodal(s), first-order point(s) and the onset of unboundedness along sigma2, with the
    values ``sigma2, u, kappa, q`` and one field per teacher mode (``b1``, ``b3``, ...), and notes."""
    spec = model_of(params)
    key = _key(params)
    seeds, unbounded, all_bounded, any_bounded, undecided = _seeds(key)
    failures: list = []
    found = problem(key).locate(_values(params), dps=dps, seeds=seeds, failures=failures) if seeds else []
    if unbounded:
        found += _unbounded_points(key, unbounded, dps)
    notes = _notes(spec, seeds, unbounded, all_bounded, any_bounded)
    notes += tuple(f"a seed did not converge and was skipped: {f}" for f in failures)
    if undecided:
        notes += ("whether S_hat stays bounded below for large q is not decided: the activation is unbounded and "
                  "its Gaussian means have no closed form here (only the order window q <= 4 was searched)",)
    return [(kind, _point(params, spec, sol, dps)) for kind, sol in found], notes


def _unbounded_points(key, seeds, dps):
    """``lim S_hat/q^2 = 0`` with the GFL equation: where the action stops being bounded below."""
    system = System((_large_q(key), micro_subs(sym.gfl_equation(model_of(dict(key))))), (S.sigma2, S.b(1)),
                    MICRO, "onset of unboundedness")
    values = _values(dict(key))
    out = []
    for _, x0 in seeds:
        x = system.polish(system.seed(x0, values), values, dps=dps)
        out.append(("unbounded", {"sigma2": x[0], "b1": x[1]}))
    return out


def _point(params, spec, sol, dps):
    with mpmath.workdps(dps):
        s2 = sol["sigma2"]
        n, d, N, sa = (to_mpf(params[k], dps) for k in ("n", "d", "N", "sigma_a2"))
        u, kappa = n**2 * sa / (s2**2 * d * N), n * sa / (d * s2)
        fields = {f"b{k}": (sol["b1"] if k == 1 else to_mpf(spec.target(k).subs(S.eps, params["eps"]), dps))
                  for k in spec.modes}
        if "q" not in sol:                      # the onset of unboundedness: the wells run off to q = oo
            return {"sigma2": s2, "u": u, "kappa": kappa, **fields}
        q = abs(to_mpf(sol["q"], dps))         # exact at the symmetric point and at a window edge
    return {"sigma2": s2, "u": u, "kappa": kappa, "q": q, **fields}


def _notes(spec, seeds, unbounded, all_bounded, any_bounded) -> tuple:
    notes = []
    if spec.decoupled:
        kind = "odd" if spec.parity == -1 else "even"
        notes.append(f"teacher mode(s) {', '.join(f'He{k}' for k in spec.decoupled)} decouple by parity: the "
                     f"activation is {kind}, so E[phi(h) He_k(z)] = 0 for every {('even' if kind == 'odd' else 'odd')} k")
    if not seeds:
        if not any_bounded:
            notes.append("the action is unbounded below for every sigma2 in the window (u in [1, 3000])")
        elif [k for k in spec.modes if k not in spec.decoupled] == [1]:
            notes.append("only the linear mode couples to the action, which then has no side well: no transition")
        else:
            notes.append("no side well appears for sigma2 in the window (u in [1, 3000]): no transition there")
    if unbounded and not all_bounded:
        notes.append("S_hat(q) grows like L q^2 for large q; where L < 0 the action is unbounded below "
                     "(the point of kind 'unbounded' has L = 0)")
    return tuple(notes)


def gfl(params, dps):
    """The GFL state at sigma2: ``b1`` (GFL fixed point), the curvature ``m = S_hat''(0)``, u, kappa."""
    key = _key(params)
    prob = problem(key)
    (b1,) = prob.fields_f64(np.array([float(params["sigma2"])]), _values(params))[0]
    system = System(tuple(prob.field_equations), (S.b(1),), (S.sigma2, *MICRO), "GFL fixed point")
    (b,) = system.polish([b1], {S.sigma2: params["sigma2"], **_values(params)}, dps=dps)
    m = compile_function(micro_subs(sym.curvature_at_zero(model_of(params))), (S.b(1), S.sigma2, *MICRO))
    with mpmath.workdps(dps):
        args = [to_mpf(params[s.name], dps) for s in (S.sigma2, *MICRO)]
        u, kappa = sym.invariants_of(*args[3:7], args[0])
        return {"b1": b, "m": m(b, *args), "u": u, "kappa": kappa}


def action_at(params, dps):
    """``S_hat(q)`` at the given ``q`` and sigma2 with the GFL fields (``-log p(q) = d S_hat``)."""
    state = gfl(params, dps)
    prob = problem(_key(params))
    f = compile_function(prob.action, (S.q, S.sigma2, S.b(1), *MICRO))
    with mpmath.workdps(dps):
        args = [to_mpf(params[s.name], dps) for s in MICRO]
        return {"S_hat": f(to_mpf(params["q"], dps), to_mpf(params["sigma2"], dps), state["b1"], *args),
                "b1": state["b1"]}
