"""``zunkovic-ball``: the registered D-ball model (quantities, Monte Carlo and the Model)."""
from __future__ import annotations

import mpmath

from ...errors import InputError
from ...numeric import to_mpf
from ...numeric.montecarlo import proportion
from ..base import Model, MonteCarlo, Quantity
from .ball_numeric import (ball_test_error, boundary_mass_prefactor, c_D, coefficients, eq30, eq33, eq33_max, eq86,
                           fast_pdf, large_d_threshold, p_fast, t_slow)
from .ball_symbolic import PARAMETERS, Ds, build_theory, derivation, derived, xis

__all__ = ["MODEL"]


def _q_prob(p, dps):
    with mpmath.workdps(dps + 10):
        c = coefficients(p)
    return {"grokking_probability": eq86(p, dps), "mean_w1": c["mean_w1"], "s1": c["s1"], "sigma_j": c["sigma_j"]}


def _q_eq30(p, dps):
    return {"grokking_probability_eq30": eq30(p, dps)}


def _q_bound(p, dps):
    arg, mx = eq33_max(p, dps)
    return {"grokking_probability_bound": eq33(p, to_mpf(p["lambda1"], dps + 10), dps), "max_over_lambda1": mx,
            "argmax_lambda1": arg}


def _q_exponent(p, dps):
    d = derived()
    nu = d["nu_xi"].subs({Ds: p["D"], xis: p["xi"]})
    return {"exponent": to_mpf(nu, dps), "exponent_uniform": to_mpf(d["nu"].subs(Ds, p["D"]), dps)}


def _q_cD(p, dps):
    out = {"c_D": c_D(int(p["D"]), dps)}
    if p["xi"] != 0:
        out["boundary_mass_prefactor"] = boundary_mass_prefactor(int(p["D"]), p["xi"], dps)
    return out


def _q_pfast(p, dps):
    return {"p_fast": p_fast(int(p["D"]), p["eps"], dps), "delta_weight": 1 - p_fast(int(p["D"]), p["eps"], dps)}


def _need_separable(p, what):
    if p["eps"] <= 1:
        raise InputError(f"{what} needs eps > 1 (got eps = {p['eps']}; domain of the grokking-time model: eps > 1)")


def _q_tslow(p, dps):
    _need_separable(p, "t_slow")
    return {"t_slow": t_slow(int(p["D"]), p["eps"], p["lambda2"], dps, variant=p["slow"]),
            "delta_weight": 1 - p_fast(int(p["D"]), p["eps"], dps)}


def _q_fastpdf(p, dps):
    _need_separable(p, "fast_pdf")
    return {"fast_pdf": fast_pdf(int(p["D"]), p["eps"], p["t"], dps)}


def _q_threshold(p, dps):
    return {"large_d_threshold": large_d_threshold(int(p["N"]), dps)}


def _q_test_error(p, dps):
    return {"test_error": ball_test_error(int(p["D"]), to_mpf(p["h"], dps + 10), dps)}


def _mc_prob(p, dps, *, seed, trials):
    from .simulation import ball_grokking_mc
    val, _ = ball_grokking_mc(int(p["N"]), int(p["D"]), float(p["eps"]), float(p["lambda1"]), float(p["lambda2"]),
                              trials=trials, seed=seed)
    val, se, ci = proportion(round(val * trials), trials)
    return MonteCarlo({"grokking_probability": mpmath.mpf(val)}, {"grokking_probability": mpmath.mpf(se)},
                      {"grokking_probability": ci})


def _mc_test_error(p, dps, *, seed, trials):
    from .simulation import ball_points
    x = ball_points(int(p["D"]), (trials,), seed)
    val, se, ci = proportion(int((x[:, 0] > float(p["h"])).sum()), trials)
    return MonteCarlo({"test_error": mpmath.mpf(val)}, {"test_error": mpmath.mpf(se)}, {"test_error": ci})


MODEL = Model(
    name="zunkovic-ball",
    description="D-ball model: Eq. 86 grokking probability (alpha3 paper|corrected), exponent (D+1)/2, grokking time",
    parameters=PARAMETERS,
    theory=build_theory,
    derivation=derivation,
    quantities=(
        Quantity("grokking_probability", "Eq. 86 (lambda1 = 0) with the chosen alpha3, and the Gaussian moments",
                 _q_prob),
        Quantity("grokking_probability_bound", "Eq. 33 at lambda1, its maximum over lambda1 and the maximiser", _q_bound),
        Quantity("grokking_probability_eq30", "Eq. 30 (valid only for N >> lambda_{2,D} >> 1)", _q_eq30),
        Quantity("exponent", "critical exponent (D+1)/2 - xi (derived), and (D+1)/2", _q_exponent),
        Quantity("c_D", "prefactor of E_D ~ c_D (1-h)^{(D+1)/2} (Eq. 23); for xi > 0 also the exact boundary-mass "
                        "prefactor", _q_cD),
        Quantity("p_fast", "weight of the fast branch of the t_G density (Eq. 45)", _q_pfast),
        Quantity("t_slow", "position of the slow-branch delta (Eq. 47, or self-consistent with slow=...)", _q_tslow),
        Quantity("fast_pdf", "fast-branch t_G density at t (Eqs. 43-44)", _q_fastpdf, requires=("t",)),
        Quantity("large_d_threshold", "eps* with 2N eps^2 (eps^2 - 1) = 1 (large-D limit of corrected Eq. 86)",
                 _q_threshold),
        Quantity("test_error", "E_D(h) = I_{1-h^2}((D+1)/2, 1/2)/2 (Eq. 22)", _q_test_error, requires=("h",)),
        Quantity("grokking_probability_mc", "exact finite-N Monte Carlo of the stationary point (G^{-1}a or LASSO)",
                 _mc_prob, randomized=True, default_trials=20000),
        Quantity("test_error_mc", "Monte Carlo of the cap volume beyond x1 > h", _mc_test_error, requires=("h",),
                 randomized=True, default_trials=200000),
    ),
)
