"""Figures of Liu et al. (2022) for the report (matplotlib imported lazily)."""
from __future__ import annotations

from pathlib import Path

import mpmath
import numpy as np

from ...display import save_figure
from . import combinatorics as comb
from . import determination as det
from . import dynamics as dyn
from .addition_numeric import critical_fraction, monte_carlo_curve
from .claims import AUTHORS_NOTEBOOK

__all__ = ["FIGURES"]


def addition_figures(outdir: Path, quick: bool) -> list:
    """Fig. 4a (P(determined) vs r, p = 10 with the authors' stored values), r_c vs p, the flow, and the
    toy-model figures of :mod:`.figures_toy` (Figs. 4b, 5b, 10 and the Fig. 6b phase diagram)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    trials = 20_000 if quick else 100_000
    drawn = ((_fig4a, (6, 4), "liu_fig4a_probability.png",
              "Liu et al. Fig. 4a: the probability that n training pairs determine the parallelogram structure "
              "(dim ker = 2) against the training fraction r, p = 10 by Monte Carlo (± standard error) with the "
              "authors' stored values, p = 5-7 exactly."),
             (_rc_vs_p, (5, 3.5), "liu_rc_vs_p.png",
              "The critical training fraction r_c (where the structure is determined with probability 1/2, "
              "Monte Carlo, 95 % intervals) against p (Liu et al. §4)."),
             (_flow, (5, 3.5), "liu_flow.png",
              "Liu et al. v1 Fig. 4c: the effective loss along the effective theory's gradient flow, p = 10, "
              "full data: the closed-form solution against explicit Euler steps (the authors' scheme)."))
    paths = []
    for draw, size, name, caption in drawn:
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        draw(ax, quick=quick, trials=trials)
        paths.append(save_figure(fig, outdir / name, caption, dpi=120))
    from .figures_toy import toy_figures
    return paths + toy_figures(plt, outdir, quick)


def _fig4a(ax, *, quick, trials):
    """v1 Fig. 4a: P(dim ker A_D = 2) vs r for p = 10 (Monte Carlo, authors' values) and p = 5..7 (exact)."""
    N0 = len(comb.samples(10))
    k = monte_carlo_curve(10, trials=trials, seed=0)
    P = k / trials
    r = np.arange(N0 + 1) / N0
    se = np.sqrt(P * (1 - P) / trials)
    ax.errorbar(r, P, yerr=1.96 * se, fmt="-", lw=1, label=f"p = 10, Monte Carlo ({trials} orderings)")
    ax.plot([n / N0 for n in AUTHORS_NOTEBOOK], list(AUTHORS_NOTEBOOK.values()), "kx", label="authors' notebook")
    for p in (5, 6, 7):
        Pe = [float(v) for v in det.determining_probabilities(p)]
        ax.plot(np.arange(len(Pe)) / (len(Pe) - 1), Pe, "--", lw=1, label=f"p = {p}, exact")
    rc, _, sig = critical_fraction(10, trials=trials, seed=0)
    ax.axvline(0.4, color="gray", ls=":", label="paper: r_c = 0.4")
    ax.axvline(rc, color="C3", lw=0.8, label=f"r_c = {rc:.4f} +- {sig:.4f}")
    ax.set_xlabel("training data fraction r = n / |D0|")
    ax.set_ylabel("P(dim ker A_D = 2)")
    ax.set_title("Liu et al. v1 Fig. 4a: probability of linear structure")
    ax.legend(fontsize=7)


def _rc_vs_p(ax, *, quick, trials):
    """The critical fraction r_c against p."""
    ps = list(range(4, 14 if quick else 19))
    rcs, sigs = [], []
    for p in ps:
        rc_p, _, s_p = critical_fraction(p, trials=trials // 4, seed=p)
        rcs.append(float(rc_p))
        sigs.append(s_p)
    ax.errorbar(ps, rcs, yerr=1.96 * np.array(sigs), fmt="o-")
    ax.set_xlabel("p")
    ax.set_ylabel("r_c (50 % point)")
    ax.set_title("Critical fraction vs p (Liu et al. §4, Fig. 4a at p = 10)")


def _flow(ax, *, quick, trials):
    """The flow: closed form vs explicit Euler (authors' scheme), p = 10, full data, code normalisation."""
    p = 10
    with mpmath.workdps(20):
        M = dyn.mp_matrix(comb.gram_matrix(p), 20)
        rng = np.random.default_rng(58)
        x0 = rng.uniform(-0.5, 0.5, p)
        x0 = (x0 - x0.mean()) / x0.std(ddof=1)
        R0 = mpmath.matrix([[mpmath.mpf(repr(float(v)))] for v in x0])
        eta = mpmath.mpf(1) / 1000
        ts = np.linspace(0, 2000, 21)
        lc = [float(dyn.ell_eff(M, dyn.closed_form(M, R0, 1, eta, t), 1)) for t in ts]
        le, R = [], R0
        for i, t in enumerate(ts):
            if i:
                R = dyn.euler(M, R, 1, eta, ts[i] - ts[i - 1], int(ts[i] - ts[i - 1]))
            le.append(float(dyn.ell_eff(M, R, 1)))
    ax.semilogy(ts, lc, "-", label="exact solution")
    ax.semilogy(ts, le, "o", ms=3, label="explicit Euler (authors' scheme)")
    ax.set_xlabel("steps (eta = 1e-3)")
    ax.set_ylabel("l_eff (sum over P0, no 1/|P0|)")
    ax.set_title("Effective-theory relaxation (Liu et al. v1 Fig. 4c)")
    ax.legend(fontsize=7)


FIGURES = {"liu-addition": addition_figures}
