"""Claims of Liu et al. (2022) checked on the trained toy model: Figs. 4b, 5b and 10, and the
four learning phases of §4 (the stored phase diagram of :mod:`.phase_data`)."""
from __future__ import annotations

import statistics

import sympy as sp

from ...claims import Claim
from . import PAPER
from .experiments import rqi_sweep, spearman
from .addition import MODEL
from .phase_data import (ADDITION_CLASSIFICATION, ADDITION_LEARNING_RATES, ADDITION_REGRESSION,
                         ADDITION_REGRESSION_FINE)

__all__ = ["toy_claims", "REPO_FIG4B"]

# The repository's own re-run of Fig. 4b (toy/results/fig4, 10^4 steps; theory note §11.2): steps to
# RQI > 0.95 for seeds 0/1/2 (None = not reached).
REPO_FIG4B = {25: (None, None, 2553), 30: (None, None, 739), 35: (None, None, 1171), 40: (867, None, 943),
              45: (833, 1071, 887), 50: (1011, 1272, 977), 54: (1033, 1086, 850)}


def _reached(rows):
    return [r for r in rows if r["rqi_step"] is not None]


def _claim_fig4b(dps):
    rows = rqi_sweep()
    hit = _reached(rows)
    late = [r for r in rows if r["r"] >= 0.7]
    first = min((r["r"] for r in hit), default=None)
    return {"value": round(first, 4) if first is not None else "none",
            "reached_with_dof_2": f"{sum(r['dof'] == 2 for r in hit)}/{len(hit)}",
            "reached_with_dof_above_2": f"{sum(r['dof'] > 2 for r in hit)}/{sum(r['dof'] > 2 for r in rows)}",
            "reached_for_r_at_least_0.7": f"{len(_reached(late))}/{len(late)}",
            "holds": bool(hit) and all(r["dof"] == 2 for r in hit) and len(_reached(late)) >= len(late) / 3}


def _claim_fig4b_steps(dps):
    rows = [r for r in _reached(rqi_sweep()) if r["r"] >= 0.85]
    steps = [r["rqi_step"] for r in rows]
    repo = [v for n, vs in REPO_FIG4B.items() if n / 55 >= 0.85 for v in vs if v is not None]
    return {"value": int(statistics.median(steps)), "runs": len(steps), "range": [min(steps), max(steps)],
            "repo_rerun_median": int(statistics.median(repo)), "repo_rerun_range": [min(repo), max(repo)]}


def _claim_fig5b(dps):
    rows = [r for r in rqi_sweep() if r["dof"] == 2]
    hit = [r for r in rows if r["rqi_step"] is not None]
    rho = spearman([r["n_h_code"] for r in hit], [r["rqi_step"] for r in hit])
    never = float("inf")
    censored = spearman([r["n_h_code"] for r in rows],
                        [never if r["rqi_step"] is None else r["rqi_step"] for r in rows])
    kappa = statistics.median(r["rqi_step"] / r["n_h_code"] for r in hit)
    return {"value": round(rho, 3), "runs_reaching": len(hit), "spearman_with_unreached_as_slowest": round(censored, 3),
            "median_observed_over_n_h": round(kappa, 2), "holds": rho > 0}


def _claim_fig10(dps):
    rows = rqi_sweep()
    luck = 0.05
    over_rqi = [r for r in rows if r["rqi"] > r["ideal_rqi"] + luck]
    over_acc = [r for r in rows if r["accuracy"] > r["ideal_accuracy"] + luck]
    worst = max(max(r["rqi"] - r["ideal_rqi"], r["accuracy"] - r["ideal_accuracy"]) for r in rows)
    return {"value": round(worst, 4), "runs": len(rows), "rqi_above_ideal_by_more_than_0.05": len(over_rqi),
            "acc_above_ideal_by_more_than_0.05": len(over_acc),
            "holds": len(over_rqi) + len(over_acc) <= len(rows) // 10}


def recheck_cell(data=ADDITION_REGRESSION) -> bool:
    """Recompute the stored cell that stopped earliest (both thresholds reached) through the
    learning_phase quantity and compare its label and steps with the stored row."""
    both = [r for r in data["rows"] if "not reached" not in (r["steps_to_train"], r["steps_to_test"])]
    row = min(both, key=lambda r: max(int(r["steps_to_train"]), int(r["steps_to_test"])))   # the cheapest
    params = {**data["parameters"], **{a: row[a] for a in data["axes"]}}
    res = MODEL.evaluate("learning_phase", params, seed=data["seed"], dps=15)
    return all(str(res.values[k]) == str(row[k]) for k in ("phase", "steps_to_train", "steps_to_test"))


def _claim_phases(dps):
    rows = ADDITION_REGRESSION["rows"]
    labels = {r["phase"] for r in rows}
    lr = sorted({r["decoder_lr"] for r in rows}, key=float)
    wd = sorted({r["weight_decay"] for r in rows}, key=float)
    at = {(r["decoder_lr"], r["weight_decay"]): r["phase"] for r in rows}
    fast_low = at[(lr[-1], wd[0])]
    fast_high = at[(lr[-1], wd[-1])]
    same = recheck_cell()
    return {"value": len(labels & {"comprehension", "grokking", "memorisation", "confusion"}),
            "labels": sorted(labels), "fast_decoder_no_decay": fast_low, "fast_decoder_strong_decay": fast_high,
            "stored_cell_recomputed_equal": same,
            "fine_grid_2e-4_to_5e-4_wd_0_to_4": sorted({r["phase"] for r in ADDITION_REGRESSION_FINE["rows"]}),
            "holds": same and fast_low == "memorisation" and fast_high == "confusion"
            and {"comprehension", "memorisation", "confusion"} <= labels}


def _claim_phases_classification(dps):
    rows = ADDITION_CLASSIFICATION["rows"]
    four = {"comprehension", "grokking", "memorisation", "confusion"}
    labels = {r["phase"] for r in rows}
    grok = [(r["decoder_lr"], r["weight_decay"]) for r in rows if r["phase"] == "grokking"]
    at = {(r["decoder_lr"], r["weight_decay"]): r["phase"] for r in rows}
    wd = sorted({r["weight_decay"] for r in rows}, key=float)
    # grokking between comprehension (less weight decay, same decoder lr) and confusion/memorisation (more)
    between = all(any(at[(lr, w)] == "comprehension" for w in wd if float(w) < float(g)) and
                  any(at[(lr, w)] in ("memorisation", "confusion") for w in wd if float(w) > float(g))
                  for lr, g in grok)
    return {"value": len(labels & four), "labels": sorted(labels), "grokking_cells": grok,
            "stored_cell_recomputed_equal": recheck_cell(ADDITION_CLASSIFICATION),
            "holds": labels >= four and bool(grok) and between}


def _claim_phases_lr(dps):
    """Fig. 6a: memorisation when the embeddings learn no faster than the decoder, comprehension when faster."""
    rows = [r for r in ADDITION_LEARNING_RATES["rows"] if float(r["decoder_lr"]) >= 1e-4]   # a decoder that fits
    slower = [r["phase"] for r in rows if float(r["eta"]) < float(r["decoder_lr"])]
    faster = [r["phase"] for r in rows if float(r["eta"]) > float(r["decoder_lr"])]
    return {"value": f"{slower.count('memorisation')}/{len(slower)} memorise, "
                     f"{faster.count('comprehension')}/{len(faster)} comprehend",
            "labels": sorted({r["phase"] for r in ADDITION_LEARNING_RATES["rows"]}),
            "stored_cell_recomputed_equal": recheck_cell(ADDITION_LEARNING_RATES),
            "holds": set(slower) == {"memorisation"} and set(faster) == {"comprehension"}}


def toy_claims():
    s = PAPER.short
    sweep = ("toy model (NumPy re-implementation of toy/train_add.py) on the authors' draws, n = 10..54, "
             "seeds 0-2, stopped at RQI > 0.95 or 5000 steps")
    return (
        Claim("liu-addition/fig4b", "liu-addition", s, "v1 Fig. 4b",
              "RQI > 0.95 is reached only above the critical fraction, where the training set determines the "
              "structure", _claim_fig4b, None, source=sweep, quick=False,
              note="holds if every run that reaches RQI > 0.95 has dim ker A_D = 2 and at least a third of the "
                   "runs with r >= 0.7 reach it; value = the smallest r of a run that reaches it (paper: runs from "
                   "r ~ 0.36-0.4 on; the authors' re-run: 25/55 = 0.45 at 10^4 steps)."),
        Claim("liu-addition/fig4b-steps", "liu-addition", s, "v1 Fig. 4b",
              "for r >= 0.85 RQI > 0.95 is reached after about 130-200 steps", _claim_fig4b_steps, 165, 35,
              absolute=True, figure=True, expect="differs", quick=False, measures="median steps",
              source="read off v1 Fig. 4b (log axis, +-15 %); " + sweep,
              note="Like the authors' own re-run (toy/results/fig4: 850-1272 steps for n >= 50, median 1022), the toy "
                   "model with the code's defaults needs several times more steps than the paper's figure, which was "
                   "made with hyperparameters the repository does not record (theory note §12.4 item 12)."),
        Claim("liu-addition/fig4b-repo", "liu-addition", s, "authors' re-run of Fig. 4b (toy/results/fig4)",
              "the authors' code reaches RQI > 0.95 after a median of 1022 steps for n = 50, 54 (seeds 0-2)",
              _claim_fig4b_steps, 1022, sp.Rational(1, 4), quick=False, measures="median steps",
              source="theory note §11.2 (stored results of the authors' code); " + sweep,
              note="Agreement within 25 %: the NumPy toy model is statistically the authors' model (their "
                   "PyTorch random stream is not reproduced)."),
        Claim("liu-addition/fig5b", "liu-addition", s, "Fig. 5b",
              "the predicted grokking steps n_h = 1/(eta lambda3) and the network's steps agree qualitatively",
              _claim_fig5b, None, source=sweep, quick=False, expect="differs",
              note="value = Spearman correlation between n_h (normalization=code) and the steps to RQI > 0.95 over "
                   "the determined runs that reach it: negative, since with Adam the steps barely vary (~800-1300) "
                   "while n_h varies eightfold. Counting the runs that never reach it as the slowest, the "
                   "correlation is positive (details): the theory tells which runs are slow, not how slow."),
        Claim("liu-addition/fig10", "liu-addition", s, "App. E, Fig. 10",
              "RQI <= ideal RQI and Acc <= ideal Acc (except for luck)", _claim_fig10, None, source=sweep,
              quick=False, note="value = the largest excess of RQI over ideal RQI or Acc over ideal Acc; holds if at "
                                "most one run in ten exceeds either bound by more than 0.05 (chance parallelograms)."),
        Claim("liu-addition/phases", "liu-addition", s, "§4.1, Table 1, Fig. 6b",
              "the toy model shows the learning phases: memorisation for a fast decoder without weight decay, "
              "confusion for a fast decoder with strong weight decay, comprehension in between",
              _claim_phases, None, source="the stored 6 x 6 diagram (phase_data.py, made with the diagram engine); "
                                          "one cell recomputed",
              note="The paper's grid is 16 x 11 at 10^5 steps; ours is 6 x 6 at 10^4 steps (the repository's "
                   "quick re-run budget), seed 58, n = 45. The authors' HDF5 sweeps are not reachable offline, so "
                   "the comparison with their Fig. 6b is qualitative. No grokking cell appears at T = 10^4, "
                   "also not on "
                   "a finer 4 x 3 grid across the comprehension-memorisation boundary (lr 2e-4 .. 5e-4): the "
                   "boundary is sharp for this seed."),
        Claim("liu-addition/phases-classification", "liu-addition", s, "§4.1, Table 1, Fig. 6c",
              "all four phases appear (addition, classification); grokking lies between comprehension and "
              "memorisation/confusion", _claim_phases_classification, None, measures="phases present",
              source="the stored 5 x 5 classification diagram (phase_data.py, made with the diagram engine); "
                     "one cell recomputed",
              note="Cross-entropy toy model, decoder lr 1e-5 .. 1e-2 x weight decay 0 .. 20 (the authors' add_c "
                   "range), T = 10^4, seed 58, n = 45. holds if the four phases appear and every grokking cell has "
                   "comprehension at lower and memorisation or confusion at higher weight decay (same lr)."),
        Claim("liu-addition/phases-lr", "liu-addition", s, "§4.1, Fig. 6a (lr x lr)",
              "a decoder that learns faster than the representation memorises; a faster representation "
              "comprehends", _claim_phases_lr, None, measures="cells",
              source="the stored 4 x 4 diagram decoder lr x embedding lr (phase_data.py, diagram engine)",
              note="Regression, weight decay 0, T = 10^4, seed 58, n = 45; cells with decoder lr >= 1e-4 (at 1e-5 "
                   "the decoder fits nothing: confusion). The authors' lr x lr sweep also shows grokking for a much "
                   "faster representation; this 4 x 4 grid has none."),
    )

