"""Figures of Rubin, Seroussi & Ringel (ICLR 2024) from the theory: Fig. 2a-c and the phase
diagram u_c(kappa, eps) of model A, Fig. 3a-b of model B."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import sympy as sp

from .cubic import MODEL as CUBIC
from .langevin import NetworkSpec
from .langevin_theory import finite_d_sweep
from .cubic_mixed import learned_components
from .cubic_numeric import action_functions, first_order
from .cubic_phase_diagram import first_order_at_kappa
from .modular import MODEL as MODULAR
from .modular_numeric import action_on_line, discrepancy, discrepancy_limit, special_points
from ...display import save_figure
from ...numeric import continuation

__all__ = ["FIGURES", "fig2ab", "plot_neg_log_p"]

#: One width for every figure of the report (inches): one panel, or a row of two.
WIDE, NARROW = (11, 4.2), (6.4, 4.4)


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def cubic_figures(outdir, quick):
    """Fig. 2c (learned components vs sigma^2), Fig. 2a/b (-log p(q) before and after the transition)
    and the phase diagram u_c(kappa, eps) of model A."""
    plt = _pyplot()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    base = CUBIC.resolve(None)
    fo = first_order(base, 20)
    sc = float(fo["sigma2"])
    # Fig. 2c: learned components (d -> oo), plus finite d when not quick
    grid = np.linspace(0.10, 0.30, 9 if quick else 41)
    lin, cub = [], []
    for s2 in grid:
        st = learned_components({**base, "sigma2": sp.Rational(s2).limit_denominator(10**6)}, 15)
        lin.append(float(st["linear"]))
        cub.append(float(st["cubic_normalized"]))
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=WIDE, layout="constrained")
    ax.plot(grid, cub, "k-", label=r"$d\to\infty$")
    ax2.plot(grid, lin, "k-", label=r"$d\to\infty$")
    if not quick:
        for beta in ("1/8", "1/2", "1", "2"):
            gs = np.linspace(0.12, 0.28, 9)
            sts = _finite_d_curve(base, beta, gs)
            cb, lb = [st["cubic_normalized"] for st in sts], [st["linear"] for st in sts]
            ax.plot(gs, cb, "o--", ms=3, label=rf"$\beta={beta}$")
            ax2.plot(gs, lb, "o--", ms=3, label=rf"$\beta={beta}$")
    saddle = float(first_order({**base, "perp": "saddle"}, 20)["sigma2"])
    for a_ in (ax, ax2):
        a_.axvline(sc, color="grey", lw=0.8, ls=":", label=r"$\sigma^2_c$ (Eq. 13)")
        a_.axvline(saddle, color="grey", lw=0.8, ls="-.", label=r"$\sigma^2_c$, $|w_\perp|^2$ at its saddle")
        a_.set_xlabel(r"$\sigma^2$")
        a_.legend()
    ax.set_ylabel(r"learned cubic component $(\epsilon-c)/\epsilon$")
    ax2.set_ylabel(r"learned linear component $1-b$")
    fig.suptitle("Rubin et al. 2024, Fig. 2c (theory): learned components vs noise")
    written.append(save_figure(fig, outdir / "rubin_cubic_fig2c.png", (
        "Rubin et al. (2024) Fig. 2c from the theory (model A): the learned cubic component (eps - c)/eps (left) "
        "and linear component 1 - b (right) against the noise sigma^2, d -> oo" + ("" if quick else
        " and at finite d = 150 sqrt(beta)") + "; the dotted line is the first-order point sigma^2_c of Eq. 13, the "
        "dash-dotted one that of the action with |w_perp|^2 at its saddle point (perp = saddle).")))
    # Fig. 2a/b: -log p(q) = d S_hat(q) before / after the transition
    written.append(save_figure(fig2ab(base), outdir / "rubin_cubic_fig2ab.png", (
        "Rubin et al. (2024) Fig. 2a/b from the theory (model A): -log p(q) = d S(q) + const along "
        "q = w.w*, before (sigma^2 = 0.2, GFL: one well) and after (sigma^2 = 0.16, GMFL-I: side wells) the "
        "first-order transition, for d = 150 sqrt(beta).")))
    # phase diagram u_c(kappa, eps)
    kappas = np.geomspace(0.2, 10, 5 if quick else 16)
    fig, ax = plt.subplots(figsize=NARROW, layout="constrained")
    for eps in (("-3/10",) if quick else ("-3/10", "-6/10", "-12/10")):
        with continuation.along_a_line():          # each kappa started from the previous points (issue 13)
            ucs = [float(first_order_at_kappa(sp.Rational(k).limit_denominator(10**6), sp.Rational(1, 2),
                                              sp.Rational(eps), 15)["u_c"]) for k in kappas]
        ax.plot(kappas, ucs, "o-", label=rf"$\epsilon={float(sp.Rational(eps)):g}$")
    ax.plot([float(fo["kappa"])], [float(fo["u"])], "k*", ms=10, label="Fig. 2 first-order point")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(r"$\kappa = n\sigma_a^2/(d\sigma^2)$")
    ax.set_ylabel(r"$u_c$ (first-order point)")
    ax.set_title(r"Rubin et al. 2024, Claim IV: $u_c(\kappa,\epsilon)$, $\sigma_w^2=1/2$")
    ax.legend()
    written.append(save_figure(fig, outdir / "rubin_cubic_phase_diagram.png", (
        "Rubin et al. (2024) Claim IV: the first-order point u_c against kappa = n sigma_a^2/(d sigma^2) for "
        "sigma_w^2 = 1/2" + (" and eps = -0.3" if quick else " and eps = -0.3, -0.6, -1.2")
        + "; the star is the first-order point of Fig. 2.")))
    return written


def _finite_d_curve(base, beta, sigma2s):
    """Fig. 2c's finite-d points: the same equations as :func:`.cubic_finite_d.finite_d` (``d sqrt(beta)``, the
    GFL-continued branch) solved in float64 by :func:`.langevin_theory.finite_d_sweep` (tests: equal to 1e-8; a
    plot needs no more), for the Table-1 network at ``beta`` with ``alpha = beta`` (u and kappa invariant)."""
    b = float(sp.Rational(beta))
    r = b ** 0.5
    spec = NetworkSpec(N=b * float(base["N"]), d=r * float(base["d"]), n=b * float(base["n"]),
                       sigma_w2=float(base["sigma_w2"]), sigma_a2=float(base["sigma_a2"]) / r,
                       eps=float(base["eps"]), sigma2=float(sigma2s[0]))
    return finite_d_sweep(spec, [float(s) for s in sigma2s])


def fig2ab(params=None):
    """Fig. 2a/b as a figure: :func:`plot_neg_log_p` before (sigma^2 = 0.2) and after (0.16) the
    transition, side by side under one title (a constrained layout keeps it clear of the panels')."""
    fig, axes = _pyplot().subplots(1, 2, figsize=WIDE, layout="constrained")
    for ax, s2, title in ((axes[0], "0.2", "(a) before"), (axes[1], "0.16", "(b) after")):
        plot_neg_log_p(s2, ax=ax, title=title, params=params)
    fig.suptitle(r"Rubin et al. 2024, Fig. 2a/b (theory): $d=150\sqrt{\beta}$, $b, c$ at $d\to\infty$")
    return fig


def plot_neg_log_p(sigma2="0.2", *, ax=None, title: str = "", params=None, betas=(0.125, 0.5, 1.0, 2.0)):
    """One panel of Fig. 2a/b: ``-log p(q) = d S_hat(q)`` + const at noise ``sigma2`` for
    ``d = 150 sqrt(beta)`` (with the d -> oo ``b``, ``c``), drawn on ``ax`` (a new figure's if None).

    Returns the axes.  References: Rubin et al. 2024, Fig. 2a/b and Eq. 13.
    """
    if ax is None:
        ax = _pyplot().figure(figsize=NARROW, layout="constrained").gca()
    base = CUBIC.resolve(None) if params is None else params
    f64 = action_functions()[3]
    qs = np.linspace(-1.6, 1.6, 400)
    st = learned_components({**base, "sigma2": sp.Rational(sigma2)}, 15)
    prof = f64(qs, float(st["u"]), float(st["b"]), float(st["c"]), float(base["sigma_w2"]))
    for beta in betas:
        ax.plot(qs, 150 * np.sqrt(beta) * prof, label=rf"$\beta={beta:g}$")
    ax.set_title(rf"{title + ': ' if title else ''}$\sigma^2={sigma2}$ ({st['phase']})", fontsize="medium")
    ax.set_xlabel(r"$q=\mathbf{w}\cdot\mathbf{w}^*$")
    ax.set_ylabel(r"$-\log p(q) = d\,\hat S(q)$ + const")
    ax.set_ylim(-5, 60)
    ax.legend(fontsize="small")
    return ax


def modular_figures(outdir, quick):
    """Fig. 3a (s(Phi) on Phi = Psi across the phases) and Fig. 3b (1 - |a| versus sigma^2, two kinks)."""
    plt = _pyplot()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    params = MODULAR.resolve({})
    dps = 20
    pts = dict(special_points(params, dps))
    sI, sII, ssp = (float(pts[k]["sigma2"]) for k in ("gmfl1_onset", "gmfl2_onset", "spinodal"))
    g = float(params["gamma"])

    def solve(s2):
        return discrepancy({**params, "sigma2": sp.Rational(s2).limit_denominator(10**9)}, dps)

    # Fig. 3a
    fig, ax = plt.subplots(figsize=NARROW, layout="constrained")
    phis = np.linspace(0, 260, 600)
    choices = [(0.30, "GFL", "tab:red"), (0.245, "GFL (past spinodal)", "tab:red"),
               (0.215, "GMFL-I", "tab:green"), (0.16, "GMFL-II", "tab:purple")]
    for s2, label, color in choices:
        st = solve(s2)
        ax.plot(phis, action_on_line(float(st["A"]), g, phis), color=color,
                ls="-" if "past" not in label else "--", label=f"$\\sigma^2={s2}$ ({label})")
    ax.axhline(0, color="k", lw=0.5)
    ax.axvline(float(pts["gmfl1_onset"]["phi"]), color="gray", lw=0.5, ls=":")
    ax.set_xlabel(r"$\Phi = |w_k|^2 = |v_k|^2$")
    ax.set_ylabel(r"$s(\Phi) = \mathcal{S}_k / P$ on $\Phi = \Psi$")
    ax.set_ylim(-60, 60)
    ax.set_title("Rubin et al. Fig. 3a: per-mode action across the phases (P = 401)")
    ax.legend(fontsize=8)
    p1 = save_figure(fig, outdir / "rubin_modular_fig3a.png", (
        "Rubin et al. (2024) Fig. 3a from the theory (model B, P = 401): the per-mode action s(Phi) on the line "
        "Phi = Psi in the GFL (above and past the spinodal, dashed), GMFL-I and GMFL-II phases."))

    # Fig. 3b
    grid = np.linspace(0.12, 0.30, 40 if quick else 160)
    finite = [1 - float(solve(s)["a"]) for s in grid]
    limit = [1 - float(discrepancy_limit({**params, "sigma2": sp.Rational(s).limit_denominator(10**9)}, dps)["a"])
             for s in grid]
    fig, ax = plt.subplots(figsize=NARROW, layout="constrained")
    ax.plot(grid, finite, color="tab:blue", label="finite P = 401 (self-consistent, App. eqs. 38-42)")
    ax.plot(grid, limit, color="k", ls="--", lw=1, label=r"$P\to\infty$ closed form")
    for x, name in ((sI, r"$\sigma_I^2$"), (sII, r"$\sigma_{II}^2$"), (ssp, "spinodal")):
        ax.axvline(x, color="gray", lw=0.6, ls=":")
        ax.text(x, 0.3, name, rotation=90, fontsize=8, ha="right")
    for x in (0.227, 0.175):
        ax.axvline(x, color="tab:orange", lw=0.6, ls="-.")
    ax.set_xlabel(r"$\sigma^2$")
    ax.set_ylabel(r"target component of the mean output, $1 - |a|$")
    ax.set_title("Rubin et al. Fig. 3b: 1 - |a| with kinks at GMFL-I and GMFL-II\n(orange: paper's 0.227, 0.175)",
                 fontsize=10)
    ax.legend(fontsize=8)
    p2 = save_figure(fig, outdir / "rubin_modular_fig3b.png", (
        "Rubin et al. (2024) Fig. 3b from the theory (model B): the target component 1 - |a| of the mean output "
        "against sigma^2 at P = 401 (self-consistent) and P -> oo (closed form), with kinks at the GMFL-I and "
        "GMFL-II onsets (dotted); orange: the paper's 0.227 and 0.175."))
    return [p1, p2, modular_phase_diagram(outdir, quick)]


def modular_phase_diagram(outdir, quick):
    """Model B's phase diagram (§3.2.1): the spinodal, GMFL-I and GMFL-II onsets in sigma^2 against each of
    N, P, sigma_a^2 and gamma, the others at Fig. 3's values (the derived P -> oo closed forms)."""
    plt = _pyplot()
    Path(outdir).mkdir(parents=True, exist_ok=True)
    base = MODULAR.resolve({})
    primes = [p for p in range(101, 1602) if sp.isprime(p)][:: 8 if quick else 2]
    axes_spec = (("N", [int(x) for x in np.geomspace(200, 5000, 12 if quick else 40)], "log", r"width $N$"),
                 ("P", primes, "linear", r"prime $P$"),
                 ("sigma_a2", list(np.geomspace(5e-7, 8e-6, 12 if quick else 40)), "log", r"$\sigma_a^2$"),
                 ("gamma", list(np.geomspace(2e-5, 1e-3, 12 if quick else 40)), "log", r"$\gamma$"))
    fig, axes = plt.subplots(2, 2, figsize=(10, 7.5))
    for ax, (name, values, scale, label) in zip(axes.flat, axes_spec):
        curves = {"spinodal": [], "gmfl1_onset": [], "gmfl2_onset": []}
        for v in values:
            exact = sp.Rational(v).limit_denominator(10**12) if name in ("sigma_a2", "gamma") else v
            pts = dict(special_points({**base, name: exact}, 15))
            for k in curves:
                curves[k].append(float(pts[k]["sigma2"]) if k in pts else np.nan)
        ax.plot(values, curves["spinodal"], "k:", label="spinodal")
        ax.plot(values, curves["gmfl1_onset"], color="tab:green", label=r"GMFL-I onset $\sigma_I^2$")
        ax.plot(values, curves["gmfl2_onset"], color="tab:purple", label=r"GMFL-II onset $\sigma_{II}^2$")
        ax.axvline(float(base[name]), color="gray", lw=0.6, ls="-.")
        ax.set_xscale(scale)
        if scale == "log":
            ax.xaxis.set_minor_formatter(plt.NullFormatter())
        ax.set_xlabel(label)
        ax.set_ylabel(r"$\sigma^2$")
        ax.set_ylim(bottom=0)
        ax.text(0.03, 0.93, "GFL above the green line, GMFL-I between, GMFL-II below purple",
                transform=ax.transAxes, fontsize=7)
    axes.flat[0].legend(fontsize=8, loc="lower left")
    fig.suptitle("Rubin et al. 2024, model B: phase diagram (onsets vs N, P, $\\sigma_a^2$, $\\gamma$; "
                 "others at Fig. 3's values, dash-dot)", fontsize=10)
    fig.tight_layout()
    return save_figure(fig, Path(outdir) / "rubin_modular_phase_diagram.png", (
        "Rubin et al. (2024) model B phase diagram (Sec. 3.2.1, P -> oo closed forms): the spinodal, GMFL-I and "
        "GMFL-II onsets in sigma^2 against N, P, sigma_a^2 and gamma, the others at Fig. 3's values (dash-dot)."))


def _cubic_with_simulation(outdir, quick):
    """The theory figures of model A, then Fig. 2 with the simulated network (issue 16A)."""
    from .figures_simulation import simulation_figures
    from .figures_appd import appd_figures   # App. D / Figs. 4-6 in training time (issue 16C)
    return cubic_figures(outdir, quick) + simulation_figures(outdir, quick) + appd_figures(outdir, quick)


FIGURES = {"rubin-cubic": _cubic_with_simulation, "rubin-modular": modular_figures}
