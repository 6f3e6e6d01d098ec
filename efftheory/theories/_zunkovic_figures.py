r"""Figures of Žunkovič & Ilievski reproduced from the package's formulas (Figs. 4, 5, 8, 9).

Curves are drawn in float64 (SciPy twins of the verified mpmath functions, which the tests
compare); the Fig. 8 and Fig. 9 readings of the theory note are overlaid as markers.
"""
from __future__ import annotations

from pathlib import Path

import sympy as sp

__all__ = ["one_d_figures", "ball_figures", "eq86_float"]


def eq86_float(N, D, lam2, eps, alpha3="corrected"):
    """Float64 twin of :func:`efftheory.theories.zunkovic_ball.eq86` (figures only)."""
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


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def one_d_figures(outdir: Path, quick: bool) -> list:
    """Fig. 4 (grokking probability vs eps_lambda) and Fig. 5 (normalised t_G densities)."""
    import numpy as np
    from .zunkovic_1d import grokking_probability, grokking_time_pdf_np
    plt = _plt()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    fig, ax = plt.subplots(figsize=(5, 3.6))
    els = np.linspace(0.0, 1.0, 41 if quick else 201)
    for N, ls in ((2, "--"), (5, ":"), (10, "-")):
        ys = [float(grokking_probability(N, sp.Rational(float(e)).limit_denominator(10**6), 15)) for e in els]
        ax.plot(els, ys, ls, label=f"N={N}")
    ax.set_xlabel(r"$\varepsilon_\lambda$")
    ax.set_ylabel(r"$P_{E(\infty)=0}$")
    ax.set_title("Žunkovič & Ilievski Fig. 4: 1-D grokking probability")
    ax.legend()
    p = outdir / "zunkovic_1d_fig4.png"
    fig.tight_layout()
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
    ts = np.linspace(0.0, 8.0, 60 if quick else 240)
    for ax, el in zip(axes, (0.4, 0.04, 0.004)):
        for N, ls in ((2, "--"), (5, ":"), (10, "-")):
            ax.plot(ts, grokking_time_pdf_np(N, el, 0.0, ts, nodes=40 if quick else 80), ls, label=f"N={N}")
        ax.set_xlabel(r"$t_G$")
        ax.set_ylabel(r"$P(t_G)$")
        ax.set_title(rf"Fig. 5: $\varepsilon_\lambda={el}$")
        ax.legend()
    p = outdir / "zunkovic_1d_fig5.png"
    fig.tight_layout()
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    return paths


def ball_figures(outdir: Path, quick: bool) -> list:
    """Fig. 8 (Eq. 86, printed alpha3 solid, corrected dashed, readings as dots) and Fig. 9 (t_G densities)."""
    import numpy as np
    from ._zunkovic_claims import FIG8, FIG9
    from .zunkovic_ball import fast_pdf, p_fast, t_slow
    plt = _plt()
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    fig, axes = plt.subplots(1, 4, figsize=(16, 3.8))
    Ds = [2, 5, 6, 10, 15, 20] if quick else list(range(2, 21))
    series = {"a": [(N, 0.1, 1.01, f"N={N}") for N in (5, 10, 30)],
              "b": [(10, l2, 1.01, f"λ2={l2}") for l2 in (0, 1, 3)],
              "d": [(10, 0.1, e, f"ε={e}") for e in (1.1, 1.2)]}
    for ax, panel in zip(axes, "abcd"):
        if panel == "c":
            Ns = list(range(5, 41, 7 if quick else 1))
            for D in (5,):
                for a3, ls in (("paper", "-"), ("corrected", "--")):
                    ax.plot(Ns, [eq86_float(N, D, 0.1, 1.01, a3) for N in Ns], ls, label=f"D={D} α3 {a3}")
            ax.set_xlabel("N")
            ax.set_yscale("log")
        else:
            for N, l2, e, lab in series[panel]:
                for a3, ls in (("paper", "-"), ("corrected", "--")):
                    ax.plot(Ds, [eq86_float(N, D, l2, e, a3) for D in Ds], ls, label=f"{lab} α3 {a3}")
            ax.set_xlabel("D")
            if panel == "a":
                ax.set_yscale("log")
        pts = [(r[1], r[2], float(r[5])) for r in FIG8 if r[0] == panel]
        ax.plot([p[0] if panel == "c" else p[1] for p in pts], [p[2] for p in pts], "ko", ms=4, label="read off Fig. 8")
        ax.set_ylabel(r"$P_{E(\infty)=0}$")
        ax.set_title(f"Fig. 8{panel} (Eq. 86)")
        ax.legend(fontsize=6)
    p = outdir / "zunkovic_ball_fig8.png"
    fig.tight_layout()
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.6))
    variants = (("D", [(4, 0.01, 2), (5, 0.01, 2), (6, 0.01, 2)]), ("λ2", [(5, 0.0, 2), (5, 0.01, 2), (5, 0.05, 2)]),
                ("ε", [(5, 0.01, 1.5), (5, 0.01, 2), (5, 0.01, 2.5)]))
    ts = np.linspace(1e-4, 1.0, 30 if quick else 300)
    for ax, (name, cases) in zip(axes, variants):
        for D, l2, e in cases:
            er, l2r = sp.nsimplify(e), sp.nsimplify(l2)
            line, = ax.plot(ts, [float(fast_pdf(D, er, sp.nsimplify(float(t)), 12)) for t in ts],
                            label=f"D={D}, λ2={l2}, ε={e}")
            ax.vlines(float(t_slow(D, er, l2r, 12)), 0, 1 - float(p_fast(D, er, 12)), color=line.get_color(), lw=3)
        for D, (pos, height) in FIG9.items():
            if name == "D":
                ax.plot([float(pos)], [float(height)], "k*", ms=8)
        ax.set_xlabel(r"$t_G$")
        ax.set_ylabel(r"$P(t_G)$")
        ax.set_title(f"Fig. 9 (Eqs. 43-47), varying {name}")
        ax.legend(fontsize=7)
    p = outdir / "zunkovic_ball_fig9.png"
    fig.tight_layout()
    fig.savefig(p, dpi=110)
    plt.close(fig)
    paths.append(p)
    from ._zunkovic_rule30 import figure_rule30
    return paths + list(figure_rule30(outdir, quick))
