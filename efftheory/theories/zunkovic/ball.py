"""``zunkovic-ball``: the registered D-ball model (quantities, Monte Carlo and the Model)."""
from __future__ import annotations

import mpmath

from ...errors import InputError
from ...numeric import to_mpf
from ...numeric.montecarlo import proportion
from ..base import Model, MonteCarlo, Quantity
from .ball_numeric import (ball_test_error, boundary_mass_prefactor, c_D, coefficients, eq30, eq33, eq33_max, eq86,
                           fast_pdf, large_d_threshold, p_fast, t_slow)
from .ball_l1_numeric import eq32, eq33_bound, eq89, eq90
from .ball_l1_symbolic import l1_derivation
from .ball_symbolic import PARAMETERS, Ds, build_theory, derivation, derived, xis

__all__ = ["MODEL"]


def _converging(compute):
    """``compute`` with mpmath's NoConvergence (its incomplete gamma/beta series at extreme D, N or eps)
    reported as a ConvergenceError (exit 3) naming what was tried."""
    from functools import wraps

    from ...errors import ConvergenceError

    @wraps(compute)
    def wrapped(p, dps, **kw):
        try:
            return compute(p, dps, **kw)
        except mpmath.libmp.NoConvergence as exc:
            raise ConvergenceError(f"{compute.__name__.lstrip('_q')}: mpmath's series did not converge at "
                                   f"N={p['N']}, D={p['D']}, eps={p['eps']} and {dps} working digits ({exc})") from None
    return wrapped


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


def _derivation(params=None):
    """The ball derivation followed by the L1 steps (Eqs. 31-33, 88-90) of :mod:`.ball_l1_symbolic`."""
    from ...symbolic import Derivation
    base, l1 = derivation(params), l1_derivation(params)
    return Derivation(base.title + "; L1: Eqs. 31-33, 88-90", base.steps + l1.steps,
                      {**base.symbol_names, **l1.symbol_names}, summary=base.summary + " " + l1.summary)


#: The L1 probabilities are quadratures of an exact series whose degree is (D - 1) x the terms of g: at
#: N = 10, D = 10 about 24 s of CPU at the default --dps 30 (verified at 40 and 70 working digits); D <= 20
#: and degree <= 1500 (at --dps 30 that is D <~ 15; beyond, exit 2 with the limit named).
L1_MAX_DPS = 40


def _need_l1(p, what):
    if p["lambda1"] == 0:
        raise InputError(f"{what} needs lambda1 > 0 (got lambda1 = 0; for lambda1 = 0 use grokking_probability, Eq. 86)")


def _q_l1(p, dps):
    _need_l1(p, "grokking_probability_l1")
    return {"grokking_probability_l1": eq32(p, dps), "grokking_probability_l1_chi2": eq32(p, dps, rk="chi2"),
            "bound_eq33": eq33_bound(p, dps)}


def _q_l1_appendix(p, dps):
    _need_l1(p, "grokking_probability_l1_appendix")
    return {"grokking_probability_l1_appendix": eq89(p, dps), "grokking_probability_l1_appendix_chi2":
            eq89(p, dps, rk="chi2"), "bound_eq90": eq90(p, dps)}


#: Monte-Carlo limits (NumPy, one core; 10^7 data sets at the defaults took 131 s): the stationary points
#: cost ~ trials (2N D^2 + D^3) flops
#: (times ~400 sweeps for lambda1 > 0), in batches of 2000 data sets of (2N x D) inputs and (D x D) Gram
#: matrices; the cap volume draws trials x D normals at once.
MC_MAX_FLOPS = 10**10
MC_MAX_BATCH_FLOATS = 10**8                  # 2000 (2N D + D^2) floats: 0.8 GB
MC_MAX_POINTS = 5 * 10**7                    # trials x D for test_error_mc: 0.4 GB per copy


#: Eq. 86, Eq. 30 and the bound's maximiser are quadratures/root searches of incomplete gamma and erf
#: functions: ~20 s at --dps 100 for the defaults (pure-Python mpmath), > 40 s at --dps 1000.
QUAD_MAX_DPS = 100


def _check_mc(p, trials):
    n, D = int(p["N"]), int(p["D"])
    per = 2 * n * D * D + D**3
    flops = trials * per * (400 * D if p["lambda1"] != 0 else 1)
    if min(trials, 2000) * (2 * n * D + D * D) > MC_MAX_BATCH_FLOATS:
        raise InputError(f"grokking_probability_mc: N = {n}, D = {D} need 2000 (2N D + D^2) = "
                         f"{2000 * (2 * n * D + D * D)} floats per batch; the limit is {MC_MAX_BATCH_FLOATS} (0.8 GB)")
    if flops > MC_MAX_FLOPS:
        raise InputError(f"grokking_probability_mc: --trials {trials} at N = {n}, D = {D} costs about {flops:.1e} "
                         f"flops (trials (2N D^2 + D^3), x 400 D sweeps for lambda1 > 0); the limit is "
                         f"{MC_MAX_FLOPS:.0e} (about a minute): lower --trials, N or D")


def _mc_prob(p, dps, *, seed, trials):
    from .simulation import ball_grokking_mc
    _check_mc(p, trials)
    val, _ = ball_grokking_mc(int(p["N"]), int(p["D"]), float(p["eps"]), float(p["lambda1"]), float(p["lambda2"]),
                              trials=trials, seed=seed)
    val, se, ci = proportion(round(val * trials), trials)
    return MonteCarlo({"grokking_probability": mpmath.mpf(val)}, {"grokking_probability": mpmath.mpf(se)},
                      {"grokking_probability": ci})


def _mc_test_error(p, dps, *, seed, trials):
    from .simulation import ball_points
    if trials * int(p["D"]) > MC_MAX_POINTS:
        raise InputError(f"test_error_mc: --trials {trials} at D = {p['D']} draws {trials * int(p['D'])} normals at "
                         f"once; the limit is trials x D <= {MC_MAX_POINTS} (0.4 GB)")
    x = ball_points(int(p["D"]), (trials,), seed)
    val, se, ci = proportion(int((x[:, 0] > float(p["h"])).sum()), trials)
    return MonteCarlo({"test_error": mpmath.mpf(val)}, {"test_error": mpmath.mpf(se)}, {"test_error": ci})


MODEL = Model(
    name="zunkovic-ball",
    description="D-ball model: Eq. 86 grokking probability (alpha3 paper|corrected), exponent (D+1)/2, grokking time",
    parameters=PARAMETERS,
    theory=build_theory,
    derivation=_derivation,
    quantities=(
        Quantity("grokking_probability", "Eq. 86 (lambda1 = 0) with the chosen alpha3, and the Gaussian moments",
                 _converging(_q_prob),
                 max_dps=QUAD_MAX_DPS),
        Quantity("grokking_probability_bound", "Eq. 33 at lambda1, its maximum over lambda1 and the maximiser", _converging(_q_bound),
                 max_dps=QUAD_MAX_DPS),
        Quantity("grokking_probability_l1", "Eq. 32 (lambda1 > 0, N >> lambda_{2,D} >> 1) with the exact law R_k of "
                 "the thresholded components, with the paper's chi^2_k replacement (a lower bound), and Eq. 33",
                 _converging(_q_l1), max_dps=L1_MAX_DPS),
        Quantity("grokking_probability_l1_appendix", "Eq. 89 (lambda1 > 0, first order in N^{-1/2}, corrected, "
                 "alpha3 as chosen), exact R_k and chi^2_k, and the bound Eq. 90", _converging(_q_l1_appendix),
                 max_dps=L1_MAX_DPS),
        Quantity("grokking_probability_eq30", "Eq. 30 (valid only for N >> lambda_{2,D} >> 1)", _converging(_q_eq30),
                 max_dps=QUAD_MAX_DPS),
        Quantity("exponent", "critical exponent (D+1)/2 - xi (derived), and (D+1)/2", _converging(_q_exponent)),
        Quantity("c_D", "prefactor of E_D ~ c_D (1-h)^{(D+1)/2} (Eq. 23); for xi > 0 also the exact boundary-mass "
                        "prefactor", _converging(_q_cD)),
        Quantity("p_fast", "weight of the fast branch of the t_G density (Eq. 45)", _converging(_q_pfast)),
        Quantity("t_slow", "position of the slow-branch delta (Eq. 47, or self-consistent with slow=...)", _converging(_q_tslow)),
        Quantity("fast_pdf", "fast-branch t_G density at t (Eqs. 43-44)", _converging(_q_fastpdf), requires=("t",)),
        Quantity("large_d_threshold", "eps* with 2N eps^2 (eps^2 - 1) = 1 (large-D limit of corrected Eq. 86)",
                 _converging(_q_threshold)),
        Quantity("test_error", "E_D(h) = I_{1-h^2}((D+1)/2, 1/2)/2 (Eq. 22)", _converging(_q_test_error), requires=("h",)),
        Quantity("grokking_probability_mc", "exact finite-N Monte Carlo of the stationary point (G^{-1}a or LASSO)",
                 _converging(_mc_prob), randomized=True, default_trials=20000,
                 max_trials=2 * 10**6),                  # ~13 us per data set at the defaults: ~26 s
        Quantity("test_error_mc", "Monte Carlo of the cap volume beyond x1 > h", _converging(_mc_test_error), requires=("h",),
                 randomized=True, default_trials=200000),
    ),
)
