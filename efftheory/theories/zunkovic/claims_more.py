r"""Registered claims for results the package computed but had not registered (audit items 18-20, 35, 46, 53-56,
58 and the Fig. 14 conventions).

Qualitative statements of the paper are checked on the package's formulas: the Fig. 5 panels on the float64
twin of the verified t_G density (a figure-level check of shape, on a grid of step 0.01), the Fig. 9 panels on
Eqs. 43-47, Eq. 50 by an independent quadrature of the boundary mass, and the Fig. 14 conventions by the
fixed-attention Monte Carlo.
"""
from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp

from ...claims import Claim
from . import PAPER
from . import ball_numeric as ball
from .ball_symbolic import Ds, derived, xis
from .one_d_numeric import grokking_time_pdf_np
from .rule30_experiments import FIG14_READINGS, fixed_attention_outcome, sample_attention_tensors

__all__ = ["more_one_d_claims", "more_ball_claims"]

R = sp.Rational


def _p(N, D, eps, lam2, alpha3="corrected"):
    return {"N": sp.Integer(N), "D": sp.Integer(D), "eps": sp.Rational(eps), "lambda1": sp.Integer(0),
            "lambda2": sp.Rational(lam2), "alpha3": alpha3}


@lru_cache(maxsize=1)
def _fig5_stats():
    """(mode, mean) of the normalised t_G density for eps_lambda in (0.4, 0.04, 0.004) and N in (2, 5, 10)."""
    ts = np.linspace(0, 40, 4001)
    stats = {}
    for el in (0.4, 0.04, 0.004):
        for N in (2, 5, 10):
            f = grokking_time_pdf_np(N, el, 0.0, ts, nodes=40)
            stats[el, N] = (float(ts[np.argmax(f)]), float(np.trapezoid(ts * f, ts) / np.trapezoid(f, ts)))
    return stats


def _fig5(which):
    def compute(dps):
        stats = _fig5_stats()
        if which == "0.4":
            holds = all(stats[0.4, N][0] == 0 for N in (2, 5, 10))
            value = max(stats[0.4, N][0] for N in (2, 5, 10))
        elif which == "0.004":
            holds = all(0 < stats[0.04, N][0] < stats[0.004, N][0] for N in (2, 5, 10))
            value = min(stats[0.004, N][0] for N in (2, 5, 10))
        else:
            means = {k: v[1] for k, v in stats.items()}
            holds = all(means[el, 2] > means[el, 5] > means[el, 10] for el in (0.4, 0.04, 0.004)) and \
                all(means[0.004, N] > means[0.04, N] > means[0.4, N] for N in (2, 5, 10))
            value = means[0.04, 2]
        return {"value": value, "holds": holds, "mode_and_mean_by_eps_lambda_N": {f"{k[0]},N={k[1]}": v for k, v in stats.items()}}
    return compute


def more_one_d_claims() -> tuple:
    src = "normalised t_G density (Eq. 16 over the joint law of xbar and x_min), float64 twin on t in [0, 40]"
    return (
        Claim("zunkovic-1d/fig5-eps0.4", "zunkovic-1d", PAPER.short, "Fig. 5 (eps_lambda = 0.4)",
              "at the largest eps_lambda the t_G densities are largest at small t_G (N = 2, 5, 10)", _fig5("0.4"), None,
              source=src, figure=True, measures="mode"),
        Claim("zunkovic-1d/fig5-eps0.004", "zunkovic-1d", PAPER.short, "Fig. 5 (eps_lambda = 0.004)",
              "at smaller eps_lambda the densities have an interior maximum that moves right as eps_lambda decreases",
              _fig5("0.004"), None, note="modes 4.46 / 3.75 / 3.08 at eps_lambda = 0.004 against 2.16 / 1.41 / 0.70 at 0.04",
              source=src, figure=True, measures="mode"),
        Claim("zunkovic-1d/mean-tG-trend", "zunkovic-1d", PAPER.short, "Sec. 3.2.3",
              "the mean grokking time decreases with N and with eps_lambda", _fig5("mean"), None, source=src,
              measures="mean t_G"),
    )


def _l2_maximum(dps):
    grid = [0, R(1, 10), 1, 3, 10, 30, 100, 10**4]
    vals = {str(l2): ball.eq86(_p(10, 2, R(101, 100), l2), dps) for l2 in grid}
    limit = ball.eq30(_p(10, 2, R(101, 100), 10**8), dps)
    v = list(vals.values())
    k = int(np.argmax([float(x) for x in v]))
    holds = 0 < k < len(v) - 1 and all(b > a for a, b in zip(v[:k], v[1:k + 1])) and v[k] > limit
    return {"value": v[k], "holds": holds, "argmax_lambda2": str(grid[k]), "eq86_by_lambda2": vals,
            "lambda2_to_infinity_eq30": limit}


def _eq87(dps):
    p = _p(10**4, 5, 1 + R(1, 10**5), 1000)
    a, b = ball.eq86(p, dps), ball.eq30(p, dps)
    return {"value": abs(a - b) / a, "holds": abs(a - b) / a < mpmath.mpf("0.02"), "eq86": a, "eq30": b}


def _fig9_lambda2(dps):
    ts = {str(l2): ball.t_slow(5, 2, l2, dps) for l2 in (0, R(1, 100), R(5, 100))}
    v = list(ts.values())
    return {"value": v[0], "holds": v[0] > v[1] > v[2], "t_slow_by_lambda2": ts, "p_fast": ball.p_fast(5, 2, dps),
            "note": "p_fast = F_chi2(1 - eps^-2) does not contain lambda2 (Eq. 45)"}


def _fig9_eps(dps):
    rows = {}
    for e in (R(3, 2), 2, R(5, 2)):
        grid = [R(k, 400) for k in range(1, 400)]
        dens = [ball.fast_pdf(5, e, t, 12) for t in grid]
        rows[str(e)] = {"p_fast": ball.p_fast(5, e, dps), "t_slow": ball.t_slow(5, e, R(1, 100), dps),
                        "fast_mode": grid[int(np.argmax([float(x) for x in dens]))]}
    r = list(rows.values())
    holds = r[0]["p_fast"] < r[1]["p_fast"] < r[2]["p_fast"] and r[0]["t_slow"] > r[1]["t_slow"] > r[2]["t_slow"] \
        and r[0]["fast_mode"] > r[1]["fast_mode"] > r[2]["fast_mode"]
    return {"value": r[1]["t_slow"], "holds": holds, "by_eps": rows}


def _eq50(dps):
    D, xi = 4, R(1, 3)
    nu = derived()["nu_xi"].subs({Ds: D, xis: xi})
    # independent route: mass beyond a hyperplane at 1 - delta for the density (1-|x|)^-xi in D = 4, radial shells
    with mpmath.workdps(30):
        def mass(delta):
            h = 1 - delta
            # shell of radius r (r > h): surface fraction beyond x1 > h times (1 - r)^-xi r^{D-1}
            cap = lambda r: mpmath.quad(lambda s: (1 - s**2) ** mpmath.mpf(0.5), [h / r, 1])  # noqa: E731  (D = 4: (1-s^2)^{(D-3)/2})
            return mpmath.quad(lambda r: cap(r) * (1 - r) ** (-mpmath.mpf(xi.p) / xi.q) * r**3, [h, 1])
        d1, d2 = mpmath.mpf("1e-4"), mpmath.mpf("2e-4")
        slope = mpmath.log(mass(d2) / mass(d1)) / mpmath.log(2)
    return {"value": slope, "derived_exponent": nu, "delta_window": "1e-4..2e-4"}


def _fig14_depth4(dps):
    A = sample_attention_tensors(20000, seed=0)
    out = fixed_attention_outcome(A, test_depth=4)
    k = int(out.test_ok.sum())
    p, paper = k / 20000, FIG14_READINGS["none"][0][1]
    se = float(np.sqrt(p * (1 - p) / 20000))
    z = (p - paper) / (se * np.sqrt(2))              # both are 20 000-tensor Monte Carlo estimates
    return {"value": p, "holds": abs(z) <= 2, "stderr": se, "z_vs_paper_two_samples": z,
            "by_depth_seed0": {"3": 0.02765, "4": p, "5": 0.02195, "6": 0.02145, "8": 0.02095, "12": 0.0202}}


def _fig14_l2_shape(dps):
    A = sample_attention_tensors(4000, seed=0)
    base = fixed_attention_outcome(A).test_ok.mean()
    rows, worst = [], 0.0
    for lam, reading in FIG14_READINGS["lambda2"]:
        p = fixed_attention_outcome(A, lambda2=lam / 8).test_ok.mean()
        ratio, paper = p / base, reading / FIG14_READINGS["none"][0][1]
        worst = max(worst, abs(ratio - paper))
        rows.append({"lambda2": lam, "ratio": ratio, "paper_ratio": paper})
    return {"value": worst, "holds": worst <= 0.1, "P_G_none": base, "ratios": rows}


def more_ball_claims() -> tuple:
    return (
        Claim("zunkovic-ball/l2-maximum", "zunkovic-ball", PAPER.short, "Sec. 3.3.2",
              "for lambda1 = 0 the probability increases with lambda2 up to a maximum", _l2_maximum, None,
              note="Eq. 86 (corrected alpha3) at N = 10, D = 2, eps = 1.01 rises from 0.49 to 0.796 at lambda2 ~ 10 and "
                   "then falls slightly to its lambda2 -> infinity limit 0.795 (Eq. 30); where that limit is 1 the "
                   "rise is monotone", source="Eq. 86 and Eq. 30"),
        Claim("zunkovic-ball/eq87", "zunkovic-ball", PAPER.short, "Eq. 87",
              "Eq. 86 reduces to Eq. 30 for N >> lambda_{2,D} >> 1", _eq87, None,
              source="Eqs. 86 and 30 at N = 10^4, lambda2 = 1000, D = 5, eps = 1 + 10^-5", measures="relative difference"),
        Claim("zunkovic-ball/fig9-lambda2", "zunkovic-ball", PAPER.short, "Fig. 9 (lambda2 panel), Sec. 3.3.3",
              "lambda2 moves only the slow peak: smaller lambda2, later delta (lambda2 = 0, 0.01, 0.05)", _fig9_lambda2,
              None, source="Eqs. 45, 47", figure=True, measures="t_slow"),
        Claim("zunkovic-ball/fig9-eps", "zunkovic-ball", PAPER.short, "Fig. 9 (eps panel), Sec. 3.3.3",
              "larger eps makes both branches earlier and raises the fast weight (eps = 1.5, 2, 2.5)", _fig9_eps, None,
              source="Eqs. 43-47 (fast-branch mode on a grid of step 1/400)", figure=True, measures="t_slow"),
        Claim("zunkovic-ball/eq50-xi", "zunkovic-ball", PAPER.short, "Eq. 50",
              "a density diverging like dh^-xi at the boundary gives nu = (D+1)/2 - xi (D = 4, xi = 1/3: 13/6)", _eq50,
              R(13, 6), R(1, 1000),
              note="value: the log-slope of the boundary mass between delta = 1e-4 and 2e-4 by direct quadrature over "
                   "radial shells (D = 4); the derivation record gives exactly 13/6", source="paper Eq. 50",
              measures="log-slope"),
        Claim("zunkovic-ball/fig14-none-depth4", "zunkovic-ball", PAPER.short, "Sec. 4.3.1, Fig. 14",
              "without regularisation P_G = 0.0246, with a test set of windows of up to 4 symbols per side",
              _fig14_depth4, None,
              note="P_G falls with the test depth (0.0277 at 3, 0.0231 at 4, 0.0202 at 12; 20 000 tensors, seed 0); "
                   "the paper's test set is not stated, depth 4 is within 2 two-sample standard errors of its reading "
                   "(the package's default test_depth stays 12, nearest to 'all lengths')", source="Fig. 14 reading"),
        Claim("zunkovic-ball/fig14-l2-shape", "zunkovic-ball", PAPER.short, "Sec. 4.3.1, Fig. 14",
              "P_G(lambda2)/P_G(0) on the paper's lambda2 grid (0.63, 0.42, 0.31, 0.22, 0.18)", _fig14_l2_shape, None,
              note="with every strength divided by 8 (the loss summed over the 8 training strings, as for Fig. 15) the "
                   "ratios agree within 0.1 (4000 tensors, seed 0); with Eq. 2 as printed they fall about 8x faster",
              source="Fig. 14 readings", quick=False, measures="largest ratio deviation"),
    )
