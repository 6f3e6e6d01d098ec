r"""Registered claims of the fixed-attention rule-30 experiments (§4.3.1: Fig. 13, Figs. 15-17, Table 1).

Conventions (theory page; :mod:`.rule30_fixed`): strengths and times in the paper's units with the loss summed
over the 8 training strings (``loss="sum"``), the test set every position of 100 random strings of length 200,
B(0) with N(0, 1) entries, 40 runs per setting, seed 0.  The exponent is the slope of the
:math:`t_\varepsilon`-aligned mean error on :math:`t_\varepsilon - t \in [0.01, 0.3]`; it moves by 0.2-0.3 when
that window moves by a factor 3, hence the tolerance 0.15.  Full mode: about 3 minutes for the Fig. 15
claims (shared with the figures), the others a few seconds.
"""
from __future__ import annotations

import numpy as np
import sympy as sp

from ...claims import Claim
from . import PAPER
from .rule30_fixed import FIG15, TABLE1, exact_attention_transition, fig15_run, g_eigenvalue_groups, table1_row

__all__ = ["rule30_fixed_claims"]

R = sp.Rational


def _fig13(dps):
    r = exact_attention_transition(runs=100, seed=0)
    return {"value": float(np.mean(r["jumps"])), "min_jump": float(r["jumps"].min()), "max_jump": float(r["jumps"].max()),
            "runs": r["runs"], "jump_in_misclassified_fraction": float(np.mean(r["jumps"])) / 2,
            "t_train_equals_t_eps": r["t_train_equals_t_eps"]}


#: Fig. 13 marker centres read off the v1 SVG (fig9-tn_1st_exact.svg; y: 0 at 109.43, 1 at 7; x: 0 at 199.74,
#: 56.27 px per unit): (t - t_eps, E)
FIG13_READINGS = ((-2.73, 0.990), (-0.209, 0.356), (-0.031, 0.258))


def _fig13_curve(dps):
    taus = [-t for t, _ in FIG13_READINGS]
    r = exact_attention_transition(runs=200, seed=0, taus=taus)
    rows = [{"t_minus_t_eps": t, "reading": e, "mean_error": float(v)} for (t, e), v in zip(FIG13_READINGS, r["mean_error"])]
    worst = max(abs(row["mean_error"] - row["reading"]) for row in rows)
    return {"value": worst, "holds": worst <= 0.05, "points": rows, "runs": r["runs"]}


def _fig15(name):
    def compute(dps):
        rows = []
        for lam1, lam2, nu_paper in FIG15[name]:
            o = fig15_run(name, lam1, lam2)
            rows.append({"lambda1": lam1, "lambda2": lam2, "nu_paper": nu_paper, "nu": o["nu"],
                         "runs_aligned": o["runs_aligned"], "t_G_mean": float(np.nanmean(o["t_G"]))})
        worst = max(abs(r["nu"] - r["nu_paper"]) for r in rows)
        return {"value": worst, "holds": worst <= 0.15, "all_below_one": all(r["nu"] < 1 for r in rows), "settings": rows}
    return compute


def _table1(name, column):
    def compute(dps):
        row = table1_row(name)
        return {"value": row[column], **{k: v for k, v in row.items() if k != column}}
    return compute


def _l2_longer(dps):
    rows = {}
    for name, (lam_l2, base) in {"example2": ((0, 0.1), (0, 0)), "example3": ((0, 0.2), (0, 0))}.items():
        a, b = fig15_run(name, *lam_l2), fig15_run(name, *base)
        rows[name] = {"t_G_mean_with_l2": float(np.nanmean(a["t_G"])), "t_G_mean_without": float(np.nanmean(b["t_G"]))}
    longer = [n for n, r in rows.items() if r["t_G_mean_with_l2"] > r["t_G_mean_without"]]
    return {"value": len(longer), "holds": bool(longer), "tensors_where_l2_lengthens": longer, "means": rows}


def _g_groups(dps):
    ratios = {n: g_eigenvalue_groups(n)["ratio"] for n in FIG15}
    return {"value": min(ratios.values()), "holds": min(ratios.values()) >= 5, "ratios": ratios}


def rule30_fixed_claims() -> tuple:
    src = "40 runs per setting, seed 0, test set 100 random strings of length 200 (rule30_fixed)"
    out = [
        Claim("zunkovic-ball/fig13-jump", "zunkovic-ball", PAPER.short, "Sec. 4.3.1, Fig. 13",
              "with the exact attention tensors the averaged test error jumps by 1/4 at t_eps (first order)", _fig13,
              R(1, 4), R(1, 10**9),
              note="the 8 features are orthonormal; every run (100, B(0) ~ N(0,1)) ends with one of the 8 equally likely "
                   "neighbourhoods flipping: 1/8 of the windows, 1/4 in the paper's error <|y - sgn yhat|> (Fig. 13's "
                   "vector data start at 0.99 and end at 0.258 just before t_eps)",
              source="paper Fig. 13; exact flow of B", measures="jump"),
        Claim("zunkovic-ball/fig13-curve", "zunkovic-ball", PAPER.short, "Sec. 4.3.1, Fig. 13",
              "the aligned mean test error with exact attention (three points of the plotted curve)", _fig13_curve,
              None, note="in the paper's time (the loss summed over the 8 training strings: the Eq.-2 time over 8) "
                         "the curve falls from about 1 (random B(0)) to 1/4; within 0.05 of the readings with 200 runs",
              source="v1 SVG marker centres, +-0.01", figure=True, measures="largest deviation"),
        *[Claim(f"zunkovic-ball/fig15-{name}", "zunkovic-ball", PAPER.short, "Sec. 4.3.1, Fig. 15",
                f"fixed-attention exponents of App. C {name}: " + ", ".join(
                    f"lambda1={a}, lambda2={b}: nu={c}" for a, b, c in FIG15[name]), _fig15(name), None,
                expect="agrees" if name == "example3" else "differs",
                note={"example1": "reproduced at lambda1 = 0.01 and lambda2 = 0.1 (0.87, 0.79); at lambda1 = 0.1 the "
                                  "slope is 1.14 (paper 0.85)",
                      "example2": "the slopes are 0.42, 0.41, 0.42 (paper 0.77, 0.76, 0.72): ν < 1 and weakly "
                                  "dependent on lambda, as stated, but not the legend values",
                      "example3": "0.73, 0.79, 0.75 against 0.82, 0.86, 0.82"}[name]
                + " (value: the largest |nu - legend|, tolerance 0.15; the fit window is not stated in the paper)",
                source=src, quick=False, measures="largest deviation")
          for name in FIG15],
        Claim("zunkovic-ball/fig17-l2-longer", "zunkovic-ball", PAPER.short, "Sec. 4.3.1, Fig. 17",
              "larger lambda2 often increases the grokking time (unlike the ball model)", _l2_longer, None,
              note="mean t_G grows with lambda2 = 0.1 for example 2 (0.60 -> 1.47) and falls with lambda2 = 0.2 for "
                   "example 3 (0.85 -> 0.38)", source=src, quick=False, measures="count"),
        Claim("zunkovic-ball/fig17-g-groups", "zunkovic-ball", PAPER.short, "Sec. 4.3.1, Fig. 17",
              "the eigenvalues of G split into two groups an order of magnitude apart", _g_groups, None,
              note="G of the App. C tensors (lambda = 0) has four doubly degenerate eigenvalues; the geometric means "
                   "of the upper and lower pairs differ by a factor 6-12", source="App. C tensors", measures="ratio"),
    ]
    for name, (d_eff, _nu, xi, _eps) in TABLE1.items():
        out.append(Claim(f"zunkovic-ball/table1-{name}-D_eff", "zunkovic-ball", PAPER.short, "Table 1",
                         f"D_eff of App. C {name} is {d_eff}", _table1(name, "D_eff"), R(str(d_eff)), R(2, 10),
                         absolute=True, note="PCA per class of the test-set features, averaged over the two classes "
                                             "(the pooled PCA gives 3.8 / 5.4 / 5.2)", source="paper Table 1"))
        out.append(Claim(f"zunkovic-ball/table1-{name}-xi", "zunkovic-ball", PAPER.short, "Table 1, Fig. 16",
                         f"xi* of App. C {name} is {xi}", _table1(name, "xi_star"), R(str(xi)), R(1, 10), absolute=True,
                         note="largest histogram density of the context angles against 10^2..10^5 bins, per class; "
                              "xi* = max over the classes of left + right exponents (2 x 10^5 contexts)",
                         source="paper Table 1"))
    return tuple(out)
