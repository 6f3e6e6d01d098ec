r"""Notebook display of results: parameter names as math, numbers with every verified digit,
LaTeX arrays, HTML tables and :mod:`pandas` DataFrames (pandas is imported only when a
DataFrame is asked for).

The result objects (:mod:`efftheory.results`, :class:`~efftheory.report.sweep.SweepTable`)
use these helpers for ``_repr_latex_``, ``_repr_html_`` and ``to_dataframe``; the values they
receive are already the verified decimal strings, so nothing here rounds.

>>> tex_name("sigma_w2"), tex_name("kappa"), tex_name("b3"), tex_name("grokking_probability")
('\\sigma_w^2', '\\kappa', 'b_{3}', '\\mathrm{grokking\\_probability}')
>>> tex_number("-1.25e-7"), tex_number("0.178719454735076212863622006366")
('-1.25 \\times 10^{-7}', '0.178719454735076212863622006366')
"""
from __future__ import annotations

import html
import re

__all__ = ["tex_name", "tex_number", "tex_text", "html_table", "latex_array", "dataframe", "as_number", "save_figure",
           "figure_caption"]

_GREEK = set("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon phi "
             "chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega".split())
_ALIASES = {"eps": r"\varepsilon", "epsilon": r"\varepsilon"}
_NAME = re.compile(r"([A-Za-z]+?)(\d*)(?:_([A-Za-z]+)(\d*))?")
_EXP = re.compile(r"^([-+]?[\d.]+)e([-+]?)0*(\d+)$")


def tex_name(name: str) -> str:
    """A parameter or value name (ASCII, as in the CLI) as the paper writes it in math.

    ``sigma2`` is σ², ``sigma_a2`` is σ_a², a Greek name its letter, a letter with digits a
    subscript (``b3`` is b₃, ``lambda1`` is λ₁); any other name upright, underscores escaped.
    """
    m = _NAME.fullmatch(name)
    if m:
        base, digits, sub, sub_digits = m.groups()
        letter = _ALIASES.get(base, "\\" + base if base in _GREEK else base if len(base) == 1 else None)
        if letter is not None:
            power = digits if sub is None else sub_digits
            if sub is not None and (digits or len(sub) > 2):
                letter = None
            elif base == "sigma" and power == "2":           # variances: sigma2, sigma_w2
                return letter + (f"_{sub}" if sub else "") + "^2"
            elif sub is None:
                return letter + (f"_{{{digits}}}" if digits else "")
            else:
                return letter + f"_{{{sub}{sub_digits}}}"
    return r"\mathrm{" + name.replace("_", r"\_") + "}"


def tex_number(text: str) -> str:
    """A decimal string as LaTeX: ``1.5e-7`` as ``1.5 \\times 10^{-7}``; other text unchanged."""
    m = _EXP.match(str(text))
    if not m:
        return str(text)
    mant, sign, exp = m.groups()
    return f"{mant} \\times 10^{{{'-' if sign == '-' else ''}{exp}}}"


def tex_text(text: str) -> str:
    r"""Text for ``\text{...}`` inside math (underscores as spaces, specials escaped)."""
    out = str(text).replace("_", " ")
    for c in "\\{}$^~":
        out = out.replace(c, "")
    for c in "&#%":                       # closed and reopened: MathJax's \text takes no macros
        out = out.replace(c, "}\\" + c + "\\text{")
    return out


def as_number(text):
    """A verified decimal string as a float (NaN-free); text that is not a number stays text."""
    try:
        return float(text)
    except (TypeError, ValueError):
        return text


def latex_array(header, rows, *, caption: str = "") -> str:
    """A MathJax/LaTeX ``array`` (in ``$...$``): ``header`` (already LaTeX) and rows of cells."""
    ncol = len(header)
    lines = [" & ".join(header) + r" \\ \hline"] + [" & ".join(str(c) for c in r) + r" \\" for r in rows]
    top = r"\text{" + tex_text(caption) + r"}\\ " if caption else ""
    return ("$\\begin{array}{l}" + top + "\\begin{array}{" + "l" * ncol + "}\n" + "\n".join(lines)
            + "\n\\end{array}\\end{array}$")


def html_table(header, rows, *, caption: str = "") -> str:
    """An HTML table (cells escaped; numbers right-aligned in a monospace font)."""
    def cell(c, tag):
        style = ' style="text-align:right;font-family:monospace"' if isinstance(as_number(c), float) else ""
        return f"<{tag}{style}>{html.escape(str(c))}</{tag}>"
    head = "<tr>" + "".join(cell(h, "th") for h in header) + "</tr>"
    body = "".join("<tr>" + "".join(cell(c, "td") for c in r) + "</tr>" for r in rows)
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f'<table class="efftheory">{cap}<thead>{head}</thead><tbody>{body}</tbody></table>'


def dataframe(records, *, numbers: str = "float"):
    """A :class:`pandas.DataFrame` of ``records`` (dicts of verified decimal strings and labels).

    ``numbers="float"`` converts every column whose entries are all numbers to float64 (for
    plotting and arithmetic; the ``digits`` column says how many digits are verified),
    ``numbers="mpf"`` to :class:`mpmath.mpf` at the precision of the text (object columns, every
    verified digit), ``numbers="str"`` keeps the verified decimal strings.
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - pandas is a dependency
        raise ImportError("to_dataframe needs pandas (pip install pandas)") from exc
    if numbers not in ("float", "mpf", "str"):
        raise ValueError(f"numbers={numbers!r}: choose 'float', 'mpf' or 'str'")
    frame = pd.DataFrame.from_records(list(records))
    if numbers == "str":
        return frame
    for col in frame.columns:
        values = list(frame[col])
        if values and all(isinstance(as_number(v), float) or v is None for v in values) \
                and not all(isinstance(v, (int, bool)) for v in values):
            frame[col] = [None if v is None else _convert(v, numbers) for v in values]
            if numbers == "float":
                frame[col] = frame[col].astype("float64")
    return frame


def _convert(text, numbers):
    if numbers == "float":
        return float(text)
    import mpmath
    digits = len(re.sub(r"[^0-9]", "", str(text).split("e")[0].split("E")[0])) + 5
    with mpmath.workdps(max(digits, 15)):
        return mpmath.mpf(str(text))


def save_figure(fig, path, caption: str, *, dpi: int = 110):
    """Write ``fig`` to ``path`` with ``caption`` stored in the file (PNG text chunk ``Description``,
    read back by :func:`figure_caption`, so that a report can caption it), then close it; returns
    ``path``.  The layout is left to the figure (create it with ``layout="constrained"``)."""
    import matplotlib.pyplot as plt
    from pathlib import Path
    path = Path(path)
    meta = {"Description": caption} if path.suffix.lower() == ".png" else {"Subject": caption}
    fig.savefig(path, dpi=dpi, metadata=meta)
    plt.close(fig)
    return path


def figure_caption(path) -> str | None:
    """The caption :func:`save_figure` stored in a PNG file, or None."""
    try:
        from PIL import Image
        with Image.open(path) as image:
            return image.text.get("Description") if hasattr(image, "text") else None
    except (OSError, ImportError):
        return None
