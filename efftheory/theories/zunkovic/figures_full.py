r"""Figures of the reduced full-model training (A and B trained jointly): Figs. 18 (errors), 20 (D_eff), 23 (times).

Drawn from the cached ensemble of :mod:`.claims_full` (``quick=False``: 20 seeds, about 1.5 minutes shared
with the claims) or, with ``quick=True``, from 2 seeds of the same setting (about 10 s).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ...display import save_figure
from .claims_full import FULL_SETTINGS, full_runs
from .rule30_full import full_ensemble

__all__ = ["figure_rule30_full"]


def figure_rule30_full(outdir, quick: bool) -> list:
    """Training/test errors against t for a few seeds, and the t_train / t_eps histograms; the paths written."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    e = full_ensemble(range(2), **FULL_SETTINGS) if quick else full_runs()
    fig, (a, b, c) = plt.subplots(1, 3, figsize=(14, 3.6))
    for k, (times, etr, ete, deff) in enumerate(e["histories"][:4]):
        c.plot(times, deff, label=f"seed {e['seeds'][k]}")
        line, = a.plot(times, ete, label=f"seed {e['seeds'][k]}: test")
        a.plot(times, etr, ls="--", color=line.get_color(), label=f"seed {e['seeds'][k]}: train")
    a.set_xlabel(r"$t$ (learning rate $\times$ Adam steps)")
    a.set_ylabel("error (fraction of wrong positions)")
    a.set_title(f"Fig. 18 (reduced): d={FULL_SETTINGS['d']}, train all strings of length "
                f"{FULL_SETTINGS['train_length']}", fontsize=9)
    a.legend(fontsize=6)
    t_train = np.array(e["t_train"])
    t_test = np.array(e["t_test"])
    fin = np.isfinite(t_test)
    bins = np.linspace(0, max(1.0, float(np.max(t_train[np.isfinite(t_train)], initial=1))), 21)
    b.hist(t_train[np.isfinite(t_train)], bins=bins, histtype="step", label=r"$t_{\rm train}$ (all runs)")
    b.hist(t_test[fin], bins=bins, histtype="step", label=rf"$t_\varepsilon$ ({fin.sum()} of {e['runs']} runs)")
    b.hist(t_test[fin] - t_train[fin], bins=bins, histtype="step", label=r"$t_G = t_\varepsilon - t_{\rm train}$")
    b.set_xlabel("time")
    b.set_ylabel("runs")
    b.set_title("Fig. 23 (reduced), no regularisation", fontsize=9)
    b.legend(fontsize=7)
    c.set_xlabel(r"$t$")
    c.set_ylabel(r"$D_{\rm eff}$ of the left contexts")
    c.set_title("Fig. 20 (reduced): effective dimension", fontsize=9)
    c.legend(fontsize=6)
    fig.tight_layout()
    return [save_figure(fig, outdir / "zunkovic_rule30_full.png",
                        f"Reduced full-model training (A and B jointly; cf. Žunkovič & Ilievski 2024 Figs. 18, 23): "
                        f"d = {FULL_SETTINGS['d']}, {e['runs']} seeds, train all strings of length "
                        f"{FULL_SETTINGS['train_length']}, test all of length {FULL_SETTINGS['test_length']}; "
                        f"errors against t = 0.005 x Adam steps, the histograms of t_train, t_eps, t_G, and "
                        f"D_eff of the left contexts (Fig. 20).")]
