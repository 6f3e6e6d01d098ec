"""``zunkovic-1d``: the registered 1-D exponential model (quantities, Monte Carlo and the Model)."""
from __future__ import annotations

import mpmath

from ...errors import InputError
from ...numeric import to_mpf
from ..base import Model, MonteCarlo, Quantity
from .one_d_numeric import (EQ14_MAX_GUARD, eps_lambda, eq14_affordable, eq17_guard, flow_constants,
                            generalization_time, grokking_probability, grokking_probability_eq14, grokking_time_mode,
                            grokking_time_pdf, grokking_time_pdf_eq17, test_error)
from .one_d_symbolic import PARAMETERS, build_theory, derivation, derived

__all__ = ["MODEL"]


def _need_N(params) -> int:
    return int(params["N"])


#: Work limits, measured on one core (pure-Python mpmath).  ``verified`` computes at w = dps + 15 and
#: again at w = 2 dps + 30 working digits; the cost of these quantities grows like N * w:
#: the finite sum has O(N) terms (~10 s at N = 10^5, --dps 30); the t_G density is a quadrature whose
#: integrand has O(N) terms (~6 s at N = 10, --dps 30; ~16 s at N = 30; ~18 s at N = 10, --dps 100);
#: its mode is a root of a numerical derivative of that quadrature (16-30 s at N = 2..10, --dps 30).
PROBABILITY_WORK = 9 * 10**6          # N * working digits (N = 10^5 at --dps 30)
PDF_WORK = 2700                       # N * working digits (N = 30 at --dps 30, or N = 10 at --dps 120)
MODE_MAX_N, MODE_MAX_DPS = 10, 30
#: Monte-Carlo samples held in memory at once (trials x 2N float64, about 1 GB with the copies).
MC_MAX_SAMPLES = 2 * 10**7


def _check_work(params, w, limit, what, why):
    """Refuse N at working precision ``w`` when N * w exceeds ``limit`` (checked at each working precision)."""
    n = _need_N(params)
    if n * w > limit:
        raise InputError(f"{what}: N = {n} needs N * (working digits) <= {limit} to run in seconds ({why}); "
                         f"the working digits are --dps + 15, and 2 --dps + 30 for the verifying recomputation, "
                         f"here {w}: lower N or --dps")


def _q_probability(params, dps):
    n, e_l = _need_N(params), eps_lambda(params)
    _check_work(params, dps, PROBABILITY_WORK, "grokking_probability", "the finite sum has O(N) terms")
    out = {"grokking_probability": grokking_probability(n, e_l, dps)}
    if eq14_affordable(n, e_l):                   # the cross-check only where its cancellation is affordable
        out["grokking_probability_eq14"] = grokking_probability_eq14(n, e_l, dps)
    out["eps_lambda"] = to_mpf(e_l, dps)
    return out


def _q_exponent(params, dps):
    d = derived()
    out = {"exponent": to_mpf(d["nu"], dps)}
    if params.get("eps") is not None:
        e_l = eps_lambda(params)
        out["averaged_prefactor"] = to_mpf(e_l, dps) / 2          # Eq. 10, <(1+λ2)(ε - x̄_λ)>/2 = ε_λ/2
    return out


def _q_eps_lambda(params, dps):
    return {"eps_lambda": to_mpf(eps_lambda(params), dps)}


def _q_test_error(params, dps):
    bt, E = test_error(params, dps)
    out = {"test_error": E, "b": bt}
    with mpmath.workdps(dps + 10):
        c, xl, e, bb = flow_constants(params)
        if bb > e > xl:
            out["t_eps"] = generalization_time(params, dps)
            out["prefactor"] = (e - xl) * c / 2
    return out


def _q_tg_pdf(params, dps):
    n, e_l = _need_N(params), eps_lambda(params)
    if e_l == 0:
        raise InputError("grokking_time_pdf needs eps_lambda = eps(1+lambda2)+lambda1 > 0")
    _check_work(params, dps, PDF_WORK, "grokking_time_pdf", "a quadrature whose integrand has O(N) terms")
    out = {"grokking_time_pdf": grokking_time_pdf(n, e_l, params["lambda2"], params["t"], dps),
           "unnormalised": grokking_time_pdf(n, e_l, params["lambda2"], params["t"], dps, normalised=False)}
    if n == 2 and params["lambda2"] == 0 and eq17_guard(e_l, params["t"]) is not None:
        out["unnormalised_eq17"] = grokking_time_pdf_eq17(e_l, params["t"], dps)
    return out


def _q_tg_mode(params, dps):
    n, e_l = _need_N(params), eps_lambda(params)
    if n > MODE_MAX_N:
        raise InputError(f"grokking_time_mode: N = {n} is beyond what runs in seconds (at most {MODE_MAX_N}: the "
                         f"mode is a root of a numerical derivative of the t_G quadrature)")
    return {"grokking_time_mode": grokking_time_mode(n, e_l, params["lambda2"], dps)}


def _check_samples(n, trials):
    if 2 * n * trials > MC_MAX_SAMPLES:
        raise InputError(f"--trials {trials} at N = {n} draws 2 N trials = {2 * n * trials} samples at once; the "
                         f"limit is {MC_MAX_SAMPLES} (about 1 GB): lower --trials or N")


def _mc_sampling(params, dps, *, seed, trials):
    """Direct sampling of data sets: grokking indicator and t_G from the sampled (x̄, x_min)."""
    import numpy as np
    from ...numeric.montecarlo import proportion
    from .simulation import mean_stderr, one_d_datasets
    n, e = _need_N(params), float(params["eps"])
    _check_samples(n, trials)
    l1f, l2f = float(params["lambda1"]), float(params["lambda2"])
    x, _ = one_d_datasets(n, e, trials, seed)
    xb = x.mean(axis=1)
    b_inf = np.sign(xb) * np.maximum(np.abs(xb) - l1f, 0) / (1 + l2f)       # fixed point of the flow
    groks = np.abs(b_inf) <= e                                             # zero final test error
    xmin = x[:, :n].min(axis=1) - e
    xl = (xb - l1f) / (1 + l2f)
    tg = np.log((e + xmin[groks] - xl[groks]) / (e - xl[groks])) / (1 + l2f)
    p, se, ci = proportion(int(np.sum(groks)), len(groks))
    m, sm = mean_stderr(tg)
    return MonteCarlo({"grokking_probability": mpmath.mpf(p), "mean_grokking_time": mpmath.mpf(m)},
                      {"grokking_probability": mpmath.mpf(se), "mean_grokking_time": mpmath.mpf(sm)},
                      {"grokking_probability": ci})


def _mc_gd(params, dps, *, seed, trials):
    """Gradient descent (Euler dt = 0.01, proximal L1) on sampled data sets."""
    import numpy as np
    from ...numeric.montecarlo import proportion
    from .simulation import mean_stderr, one_d_gradient_descent
    n = _need_N(params)
    _check_samples(n, trials)
    res = one_d_gradient_descent(n, float(params["eps"]), float(params["lambda1"]), float(params["lambda2"]),
                                 trials=trials, seed=seed, b0=float(params["b0"]))
    p, se, ci = proportion(int(np.sum(res["groks"])), len(res["groks"]))
    ok = res["groks"] & res["valid"] & ~np.isnan(res["t_train"])
    m, sm = mean_stderr(res["t_test"][ok] - res["t_train"][ok])
    return MonteCarlo({"grokking_probability": mpmath.mpf(p), "mean_grokking_time": mpmath.mpf(m)},
                      {"grokking_probability": mpmath.mpf(se), "mean_grokking_time": mpmath.mpf(sm)},
                      {"grokking_probability": ci})


MODEL = Model(
    name="zunkovic-1d",
    description="1-D exponential model: grokking probability, exponent nu = 1, grokking-time density",
    parameters=PARAMETERS,
    theory=build_theory,
    derivation=derivation,
    quantities=(
        Quantity("grokking_probability", "P_{E(inf)=0}: finite sum and corrected Eq. 14 (both reported while "
                 f"Eq. 14's cancellation, 2N eps_lambda/ln 10 digits, is at most {EQ14_MAX_GUARD})",
                 _q_probability, requires=("eps",)),
        Quantity("exponent", "critical exponent nu of E ~ (t_eps - t)^nu, derived (= 1); with eps also the "
                             "averaged prefactor eps_lambda/2 (Eq. 10)", _q_exponent),
        Quantity("eps_lambda", "effective margin eps(1+lambda2)+lambda1 (Eq. 10)", _q_eps_lambda, requires=("eps",),
                 exact=lambda p: {"eps_lambda": eps_lambda(p)}),
        Quantity("test_error", "E(t), b(t), t_eps and the Eq. 9 prefactor for one data set (xbar, b0)",
                 _q_test_error, requires=("eps", "xbar", "t")),
        Quantity("grokking_time_pdf", "normalised and unnormalised density of t_G at t (Eq. 16; Eq. 17 for N=2)",
                 _q_tg_pdf, requires=("eps", "t")),
        Quantity("grokking_time_mode", "the mode of the t_G density (Fig. 5)", _q_tg_mode, requires=("eps",),
                 max_dps=MODE_MAX_DPS),
        Quantity("grokking_probability_mc", "Monte Carlo over sampled data sets: grokking fraction and mean t_G",
                 _mc_sampling, requires=("eps",), randomized=True, default_trials=100000,
                 max_trials=MC_MAX_SAMPLES // 2),
        Quantity("grokking_probability_gd", "gradient descent (Euler dt=0.01, proximal L1, b0) on sampled data "
                                            "sets: grokking fraction and mean t_G", _mc_gd, requires=("eps",),
                 randomized=True, default_trials=5000,
                 max_trials=10**5),                      # 3000 Euler steps on arrays of trials: 37 s at 2 10^5
    ),
)
