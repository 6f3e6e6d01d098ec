"""Figs. 4-6 of Rubin et al. (App. D), reduced: the trained networks of :mod:`.appd_dynamics` at the three
widths, in training time.

* ``rubin_cubic_fig4_appd.png``: ``-log p(w.w*)`` at the end of training, all units of the ensemble, error
  bars from five sub-ensembles (as the paper's);
* ``rubin_cubic_fig5_appd.png``: train and test loss against the step, ensemble mean in colour and each
  network in grey;
* ``rubin_cubic_fig6_appd.png``: the projections of the mean output on the normalised ``He1`` and
  ``eps He3`` on train and test data against ``ln(step)``, with the ensemble's standard-error bands.

Quick mode draws the tiny ``quick`` run; otherwise the run of the scale in force (``reduced`` in
``reproduce``, ``full`` with ``--full-simulation``), the one the claims use.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ...display import save_figure
from ..simulation import current_scale
from .appd_dynamics import APP_D, RUNS, appd_run

__all__ = ["appd_figures", "neg_log_p"]

_COLORS = {2800: "tab:blue", 1400: "tab:orange", 700: "tab:green"}
_LABEL = {2800: "before", 1400: "just after", 700: "inside GMFL-I"}


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def neg_log_p(q, edges, groups=5):
    """``-log p(q)`` of the overlaps ``q`` (rows: networks) on ``edges``, with the error from ``groups``
    sub-ensembles of networks (standard deviation of their densities over ``sqrt(groups)``, propagated to
    the log).  Returns ``(mids, -log p, error)``; empty bins are NaN."""
    q = np.asarray(q)
    dens = np.histogram(q.ravel(), edges, density=True)[0]
    subs = [np.histogram(g.ravel(), edges, density=True)[0] for g in np.array_split(q, min(groups, len(q)))]
    se = np.std(subs, axis=0, ddof=1) / np.sqrt(len(subs)) if len(subs) > 1 else np.zeros_like(dens)
    with np.errstate(divide="ignore", invalid="ignore"):
        nlp = np.where(dens > 0, -np.log(dens), np.nan)
        err = np.where(dens > 0, se / dens, np.nan)
    return (edges[1:] + edges[:-1]) / 2, nlp, err


def _tag(runs, N):
    s = runs[N]["spec"]
    return f"N = {N} -> {s.N} ({_LABEL[N]}, u = {s.u:.2f})"


def appd_figures(outdir, quick):
    """Write Figs. 4, 5, 6 (reduced) to ``outdir``; returns the paths."""
    plt = _pyplot()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    scale = "quick" if quick else current_scale()
    runs, cfg = appd_run(scale), RUNS[scale]
    s0 = runs[700]["spec"]
    setup = (f"App. D at Table 1 with beta = 1/8, alpha = sqrt(beta) (d = {s0.d}, n = {s0.n}, "
             f"sigma^2 = {s0.sigma2:.4f}, sigma_a^2 = {s0.sigma_a2:.4f}; u, kappa and n/d as the paper's); "
             f"{cfg['networks']} networks x {cfg['steps']} Langevin steps (h = {cfg['h']}) per width on one training "
             f"set ({scale} run); the theory's critical width N_c = 2541 scales to 318.")
    written = []
    # Fig. 4
    fig, ax = plt.subplots(figsize=(6.4, 4.4), layout="constrained")
    edges = np.linspace(-1.5, 1.5, 31)
    for N in APP_D["widths"]:
        mids, nlp, err = neg_log_p(runs[N]["q"], edges)
        ax.errorbar(mids, nlp - np.nanmin(nlp), yerr=err, fmt="o-", ms=3, lw=1, capsize=2, color=_COLORS[N],
                    label=_tag(runs, N))
    ax.set_xlabel(r"$q = \mathbf{w}\cdot\mathbf{w}^*$")
    ax.set_ylabel(r"$-\log p(q)$ + const")
    ax.set_title("Rubin et al. 2024, Fig. 4 (reduced): end of training", fontsize=10)
    ax.legend(fontsize=7)
    written.append(save_figure(fig, outdir / "rubin_cubic_fig4_appd.png", (
        "Rubin et al. (2024) Fig. 4, reduced: -log p(w.w*) of all hidden units at the end of training for the "
        "three widths (error bars: five sub-ensembles of networks); side wells near |q| ~ 1 appear at the narrow "
        "width. " + setup)))
    # Fig. 5
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.2), layout="constrained", sharey=True)
    for ax, N in zip(axes, APP_D["widths"]):
        r = runs[N]
        st = np.maximum(r["steps"], 0.5)
        ax.plot(st, r["test_loss"], color="0.75", lw=0.6)
        ax.plot(st, r["train_loss"], color="0.75", lw=0.6, ls="--")
        ax.plot(st, r["test_loss"].mean(axis=1), color=_COLORS[N], lw=2, label="test (population)")
        ax.plot(st, r["train_loss"].mean(axis=1), color=_COLORS[N], lw=2, ls="--", label="train")
        ax.set_xscale("log")
        ax.set_xlabel("step (epoch, full batch)")
        ax.set_title(_tag(runs, N), fontsize=9)
    axes[0].set_ylabel(r"loss $\langle (f-y)^2\rangle$")
    axes[0].legend(fontsize=8)
    fig.suptitle("Rubin et al. 2024, Fig. 5 (reduced): train and test loss (mean in colour, networks in grey)",
                 fontsize=10)
    written.append(save_figure(fig, outdir / "rubin_cubic_fig5_appd.png", (
        "Rubin et al. (2024) Fig. 5, reduced: train (dashed) and population test (solid) loss against the step, "
        "ensemble mean in colour, each network in grey, for the three widths. " + setup)))
    # Fig. 6
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
    for j, (ax, name) in enumerate(zip(axes, (r"$H_1$ (linear)", r"$\epsilon H_3$ (cubic)"))):
        for N in APP_D["widths"]:
            r = runs[N]
            x = np.log(np.maximum(r["steps"], 1))
            for key, ls, lab in (("proj_test", "-", "test"), ("proj_train", "--", "train")):
                v = r[key][:, :, j]
                m, se = v.mean(axis=1), v.std(axis=1, ddof=1) / np.sqrt(v.shape[1])
                ax.plot(x, m, ls, color=_COLORS[N], label=f"{N}: {lab}")
                ax.fill_between(x, m - se, m + se, color=_COLORS[N], alpha=0.2, lw=0)
        ax.axhline(1, color="k", lw=0.5, ls=":")
        ax.set_xlabel("ln(step)")
        ax.set_ylabel(f"projection of the mean output on {name}")
    axes[1].legend(fontsize=7, ncol=3)
    fig.suptitle("Rubin et al. 2024, Fig. 6 (reduced): learned components on train and test data (1 = learned)",
                 fontsize=10)
    written.append(save_figure(fig, outdir / "rubin_cubic_fig6_appd.png", (
        "Rubin et al. (2024) Fig. 6, reduced: projections of the ensemble's mean output on the normalised He1 "
        "(left) and eps He3 (right) on the training points (dashed) and the population (solid, closed form) "
        "against ln(step), bands: one standard error over networks. " + setup)))
    return written
