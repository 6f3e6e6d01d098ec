r"""Figures of Žunkovič & Ilievski reproduced from the package's formulas (Figs. 4, 5, 8, 9, 14).

Curves are drawn in float64 (SciPy twins of the verified mpmath functions, which the tests
compare); the Fig. 8 and Fig. 9 readings of the theory note are overlaid as markers.  Fig. 14
is the fixed-attention Monte Carlo of :mod:`.rule30_experiments` against the paper's readings.
"""
from __future__ import annotations

from pathlib import Path

import sympy as sp

from .ball_numeric import fast_pdf, p_fast, t_slow
from .claims import FIG8, FIG9
from .one_d_numeric import grokking_probability, grokking_time_pdf_np
from .figures_rule30 import figure_rule30_fixed
from .figures_full import figure_rule30_full
from .rule30_experiments import FIG14_READINGS, fig14_scans

__all__ = ["FIGURES", "one_d_figures", "ball_figures", "figure_rule30", "eq86_float", "plot_fig8"]


def eq86_float(N, D, lam2, eps, alpha3="corrected"):
    """Float64 twin of :func:`.ball_numeric.eq86` (figures only)."""
    import numpy as np
    from scipy import integrate, special
    lamD = lam2 + 1.0 / (D + 2)
    L = lamD + eps**2
    beta = eps / L + eps / (L**2 * (D + 2))
    a1, a2 = 1 / L - 2 * eps**2 / L**2, -eps / L**2
    a3 = 1 / L if alpha3 == "corrected" else 1 / lamD - eps / (lamD * L)
    a4 = -eps / (lamD * L)
    m = beta + a2 / (D + 2)
    s1 = np.sqrt(a1**2 / (2 * N * (D + 2)) + a2**2 * (D + 1) / (N * (D + 2) ** 2 * (D + 4)))
    sj2 = a3**2 / (2 * N * (D + 2)) + a4**2 / (2 * N * (D**2 + 6 * D + 8))
    if eps <= 1:
        return 0.0
    f = lambda w: np.exp(-0.5 * ((w - m) / s1) ** 2) / (s1 * np.sqrt(2 * np.pi)) * (  # noqa: E731
        special.gammainc((D - 1) / 2, (eps**2 - 1) * w**2 / (2 * sj2)) if D > 1 else 1.0)
    lo = max(0.0, m - 12 * s1)
    return integrate.quad(f, lo, m + 12 * s1, points=[m] if lo < m else None, limit=200)[0]


def _save(plt, fig, path: Path, dpi: int = 110, caption: str = "") -> Path:
    """Lay out, write (with its caption stored in the file, for the report) and close ``fig``; the path."""
    from ...display import save_figure
    if fig.get_layout_engine() is None:
        fig.tight_layout()
    return save_figure(fig, path, caption or f"Žunkovič & Ilievski (2024): {Path(path).stem}", dpi=dpi)


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def one_d_figures(outdir: Path, quick: bool) -> list:
    """Fig. 4 (grokking probability vs eps_lambda) and Fig. 5 (normalised t_G densities)."""
    import numpy as np
    plt = _plt()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    fig, ax = plt.subplots(figsize=(6.4, 4.4))
    els = np.linspace(0.0, 1.0, 41 if quick else 201)
    for N, ls in ((2, "--"), (5, ":"), (10, "-")):
        ys = [float(grokking_probability(N, sp.Rational(float(e)).limit_denominator(10**6), 15)) for e in els]
        ax.plot(els, ys, ls, label=f"N={N}")
    ax.set_xlabel(r"$\varepsilon_\lambda$")
    ax.set_ylabel(r"$P_{E(\infty)=0}$")
    ax.set_title("Žunkovič & Ilievski Fig. 4: 1-D grokking probability")
    ax.legend()
    paths.append(_save(plt, fig, outdir / "zunkovic_1d_fig4.png", caption=(
        "Žunkovič & Ilievski (2024) Fig. 4: probability of grokking P(E(oo) = 0) of the 1-D exponential model "
        "against eps_lambda for N = 2, 5, 10 (closed form).")))
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
    ts = np.linspace(0.0, 8.0, 60 if quick else 240)
    for ax, el in zip(axes, (0.4, 0.04, 0.004)):
        for N, ls in ((2, "--"), (5, ":"), (10, "-")):
            ax.plot(ts, grokking_time_pdf_np(N, el, 0.0, ts, nodes=40 if quick else 80), ls, label=f"N={N}")
        ax.set_xlabel(r"$t_G$")
        ax.set_ylabel(r"$P(t_G)$")
        ax.set_title(rf"Fig. 5: $\varepsilon_\lambda={el}$")
        ax.legend()
    paths.append(_save(plt, fig, outdir / "zunkovic_1d_fig5.png", caption=(
        "Žunkovič & Ilievski (2024) Fig. 5: the density of the grokking time t_G of the 1-D model for "
        "eps_lambda = 0.4, 0.04, 0.004 and N = 2, 5, 10.")))
    return paths


def ball_figures(outdir: Path, quick: bool) -> list:
    """Fig. 8 (Eq. 86, printed alpha3 solid, corrected dashed, readings as dots) and Fig. 9 (t_G densities)."""
    import numpy as np
    plt = _plt()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    fig, axes = plt.subplots(2, 2, figsize=(10, 7.5))
    for ax, panel in zip(axes.flat, "abcd"):
        plot_fig8(panel, ax=ax, quick=quick)
    paths.append(_save(plt, fig, outdir / "zunkovic_ball_fig8.png", caption=(
        "Žunkovič & Ilievski (2024) Fig. 8: the D-ball grokking probability of Eq. 86 against D (a: N, b: "
        "lambda_2, d: eps varied) and against N (c), with alpha_3 as printed (solid) and corrected (dashed); "
        "dots: values read off the paper's figure.")))
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
    variants = (("D", [(4, 0.01, 2), (5, 0.01, 2), (6, 0.01, 2)]), ("λ2", [(5, 0.0, 2), (5, 0.01, 2), (5, 0.05, 2)]),
                ("ε", [(5, 0.01, 1.5), (5, 0.01, 2), (5, 0.01, 2.5)]))
    count = 30 if quick else 300       # exact rational t_G grid (1/10^4 .. 1): no nsimplify per point
    ts = [sp.Rational(1, 10**4) + sp.Rational(k, count - 1) * (1 - sp.Rational(1, 10**4)) for k in range(count)]
    for ax, (name, cases) in zip(axes, variants):
        for D, l2, e in cases:
            er, l2r = sp.Rational(str(e)), sp.Rational(str(l2))
            line, = ax.plot([float(t) for t in ts], [float(fast_pdf(D, er, t, 12)) for t in ts],
                            label=f"D={D}, λ2={l2}, ε={e}")
            ax.vlines(float(t_slow(D, er, l2r, 12)), 0, 1 - float(p_fast(D, er, 12)), color=line.get_color(), lw=3)
        for D, (pos, height) in FIG9.items():
            if name == "D":
                ax.plot([float(pos)], [float(height)], "k*", ms=8)
        ax.set_xlabel(r"$t_G$")
        ax.set_ylabel(r"$P(t_G)$")
        ax.set_title(f"Fig. 9 (Eqs. 43-47), varying {name}")
        ax.legend(fontsize=7)
    paths.append(_save(plt, fig, outdir / "zunkovic_ball_fig9.png", caption=(
        "Žunkovič & Ilievski (2024) Fig. 9 (Eqs. 43-47): the density of the fast grokking time of the D-ball "
        "model, varying D, lambda_2 and eps; bars: the slow time t_slow with weight 1 - p_fast; stars: the "
        "paper's readings.")))
    return paths + list(figure_rule30(outdir, quick)) + list(figure_rule30_fixed(outdir, quick)) + \
        figure_rule30_full(outdir, quick)


def plot_fig8(panel: str, *, ax=None, quick: bool = True):
    """One panel (``"a"`` to ``"d"``) of Fig. 8: Eq. 86 with alpha_3 as printed (solid) and corrected
    (dashed), one colour per series, and the values read off the paper's figure (dots); drawn on
    ``ax`` (a new figure's if None).  Returns the axes.  Reference: Žunkovič & Ilievski, Fig. 8, Eq. 86."""
    if ax is None:
        ax = _plt().figure(figsize=(6.4, 4.4)).gca()
    series = {"a": [(N, 0.1, 1.01, f"N={N}") for N in (5, 10, 30)],
              "b": [(10, l2, 1.01, f"λ2={l2}") for l2 in (0, 1, 3)],
              "c": [(None, 0.1, 1.01, "D=5")],
              "d": [(10, 0.1, e, f"ε={e}") for e in (1.1, 1.2)]}[panel]
    Ds = [2, 5, 6, 10, 15, 20] if quick else list(range(2, 21))
    Ns = list(range(5, 41, 7 if quick else 1))
    for i, (N, l2, e, lab) in enumerate(series):
        colour = f"C{i}"
        for a3, ls in (("paper", "-"), ("corrected", "--")):
            if panel == "c":
                xs, ys = Ns, [eq86_float(n, 5, l2, e, a3) for n in Ns]
            else:
                xs, ys = Ds, [eq86_float(N, D, l2, e, a3) for D in Ds]
            ax.plot(xs, ys, ls, color=colour, label=lab if a3 == "paper" else None)
    pts = [(r[1], r[2], float(r[5])) for r in FIG8 if r[0] == panel]
    ax.plot([p[0] if panel == "c" else p[1] for p in pts], [p[2] for p in pts], "ko", ms=4, label="read off Fig. 8")
    ax.plot([], [], "k-", label="α3 as printed")
    ax.plot([], [], "k--", label="α3 corrected")
    ax.set_xlabel("N" if panel == "c" else "D")
    if panel in "ac":
        ax.set_yscale("log")
    ax.set_ylabel(r"$P_{E(\infty)=0}$")
    ax.set_title(f"Fig. 8{panel} (Eq. 86)", fontsize="medium")
    ax.legend(fontsize=8)
    return ax


def figure_rule30(outdir, quick: bool) -> list:
    r"""Fig. 14-like figure: :math:`P_G` against :math:`\lambda_{1,2}` for fixed random attention.

    Panel (a): Eq. 2 as printed (mean loss), Monte Carlo with +-1 s.e. bars,
    and the paper's readings.  Panel (b): the same tensors with every strength
    divided by 8 (the scale at which the :math:`L_2` curve matches the paper's
    shape), as :math:`P_G(\lambda)/P_G(0)` against the paper's ratios.
    ``quick=True`` uses 2 000 tensors, otherwise 20 000 (the paper's count).

    Returns
    -------
    list of pathlib.Path
    """
    import numpy as np
    plt = _plt()

    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    trials = 2000 if quick else 20000
    scales = (1, sp.Rational(1, 8))
    scans = dict(zip(scales, fig14_scans(trials=trials, lambda_scales=scales)))
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    colours = {"lambda1": "tab:blue", "lambda2": "tab:red"}
    labels = {"lambda1": r"$L_1$ ($\lambda_1$)", "lambda2": r"$L_2$ ($\lambda_2$)"}
    for ax, (scale, scan) in zip(axes, scans.items()):
        p0, se0 = scan["none"]
        for key in ("lambda1", "lambda2"):
            lam = np.array([0.0] + [r[0] for r in scan[key]])
            p = np.array([p0] + [r[1] for r in scan[key]])
            e = np.array([se0] + [r[2] for r in scan[key]])
            paper = np.array([FIG14_READINGS["none"][0][1]] + [v for _, v in FIG14_READINGS[key]])
            if scale == 1:
                ax.errorbar(lam, p, yerr=e, color=colours[key], marker="o", capsize=3,
                            label=f"efftheory, {labels[key]}")
                ax.plot(lam, paper, color=colours[key], ls="--", marker="x", label=f"paper Fig. 14, {labels[key]}")
            else:
                ax.errorbar(lam, p / p0, yerr=e / p0, color=colours[key], marker="o", capsize=3,
                            label=f"efftheory, strength/8, {labels[key]}")
                ax.plot(lam, paper / paper[0], color=colours[key], ls="--", marker="x",
                        label=f"paper Fig. 14, {labels[key]}")
        ax.xaxis.set_major_locator(plt.MaxNLocator(5))               # readable tick labels
        ax.set_xlabel(r"regularisation strength $\lambda$ (paper's axis)")
        ax.set_ylabel(r"$P_G$" if scale == 1 else r"$P_G(\lambda)/P_G(0)$")
        ax.legend(fontsize=7)
    axes[0].set_title(f"(a) Eq. 2 as printed, d=2, {trials} random A", fontsize=9)
    axes[1].set_title("(b) strengths divided by 8, normalised to no regularisation", fontsize=9)
    fig.suptitle("Fixed-attention grokking probability, cf. Žunkovič & Ilievski (2024) Fig. 14", fontsize=10)
    return [_save(plt, fig, outdir / "zunkovic_rule30_fig14.png", dpi=110, caption=(
        f"Fixed-attention grokking probability P_G against the regularisation strength (cf. Žunkovič & Ilievski "
        f"2024 Fig. 14): Monte Carlo over {trials} random attention tensors (± 1 standard error) against the "
        f"paper's readings (dashed); (b) with every strength divided by 8, normalised to no regularisation."))]


FIGURES = {"zunkovic-1d": one_d_figures, "zunkovic-ball": ball_figures}
