"""Sweeps of a quantity along one parameter: a table with CSV, text, JSON and a plot."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import sympy as sp

from ..errors import InputError
from ..numeric.continuation import along_a_line
from ..results import flat_items, format_value
from .progress import Progress

__all__ = ["parse_vary", "run_sweep", "SweepTable"]

MAX_POINTS = 10000


def parse_vary(model, text: str):
    """``NAME=START:STOP:COUNT`` -> (name, list of exact values), validated."""
    name, sep, rng = text.partition("=")
    parts = rng.split(":")
    if not sep or len(parts) != 3:
        raise InputError(f"--vary {text!r} is not of the form NAME=START:STOP:COUNT")
    param = model.parameter(name)
    start, stop = param.parse(parts[0]), param.parse(parts[1])
    if not all(isinstance(v, (sp.Rational, int)) for v in (start, stop)):
        raise InputError(f"--vary {name}: START:STOP:COUNT needs a numeric parameter; '{name}' takes "
                         f"{param.domain} (give it with --param instead)")
    try:
        count = int(parts[2])
    except ValueError:
        raise InputError(f"--vary COUNT {parts[2]!r} is not a whole number (domain: 1 to {MAX_POINTS})") from None
    if not 1 <= count <= MAX_POINTS:
        raise InputError(f"--vary COUNT {count} is outside its domain: integers 1 to {MAX_POINTS}")
    values = [start] if count == 1 else [start + (stop - start) * sp.Rational(i, count - 1) for i in range(count)]
    for v in values:
        param.parse(v)
    return name, values


@dataclass(frozen=True)
class SweepTable:
    """The rows of a sweep: the varied value and the quantity's values (verified strings)."""

    theory: str
    quantity: str
    vary: str
    rows: tuple

    @property
    def columns(self) -> list[str]:
        cols: list[str] = []
        for r in self.rows:
            for k in r["values"]:
                if k not in cols:
                    cols.append(k)
        return cols

    def to_json(self) -> dict:
        return {"theory": self.theory, "quantity": self.quantity, "vary": self.vary,
                "rows": [{self.vary: str(r["x"]), "values": r["values"], "digits": r["digits"]} for r in self.rows]}

    def to_csv(self) -> str:
        fh = io.StringIO()
        w = csv.writer(fh)
        w.writerow([self.vary, *self.columns, "digits"])
        for r in self.rows:
            w.writerow([str(r["x"]), *[r["values"].get(c, "") for c in self.columns], r["digits"]])
        return fh.getvalue()

    def write_csv(self, path: Path) -> None:
        from .outputs import write_text
        write_text(path, self.to_csv())

    def to_text(self) -> str:
        cols = self.columns
        lines = ["\t".join([self.vary, *cols, "digits"])]
        for r in self.rows:
            lines.append("\t".join([str(r["x"]), *[str(r["values"].get(c, "")) for c in cols], str(r["digits"])]))
        return "\n".join(lines)

    def _records(self, x) -> list:
        return [{self.vary: x(r["x"]), **{c: r["values"].get(c) for c in self.columns}, "digits": r["digits"]}
                for r in self.rows]

    def to_dataframe(self, *, numbers: str = "float"):
        """One row per point of the sweep: the varied parameter, each value column, ``digits``.

        ``numbers``: ``"float"`` (default; the varied value as float too), ``"mpf"`` (every
        verified digit) or ``"str"`` (the verified decimal strings, the varied value exact).
        """
        from ..display import dataframe
        exact = numbers == "str"
        return dataframe(self._records(lambda v: str(v) if exact else format_value(v, 30)), numbers=numbers)

    def _caption(self) -> str:
        return f"{self.theory}: {self.quantity} against {self.vary} ({len(self.rows)} points)"

    def _repr_html_(self) -> str:
        from ..display import html_table
        cols = [self.vary, *self.columns, "digits"]
        return html_table(cols, [[r.get(c, "") if r.get(c) is not None else "" for c in cols]
                                 for r in self._records(str)], caption=self._caption())

    def _repr_latex_(self) -> str:
        from ..display import latex_array, tex_name, tex_number, tex_text

        def cell(v):
            return "" if v is None else tex_number(v) if _is_number(v) else r"\text{" + tex_text(v) + "}"
        header = [tex_name(self.vary), *[tex_name(c) for c in self.columns], r"\text{digits}"]
        rows = [[str(r["x"]), *[cell(r["values"].get(c)) for c in self.columns], r["digits"]] for r in self.rows]
        return latex_array(header, rows, caption=self._caption())

    def plot(self, path: Path | None = None, *, ax=None, column: str | None = None):
        """Plot the sweep.

        With ``ax`` (a Matplotlib axes): draw one column (``column``, default the first numeric
        one) on it, phase labels shading the background, and return ``ax``.  Otherwise one panel
        per numeric column on a shared x axis, written to ``path`` if given (the figure is then
        closed and ``None`` returned), else the figure returned (for a notebook).
        """
        import math

        import matplotlib
        if ax is None and path is not None:
            matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        numeric = [c for c in self.columns if all(_is_number(r["values"].get(c)) for r in self.rows)]
        labels = [c for c in self.columns if c not in numeric]
        numeric = [c for c in numeric if not (c.endswith("_stderr") and c[:-7] in numeric)]   # error bars
        kinds = sorted({r["values"][labels[0]] for r in self.rows}) if labels else []
        colours = dict(zip(kinds, plt.cm.Pastel1.colors))
        if ax is not None:
            if column is not None and column not in numeric:
                raise ValueError(f"column {column!r} is not a numeric column of this sweep: {', '.join(numeric)}")
            self._panel(ax, column or numeric[0], labels, colours)
            ax.set_xlabel(self.vary)
            return ax
        ncol = min(3, max(1, len(numeric)))
        nrow = max(1, math.ceil(len(numeric) / ncol))
        fig, axes = plt.subplots(nrow, ncol, figsize=(4.2 * ncol, 2.8 * nrow), squeeze=False, sharex=True)
        for i, a in enumerate(axes.flat):
            if i >= len(numeric):
                a.set_visible(False)
                continue
            self._panel(a, numeric[i], labels, colours)
            if i >= len(numeric) - ncol:
                a.set_xlabel(self.vary)
        if kinds:
            handles = [plt.Rectangle((0, 0), 1, 1, color=colours[k]) for k in kinds]
            fig.legend(handles, [f"{labels[0]} = {k}" for k in kinds], loc="upper right", fontsize="small")
        fig.suptitle(f"{self.theory}: {self.quantity} against {self.vary}")
        fig.tight_layout()
        if path is None:
            return fig
        from .outputs import atomic_file
        with atomic_file(path, "wb") as fh:
            fig.savefig(fh, dpi=110, format=Path(path).suffix.lstrip(".").lower() or "png")
        plt.close(fig)
        return None

    def _panel(self, ax, c, labels, colours) -> None:
        xs = [float(r["x"]) for r in self.rows]
        ys = [float(r["values"][c]) for r in self.rows]
        if f"{c}_stderr" in self.columns:
            ax.errorbar(xs, ys, yerr=[float(r["values"][f"{c}_stderr"]) for r in self.rows], marker=".",
                        color="k", capsize=2)
        else:
            ax.plot(xs, ys, marker=".", color="k")
        ax.set_title(c, fontsize="small")
        if labels:
            for x0, x1, r in zip(xs, xs[1:] + xs[-1:], self.rows):
                ax.axvspan(x0, x1, color=colours[r["values"][labels[0]]], lw=0)


def _is_number(v) -> bool:
    try:
        float(v)
        return True
    except (TypeError, ValueError):
        return False


def run_sweep(model, quantity: str, name: str, values, given: dict, *, dps: int, seed=None, trials=None):
    """Evaluate ``quantity`` at each value of parameter ``name``, with a progress bar on stderr."""
    rows = []
    # one line: each point starts from the previous ones (numeric.continuation); verification unchanged
    with Progress(len(values), f"{model.name} {quantity}") as bar, along_a_line():
        for v in values:
            bar.working_on(f"{name}={format_value(v, 6)}")
            res = model.evaluate(quantity, {**given, name: v}, dps=dps, seed=seed, trials=trials)
            js = res.to_json()
            stderr = {f"{k}_stderr": e for k, e in js.get("stderr", {}).items()}     # Monte Carlo: value ± se
            rows.append({"x": v, "values": {**dict(flat_items(js["values"])), **stderr}, "digits": res.digits})
            bar.update()
    return SweepTable(model.name, quantity, name, tuple(rows))
