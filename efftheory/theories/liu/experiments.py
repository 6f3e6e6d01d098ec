r"""Seeded toy-model sweeps against the effective theory: Figs. 4b, 5b and 10 of Liu et al. (2022).

:func:`rqi_sweep` trains the toy model (:mod:`.toy`) on the authors' training-set draws
(:func:`~.determination.authors_training_set`) over sizes n and seeds, stopping each run at
its first logged step with RQI > 0.95 (logged every 10 steps) or at the budget, and records
beside it what the theory says about the same training set: dim ker A_D, lambda3 and
n_h = 1/(eta lambda3) (normalization=code, Z0 = p - 1), the ideal RQI and the ideal accuracy.

References
----------
Liu et al. 2022, v1 Fig. 4b (steps to RQI > 0.95), Fig. 5b (predicted vs observed grokking
steps), App. E / Fig. 10 (RQI <= ideal RQI, Acc <= ideal Acc); theory note §11.2 (the
repository's own re-run of Fig. 4b).
"""
from __future__ import annotations

from functools import lru_cache

import mpmath

from . import combinatorics as comb
from . import determination as det
from .addition_numeric import grokking_rate
from .addition_symbolic import resolved
from .toy import train_toy

__all__ = ["rqi_sweep", "FULL_SIZES", "QUICK_SIZES", "spearman"]

FULL_SIZES = (10, 15, 20, 25, 30, 35, 40, 45, 50, 54)
"""Training-set sizes of the full sweep (the authors' Fig. 3/4b sizes from 10 on, p = 10)."""
QUICK_SIZES = (20, 30, 45, 54)


@lru_cache(maxsize=8)
def rqi_sweep(p: int = 10, sizes: tuple = FULL_SIZES, seeds: tuple = (0, 1, 2), budget: int = 5000) -> tuple:
    """One row (dict) per (n, seed): the toy run's RQI step and accuracies beside the theory's numbers."""
    rows = []
    for n in sizes:
        for seed in seeds:
            D = det.authors_training_set(p, n, seed)
            run = train_toy(p, D, steps=budget, seed=seed, log_every=10, stop="rqi")
            g = grokking_rate(resolved({"p": str(p), "normalization": "code"}), D, 15)
            N0 = len(comb.samples(p))
            rows.append({
                "n": n, "seed": seed, "r": n / N0, "dof": int(g["dof"]), "lambda3_code": float(g["lambda3"]),
                "n_h_code": float(g["n_h"]) if "n_h" in g else None, "rqi_step": run.first_rqi_step,
                "rqi": run.rqi[-1], "ideal_rqi": float(comb.ideal_rqi(p, D)), "ahat": run.predicted_accuracy[-1],
                "accuracy": run.accuracy[-1], "ideal_accuracy": float(comb.ideal_accuracy(p, D)),
                "steps_run": run.steps_run})
    return tuple(rows)


def spearman(x, y) -> float:
    """Spearman's rank correlation (average ranks for ties), in mpmath-free floats."""
    def ranks(v):
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(v):
            j = i
            while j + 1 < len(v) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2
            i = j + 1
        return r
    rx, ry = ranks(list(x)), ranks(list(y))
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return float(sxy / mpmath.sqrt(sxx * syy)) if sxx and syy else 0.0
