"""Fig. 2 of Rubin et al. as theory + experiment: the simulated network of model A (Langevin, at the
Table-1 scale) beside the finite-``d`` theory at the same ``d sqrt(beta)``.

* ``rubin_cubic_fig2ab_simulated.png``: ``-log p(q)`` before and after the transition, the simulated
  histogram with its error bars (spread over independent networks) over the theory's ``d S_hat(q)``;
* ``rubin_cubic_fig2c_simulated.png``: the learned components ``(eps - c)/eps`` and ``1 - b`` against
  ``sigma^2``, simulated points with error bars over the finite-``d`` curve and the ``d -> oo``
  first-order point.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from ..simulation import current_scale
from .langevin import NetworkSpec
from .langevin_runs import SCALES, scaled_run
from .langevin_theory import density, finite_d_sweep

__all__ = ["simulation_figures", "plot_histogram", "plot_learned", "write_simulation"]


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def plot_histogram(ax, res, title):
    """One panel of Fig. 2a/b: simulated ``-log p(q)`` (points, error bars) over the theory (line)."""
    h = res["histogram"]
    spec = NetworkSpec(**res["network"])
    edges = np.asarray(h["edges"])
    mids = (edges[1:] + edges[:-1]) / 2
    dens, se = np.asarray(h["density"]), np.asarray(h["se"])
    ok = dens > 0
    qs = np.linspace(edges[0], edges[-1], 600)
    for key, perp, style, label in (("theory_integrated", "integrated", "k-", r"finite-d theory, $|w_\perp|^2$ integrated"),
                                    ("theory", "concentrated", "k--", r"finite-d Eq. 13 ($|w_\perp|^2=\sigma_w^2$)")):
        th = res[key]
        ax.plot(qs, -np.log(density(spec, th["b"], th["c"], qs, perp=perp)), style, lw=1.1,
                label=f"{label}, d = {spec.d}")
    d, e = dens[ok], se[ok]
    down = np.log(d + e) - np.log(d)                                  # -log p moves down by this
    up = np.where(d - e > 0, np.log(d) - np.log(np.maximum(d - e, 1e-300)), 3.0)
    ax.errorbar(mids[ok], -np.log(d), yerr=[down, up], fmt="x", color="tab:red", ms=5, capsize=2,
                label=f"Langevin, {res['networks']} networks x {spec.N} units")
    c, c13 = res["chi2_integrated"], res["chi2"]
    ax.set_title(f"{title}\nchi2/bin = {c['chi2_per_bin']:.2f} ({c['dof']} bins), p = {c['p_value']:.2g}; "
                 f"Eq. 13: {c13['chi2_per_bin']:.2f}, p = {c13['p_value']:.2g}", fontsize=8)
    ax.set_xlabel(r"$q = \mathbf{w}\cdot\mathbf{w}^*$")
    ax.set_ylabel(r"$-\log p(q)$")
    ax.set_ylim(-1.5, 12)
    ax.legend(fontsize=7, loc="upper center")


def plot_learned(axes, results, *, sigma2_c=None):
    """Fig. 2c: simulated learned components (points) over the finite-``d`` theory (lines) against the
    base-point ``sigma^2`` (the network's is ``(alpha/beta) sigma^2``)."""
    first = results[0]
    spec = NetworkSpec(**first["network"])
    ratio = spec.sigma2 / _frac(first["sigma2_base"])
    base = np.linspace(0.10, 0.30, 21)
    curves = {perp: finite_d_sweep(spec, [float(s) * ratio for s in base], perp=perp)
              for perp in ("integrated", "concentrated")}
    xs = [_frac(r["sigma2_base"]) for r in results]
    for ax, key, label in ((axes[0], "cubic_normalized", r"learned cubic component $(\epsilon-c)/\epsilon$"),
                           (axes[1], "linear", r"learned linear component $1-b$")):
        ax.plot(base, [c[key] for c in curves["integrated"]], "k-", lw=1.1,
                label=rf"finite-d theory, $|w_\perp|^2$ integrated, d = {spec.d}")
        ax.plot(base, [c[key] for c in curves["concentrated"]], "k--", lw=1.1, label="finite-d Eq. 13")
        ax.errorbar(xs, [r["learned"][key] for r in results], yerr=[r["learned"][key + "_se"] for r in results],
                    fmt="o", color="tab:red", ms=4, capsize=3, label="Langevin (mean over networks)")
        if sigma2_c is not None:
            ax.axvline(sigma2_c, color="grey", ls=":", lw=0.8, label=r"$d\to\infty$ first-order point")
        ax.set_xlabel(r"$\sigma^2$ (base point; network: $\sigma^2\,\alpha/\beta$)")
        ax.set_ylabel(label)
        ax.legend(fontsize=7)


def _frac(text):
    num, _, den = str(text).partition("/")
    return float(num) / (float(den) if den else 1.0)


def simulation_figures(outdir, quick):
    """Fig. 2a/b and 2c with the simulation (the scale in force: reduced unless ``--full-simulation``);
    none in ``quick`` mode (as the simulation claims, which share the runs)."""
    from .cubic import MODEL
    if quick:
        return []
    plt = _pyplot()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    scale = current_scale()
    cfg = SCALES[scale]
    runs = [scaled_run(scale, s) for s in cfg["sigma2"]]
    beta, alpha = cfg["beta"], cfg["alpha"]
    fo = MODEL.solve(dps=15)["first_order"].values
    sc = float(fo["sigma2"])
    before = [r for r in runs if _frac(r["sigma2_base"]) > sc]
    after = [r for r in runs if _frac(r["sigma2_base"]) < sc]
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    for ax, res, name in ((axes[0], before[-1 if len(before) == 1 else len(before) // 2], "before (a)"),
                          (axes[1], after[len(after) // 2], "after (b)")):
        plot_histogram(ax, res, f"{name}: sigma2 = {res['sigma2_base']} (network {res['network']['sigma2']:.3g})")
    fig.suptitle(rf"Rubin et al. 2024, Fig. 2a/b: theory and Langevin simulation, $\beta={beta}$, $\alpha={alpha}$"
                 f" ({scale} run)", fontsize=10)
    fig.tight_layout()
    p1 = outdir / "rubin_cubic_fig2ab_simulated.png"
    n = runs[0]["network"]
    fig.savefig(p1, dpi=110, metadata={"Description": (
        f"Rubin et al. (2024) Fig. 2a/b, theory and experiment (model A): -log p(q), q = w.w*, before (left) and after "
        f"(right) the transition; crosses: {runs[0]['networks']} Langevin-sampled networks (N = {n['N']}, d = {n['d']}, "
        f"n = {n['n']}; beta = {beta}, alpha = {alpha}; {scale} run), error bars from the spread over networks; "
        f"solid: finite-d theory at d = {n['d']} with |w_perp|^2 integrated; dashed: Eq. 13 (|w_perp|^2 = sigma_w^2). "
        f"The titles give the chi^2 test of each.")})
    plt.close(fig)
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    plot_learned(axes, sorted(runs, key=lambda r: _frac(r["sigma2_base"])), sigma2_c=sc)
    fig.suptitle(rf"Rubin et al. 2024, Fig. 2c: learned components, theory and simulation, $\beta={beta}$,"
                 rf" $\alpha={alpha}$ ({scale} run)", fontsize=10)
    fig.tight_layout()
    p2 = outdir / "rubin_cubic_fig2c_simulated.png"
    fig.savefig(p2, dpi=110, metadata={"Description": (
        f"Rubin et al. (2024) Fig. 2c, theory and experiment (model A): learned cubic (eps - c)/eps (left) and linear "
        f"1 - b (right) components of the mean output against the base-point sigma^2; points: Langevin networks "
        f"(mean and se over networks, {scale} run, beta = {beta}, alpha = {alpha}); lines: finite-d theory at the "
        f"networks' parameters (solid: |w_perp|^2 integrated, dashed: Eq. 13); dotted: the d -> oo first-order point.")})
    plt.close(fig)
    return [p1, p2]


def write_simulation(result, directory) -> dict:
    """The files of ``efftheory simulate rubin-cubic`` in ``directory``: ``histogram.csv`` (per bin: edges,
    simulated density and se, theory density, ``-log p`` and its se), ``observables.json`` (everything
    measured and the comparison), ``simulation.png`` (``-log p(q)`` with the theory overlaid, and the
    ensemble-mean traces); returns ``{role: file name}``."""
    import json
    plt = _pyplot()
    directory = Path(directory)
    h = result["histogram"]
    rows = ["q_lo,q_hi,density,density_se,theory_density_eq13,theory_density_integrated,neg_log_p,neg_log_p_se"]
    for i in range(len(h["density"])):
        rows.append(",".join(f"{v:.10g}" for v in (h["edges"][i], h["edges"][i + 1], h["density"][i], h["se"][i],
                                                   h["theory"][i], h["theory_integrated"][i], h["neg_log_p"][i],
                                                   h["neg_log_p_se"][i])))
    (directory / "histogram.csv").write_text("\n".join(rows) + "\n")
    (directory / "observables.json").write_text(json.dumps(_jsonable(result), indent=1))
    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    plot_histogram(axes[0], result, f"sigma2 = {result['sigma2_base']} (network {result['network']['sigma2']:.3g})")
    lc, th = result["learned"], result["theory"]
    axes[1].axis("off")
    text = [f"learned linear 1-b: {lc['linear']:.4f} ± {lc['linear_se']:.2g} (theory {th['linear']:.4f}; "
            f"integrated {result['theory_integrated']['linear']:.4f})",
            f"learned cubic (eps-c)/eps: {lc['cubic_normalized']:.4f} ± {lc['cubic_normalized_se']:.2g} "
            f"(theory {th['cubic_normalized']:.4f}; |w_perp|^2 integrated "
            f"{result['theory_integrated']['cubic_normalized']:.4f})",
            f"train loss {result['losses']['train_loss']:.4f}, test loss {result['losses']['test_loss']:.4f}",
            f"burn-in {result['equilibration']['burn_in']} steps, tau(q2) {result['equilibration']['tau_q2']:.3g} "
            f"steps, acceptance {result['equilibration']['acceptance']:.2f}",
            f"network N={result['network']['N']}, d={result['network']['d']}, n={result['network']['n']}, "
            f"{result['networks']} networks x {result['steps']} steps, seed {result['seed']}"]
    axes[1].text(0.0, 0.9, "\n".join(text), va="top", fontsize=8, family="monospace", transform=axes[1].transAxes)
    fig.tight_layout()
    fig.savefig(directory / "simulation.png", dpi=110)
    plt.close(fig)
    return {"table": "histogram.csv", "observables": "observables.json", "plot": "simulation.png"}


def _jsonable(x):
    import math
    if isinstance(x, dict):
        return {k: _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    if isinstance(x, (float, np.floating)):
        return float(x) if math.isfinite(x) else None
    if isinstance(x, (np.integer, np.bool_)):
        return x.item()
    return x
