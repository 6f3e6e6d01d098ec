r"""Figures of the fixed-attention rule-30 experiments: Fig. 13 (exact attention), Fig. 15 (exponents), Fig. 17 (t_G).

Drawn from :mod:`.rule30_fixed` with the conventions of the claims (loss summed over the training strings,
paper time units).  ``quick=True`` draws Fig. 13 and the first Fig. 15 setting of each App. C tensor with 10
runs (about 20 s); otherwise all nine settings with 40 runs (about 3 minutes, shared with the claims).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ...display import save_figure
from .rule30_fixed import FIG15, exact_attention_transition, fig15_run

__all__ = ["figure_rule30_fixed"]


def figure_rule30_fixed(outdir, quick: bool) -> list:
    """Fig. 13 (mean error against t - t_eps), Fig. 15 (log-log) and Fig. 17 (t_G histograms); the paths written."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    r = exact_attention_transition(runs=100, seed=0, taus=np.linspace(3, 1e-4, 120)[::-1])
    fig, ax = plt.subplots(figsize=(5, 3.4))
    ax.plot(-r["taus"], r["mean_error"], ".", color="0.5", label=f"{r['runs']} runs, aligned at $t_\\varepsilon$")
    ax.plot([0, 0.3], [0, 0], ".", color="0.5")
    ax.axvline(0, lw=0.5, color="k")
    ax.axhline(0.25, ls=":", color="tab:red", label="jump 1/4")
    ax.set_xlabel(r"$t - t_\varepsilon$ (paper time: Eq. 2 time / 8)")
    ax.set_ylabel(r"$E_{\rm test} = \langle|y - {\rm sgn}\,\hat y|\rangle$")
    ax.set_title("Fig. 13: exact attention (Eq. 68), first-order jump", fontsize=9)
    ax.legend(fontsize=7)
    fig.tight_layout()
    paths = [save_figure(fig, outdir / "zunkovic_rule30_fig13.png",
                         "Žunkovič & Ilievski (2024) Fig. 13: mean test error <|y - sgn yhat|> of B trained with the exact "
                         "attention of Eq. 68, aligned at t_eps: a first-order jump of 1/4.")]
    runs = 10 if quick else 40
    fig15, ax15 = plt.subplots(1, 3, figsize=(13, 3.6))
    fig17, ax17 = plt.subplots(1, 3, figsize=(13, 3.6))
    for a15, a17, (name, settings) in zip(ax15, ax17, FIG15.items()):
        for lam1, lam2, nu_paper in settings[:1] if quick else settings:
            o = fig15_run(name, lam1, lam2, runs=runs)
            lab = f"λ1={lam1}, λ2={lam2}: ν={o['nu']:.2f} (paper {nu_paper})"
            a15.loglog(o["taus"], o["mean_error"], "o-", ms=3, label=lab)
            tg = o["t_G"][np.isfinite(o["t_G"])]
            a17.hist(tg, bins=20, histtype="step", density=True, label=f"λ1={lam1}, λ2={lam2}")
        a15.axvspan(1e-2, 0.3, color="0.9", zorder=0)
        a15.set_xlabel(r"$t_\varepsilon - t$")
        a15.set_ylabel(r"$\langle E_{\rm test}\rangle$")
        a15.set_title(f"Fig. 15, App. C {name} (fit window shaded)", fontsize=9)
        a15.legend(fontsize=6)
        a17.set_xlabel(r"$t_G$")
        a17.set_ylabel(r"$P(t_G)$")
        a17.set_title(f"Fig. 17, App. C {name}", fontsize=9)
        a17.legend(fontsize=6)
    caps = {"zunkovic_rule30_fig15.png": "Žunkovič & Ilievski (2024) Fig. 15: t_eps-aligned mean test error of B for the "
                                         "App. C tensors (log-log), fitted exponents against the paper's legends.",
            "zunkovic_rule30_fig17.png": "Žunkovič & Ilievski (2024) Fig. 17: histograms of the grokking time t_G for "
                                         "the App. C tensors (paper time units, loss summed over the training strings)."}
    for fig, name in ((fig15, "zunkovic_rule30_fig15.png"), (fig17, "zunkovic_rule30_fig17.png")):
        fig.tight_layout()
        paths.append(save_figure(fig, outdir / name, caps[name]))
    return paths
