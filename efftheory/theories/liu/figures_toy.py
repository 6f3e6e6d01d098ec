"""Figures of Liu et al. (2022) from the trained toy model: Figs. 4b, 5b, 10 and the phase diagrams
(Figs. 6b and 6c, from the stored diagrams of :mod:`.phase_data`).  matplotlib is imported by the caller."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ...display import save_figure
from .claims_toy import REPO_FIG4B
from .experiments import QUICK_SIZES, rqi_sweep
from .phase_data import ADDITION_CLASSIFICATION, ADDITION_LEARNING_RATES, ADDITION_REGRESSION

__all__ = ["toy_figures", "PHASE_COLOURS"]

#: The authors' phase colours (RGB, theory note §10.2), and grey for the fifth label.
PHASE_COLOURS = {"comprehension": (160, 218, 57), "grokking": (253, 231, 37), "memorisation": (70, 50, 126),
                 "confusion": (30, 30, 30), "test-only": (170, 170, 170)}


def toy_figures(plt, outdir: Path, quick: bool) -> list:
    """Fig. 4b, Fig. 5b, Fig. 10 (quick: 4 sizes, seed 0, 2000 steps) and the stored phase diagram."""
    rows = rqi_sweep(sizes=QUICK_SIZES, seeds=(0,), budget=2000) if quick else rqi_sweep()
    budget = 2000 if quick else 5000
    paths = []
    sweep = f"toy model, {'4 training sizes, seed 0' if quick else 'the full sweep'}, at most {budget} steps"
    for draw, name, caption in (
            (_fig4b, "liu_fig4b_rqi_steps.png",
             f"Liu et al. Fig. 4b: steps until the representation quality index exceeds 0.95 against the "
             f"training fraction ({sweep})."),
            (_fig5b, "liu_fig5b_predicted_steps.png",
             f"Liu et al. Fig. 5b: the network's steps to RQI > 0.95 against the effective theory's "
             f"n_h = 1/(eta lambda3) ({sweep})."),
            (_fig10, "liu_fig10_bounds.png",
             f"Liu et al. Fig. 10 (App. E): the trained model's RQI and accuracy against their bounds from the "
             f"training set alone, the ideal RQI and the ideal accuracy ({sweep}).")):
        fig, ax = plt.subplots(figsize=(5.5, 3.8), layout="constrained")
        draw(ax, rows, budget)
        paths.append(save_figure(fig, Path(outdir) / name, caption, dpi=120))
    for data, name, what in ((ADDITION_REGRESSION, "liu_fig6b_phase_diagram.png", "Fig. 6b (regression)"),
                             (ADDITION_CLASSIFICATION, "liu_fig6c_phase_diagram.png", "Fig. 6c (classification)"),
                             (ADDITION_LEARNING_RATES, "liu_fig6a_phase_diagram.png",
                              "Fig. 6a (decoder against embedding learning rate)")):
        fig, ax = plt.subplots(figsize=(6, 4.2), layout="constrained")
        _phase_diagram(fig, ax, data)
        paths.append(save_figure(fig, Path(outdir) / name,
                                 f"Liu et al. {what}: the learning phases (comprehension, grokking, memorisation, "
                                 f"confusion) of the toy model on a grid, computed on the diagram engine and stored "
                                 f"(each claim recomputes a cell).", dpi=120))
    return paths


def _fig4b(ax, rows, budget):
    """v1 Fig. 4b: steps to RQI > 0.95 against r; runs that never reach it drawn at the budget."""
    for dof2, colour, label in ((True, "C0", "dim ker A_D = 2"), (False, "C3", "dim ker A_D > 2")):
        sel = [r for r in rows if (r["dof"] == 2) == dof2]
        hit = [r for r in sel if r["rqi_step"] is not None]
        miss = [r for r in sel if r["rqi_step"] is None]
        ax.plot([r["r"] for r in hit], [r["rqi_step"] for r in hit], "o", color=colour, ms=4, label=label)
        ax.plot([r["r"] for r in miss], [budget] * len(miss), "v", color=colour, ms=4, mfc="none")
    repo = [(n / 55, v) for n, vs in REPO_FIG4B.items() for v in vs if v is not None]
    ax.plot(*zip(*repo), "kx", ms=4, label="authors' re-run (toy/results/fig4)")
    ax.fill_between([0.4, 0.62], 150, 550, color="C2", alpha=0.2, label="paper v1 Fig. 4b (read)")
    ax.fill_between([0.85, 1.0], 130, 200, color="C2", alpha=0.2)
    ax.axvline(0.4, color="gray", ls=":")
    ax.set_yscale("log")
    ax.set_xlabel("training fraction r = n / 55")
    ax.set_ylabel("steps to RQI > 0.95")
    ax.set_title(f"Liu et al. Fig. 4b (p = 10; open triangles: not within {budget})", fontsize=9)
    ax.legend(fontsize=6)


def _fig5b(ax, rows, budget):
    """Fig. 5b: the network's steps to RQI > 0.95 against the theory's n_h = 1/(eta lambda3)."""
    sel = [r for r in rows if r["rqi_step"] is not None and r["n_h_code"] is not None]
    x = np.array([r["n_h_code"] for r in sel])
    y = np.array([r["rqi_step"] for r in sel])
    sc = ax.scatter(x, y, c=[r["r"] for r in sel], cmap="viridis", s=14)
    plt_fig = ax.figure
    plt_fig.colorbar(sc, ax=ax, label="r")
    if len(sel):
        kappa = float(np.median(y / x))
        xs = np.geomspace(x.min(), x.max(), 20)
        ax.plot(xs, kappa * xs, "k--", lw=1, label=f"steps = {kappa:.2f} n_h (median)")
        ax.legend(fontsize=7)
    ax.set_xscale("log")
    ax.set_yscale("log")
    from matplotlib.ticker import NullFormatter
    for axis in (ax.xaxis, ax.yaxis):          # minor labels on a short log axis overlap
        axis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("theory: n_h = 1/(eta lambda3) (normalization=code)")
    ax.set_ylabel("network: steps to RQI > 0.95")
    ax.set_title("Liu et al. Fig. 5b: predicted vs observed", fontsize=9)


def _fig10(ax, rows, budget):
    """App. E / Fig. 10: RQI against the ideal RQI, Acc against the ideal accuracy."""
    ax.plot([r["ideal_rqi"] for r in rows], [r["rqi"] for r in rows], "o", ms=4, label="RQI vs ideal RQI")
    ax.plot([r["ideal_accuracy"] for r in rows], [r["accuracy"] for r in rows], "^", ms=4,
            label="Acc vs ideal Acc")
    ax.plot([0, 1], [0, 1], "k:", lw=1)
    ax.set_xlabel("bound from the training set alone")
    ax.set_ylabel("trained toy model")
    ax.set_title("Liu et al. Fig. 10: RQI <= ideal RQI, Acc <= ideal Acc", fontsize=9)
    ax.legend(fontsize=7)


def _phase_diagram(fig, ax, data):
    """Fig. 6b/6c: the learning phase over decoder lr (log) x decoder weight decay, stored cells."""
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch
    xa, ya = data["axes"]
    xs = sorted({r[xa] for r in data["rows"]}, key=float)
    ys = sorted({r[ya] for r in data["rows"]}, key=float)
    names = list(PHASE_COLOURS)
    grid = np.full((len(ys), len(xs)), np.nan)
    for r in data["rows"]:
        grid[ys.index(r[ya]), xs.index(r[xa])] = names.index(r["phase"])
    cmap = ListedColormap([np.array(PHASE_COLOURS[k]) / 255 for k in names])
    ax.pcolormesh(np.arange(len(xs) + 1), np.arange(len(ys) + 1), grid, cmap=cmap, vmin=-0.5,
                  vmax=len(names) - 0.5)
    ax.set_xticks(np.arange(len(xs)) + 0.5, [f"{float(x):.0e}" for x in xs], fontsize=7)
    ax.set_yticks(np.arange(len(ys)) + 0.5, [f"{float(y):g}" for y in ys], fontsize=7)
    label = {"decoder_lr": "decoder learning rate", "weight_decay": "decoder weight decay",
             "eta": "embedding learning rate"}
    ax.set_xlabel(label[xa])
    ax.set_ylabel(label[ya])
    p = data["parameters"]
    task = ("6a (toy, regression, lr x lr)" if ya == "eta" else
            "6b (toy, regression)" if p["loss"] == "regression" else "6c (toy, classification)")
    ax.set_title(f"Liu et al. Fig. {task}: T = {p['steps']}, seed {data['seed']}, n = {p['n']}", fontsize=9)
    present = [k for k in names if any(r["phase"] == k for r in data["rows"])]
    ax.legend(handles=[Patch(color=np.array(PHASE_COLOURS[k]) / 255, label=k) for k in present],
              fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1))
