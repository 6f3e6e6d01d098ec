"""The picture of a diagram (matplotlib, Agg): phase regions coloured or a quantity as a heat map.

Two or more axes: the plane of the first two (further axes at their first value, said in the title),
each cell a rectangle centred on its point (cell edges at the midpoints, geometric ones on a log
axis, which is drawn logarithmic).  A column of labels (a phase, a learning regime) is coloured by
category with a legend; a numeric column is a heat map with a colour bar.  Failed cells are grey
and hatched.  Transition lines whose coordinates are the plot's axes are drawn over it, and the
paper's point (the theory's defaults, completed by its first-order point) is marked.  One axis:
the column against the parameter, labels as coloured bands.
"""
from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np

__all__ = ["plot_diagram", "colour_column"]


def colour_column(df, quantity: str, names) -> str | None:
    """The column to colour: ``phase`` if present, else the quantity's own, else the first numeric one."""
    values = [c for c in df.columns if c not in (*names, "status", "digits", "message", "seconds")]
    for c in ("phase", quantity):
        if c in values:
            return c
    for c in values:
        if not c.endswith("_stderr") and _numeric(df[c]) is not None:
            return c
    return values[0] if values else None


def _f(text) -> float:
    """An exact text (``-0.65``, ``-13/20``) or a decimal string as a float, for drawing only."""
    return float(Fraction(str(text)))


def _numeric(series):
    import pandas as pd
    vals = pd.to_numeric(series.dropna(), errors="coerce")
    return None if vals.isna().any() or not len(vals) else vals


def _edges(centres: np.ndarray, log: bool) -> np.ndarray:
    c = np.log(centres) if log else centres
    if len(c) == 1:
        e = np.array([c[0] - 0.5, c[0] + 0.5]) if not log else np.array([c[0] - 0.1, c[0] + 0.1])
    else:
        mid = (c[1:] + c[:-1]) / 2
        e = np.concatenate([[2 * c[0] - mid[0]], mid, [2 * c[-1] - mid[-1]]])
    return np.exp(e) if log else e


def plot_diagram(path: Path, df, grid, *, theory: str, quantity: str, column=None, lines=(), mark=None) -> str:
    """Draw ``df`` (the store's table) to ``path``; return the coloured column's name."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from ..report.outputs import atomic_file
    names = grid.names
    column = column or colour_column(df, quantity, names)
    axes = grid.axes
    sub = df
    for a in axes[2:]:
        sub = sub[sub[a.name] == a.texts[0]]
    ok = sub[sub["status"] == "ok"]
    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    title = f"{theory}: {column or 'cells'}" + ("" if quantity == column else f" ({quantity})")
    if len(axes) > 2:
        title += " at " + ", ".join(f"{a.name}={a.texts[0]}" for a in axes[2:])
    if len(axes) == 1:
        _one_axis(ax, ok, axes[0], column)
    else:
        _plane(fig, ax, sub, ok, axes[0], axes[1], column)
        for i, ln in enumerate(lines):
            _overlay(ax, ln, axes[0].name, axes[1].name, i)
    if mark and all(n in mark for n in names[:2]) and len(axes) >= 2:
        ax.plot(float(mark[names[0]]), float(mark[names[1]]), marker="*", ms=14, color="gold", mec="k",
                ls="none", label="paper's point", zorder=5)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize="small", loc="best", framealpha=0.85)
    ax.set_title(title, fontsize="medium")
    fig.tight_layout()
    with atomic_file(path, "wb") as fh:
        fig.savefig(fh, dpi=120, format=Path(path).suffix.lstrip(".").lower() or "png")
    plt.close(fig)
    return column


def _plane(fig, ax, sub, ok, ax0, ax1, column):
    import matplotlib.pyplot as plt
    from matplotlib.colors import BoundaryNorm, ListedColormap, LogNorm
    x = np.array([float(v) for v in ax0.values]) if not ax0.categorical else np.arange(len(ax0.values), dtype=float)
    y = np.array([float(v) for v in ax1.values]) if not ax1.categorical else np.arange(len(ax1.values), dtype=float)
    ix = {t: i for i, t in enumerate(ax0.texts)}
    iy = {t: i for i, t in enumerate(ax1.texts)}
    Z = np.full((len(y), len(x)), np.nan)
    failed = np.zeros_like(Z, dtype=bool)
    for _, r in sub.iterrows():
        failed[iy[r[ax1.name]], ix[r[ax0.name]]] = r["status"] != "ok"
    vals = ok[column] if column in ok else None
    numeric = _numeric(vals) if vals is not None else None
    cats = []
    if vals is not None and numeric is None:
        cats = sorted(set(vals.dropna()))
    for (_, r) in ok.iterrows():
        v = r.get(column)
        if v is None or v != v:
            continue
        Z[iy[r[ax1.name]], ix[r[ax0.name]]] = cats.index(v) if cats else float(v)
    X, Y = _edges(x, ax0.log), _edges(y, ax1.log)
    if cats:
        cmap = ListedColormap(list(plt.cm.Pastel1.colors[:max(1, len(cats))]) if len(cats) <= 9
                              else plt.cm.tab20.colors[:len(cats)])
        ax.pcolormesh(X, Y, np.ma.masked_invalid(Z), cmap=cmap,
                      norm=BoundaryNorm(np.arange(len(cats) + 1) - 0.5, cmap.N), shading="flat")
        for k, c in enumerate(cats):
            ax.fill_between([], [], color=cmap(k), label=f"{column} = {c}")
    elif column is not None:
        lo, hi = np.nanmin(Z), np.nanmax(Z)
        norm = LogNorm(lo, hi) if lo > 0 and hi > 30 * lo else None     # a quantity over decades: log colours
        mesh = ax.pcolormesh(X, Y, np.ma.masked_invalid(Z), cmap="viridis", norm=norm, shading="flat")
        fig.colorbar(mesh, ax=ax, label=column)
    if failed.any():
        ax.pcolormesh(X, Y, np.ma.masked_where(~failed, np.ones_like(Z)), cmap=ListedColormap(["0.6"]),
                      hatch="//", shading="flat")
        ax.fill_between([], [], color="0.6", hatch="//", label="failed cell")
    for a, setter, ticks in ((ax0, ax.set_xscale, ax.set_xticks), (ax1, ax.set_yscale, ax.set_yticks)):
        if a.log:
            setter("log")
        if a.categorical:
            ticks(range(len(a.values)), a.texts)
    ax.set_xlabel(ax0.name)
    ax.set_ylabel(ax1.name)


def _one_axis(ax, ok, axis, column):
    import matplotlib.pyplot as plt
    xs = [_f(v) for v in ok[axis.name]]
    vals = ok[column] if column in ok else None
    numeric = _numeric(vals) if vals is not None else None
    if numeric is not None:
        ax.plot(xs, numeric.to_numpy(), marker=".", color="k")
        ax.set_ylabel(column)
    elif vals is not None:
        cats = sorted(set(vals.dropna()))
        for k, c in enumerate(cats):
            pts = [x for x, v in zip(xs, vals) if v == c]
            ax.plot(pts, [k] * len(pts), "s", color=plt.cm.Set1(k), label=f"{column} = {c}")
        ax.set_yticks(range(len(cats)), cats)
    if axis.log:
        ax.set_xscale("log")
    ax.set_xlabel(axis.name)


def _overlay(ax, line, xname, yname, index=0):
    """Draw ``line`` if its coordinates are the plot's."""
    styles = {"first_order": ("k", "-"), "spinodal": ("C3", "--")}
    colour, ls = styles.get(line.kind, (("C0", "C2", "C4", "C1", "C5")[index % 5], ":"))
    for b in sorted({r["branch"] for r in line.rows}):
        rows = line.ok_rows(b)
        if not rows or not all(xname in r and yname in r for r in rows):
            continue
        ax.plot([_f(r[xname]) for r in rows], [_f(r[yname]) for r in rows], color=colour, ls=ls, lw=1.6,
                label=f"{line.kind.replace('_', '-')} line ({line.method})" if b == 0 else None, zorder=4)
