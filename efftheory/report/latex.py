"""Standalone LaTeX documents (compile with pdflatex)."""
from __future__ import annotations

from ..errors import ComputationError, InputError
from ..symbolic.derivation import _tex_escape

__all__ = ["PREAMBLE", "theory_document", "escape"]

escape = _tex_escape

PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[margin=2cm]{geometry}
\usepackage{amsmath,amssymb}
\usepackage{graphicx}
\usepackage{longtable}
\usepackage{array}
\usepackage[T1]{fontenc}
\usepackage{lmodern}
\allowdisplaybreaks
\setlength{\parindent}{0pt}
\setlength{\parskip}{4pt}
"""


def special_points_table(model, params, *, dps: int = 20) -> str:
    """A LaTeX table of the verified special points (or a sentence saying why there is none)."""
    from ..results import format_value
    if model.special_points is None:
        return "This theory has no phase structure to solve; see its quantities.\n"
    try:
        result = model.solve({k: v for k, v in params.items() if v is not None}, dps=dps)
    except (ComputationError, InputError) as exc:
        return f"The special points could not be computed here: {escape(str(exc))}\n"
    rows = []
    for p in result.points:
        vals = ", ".join(f"${escape(k)} = {format_value(v, p.digits)}$" for k, v in p.values.items())
        rows.append(f"{escape(p.kind)} & {vals} & {p.digits} \\\\")
    return ("\\begin{longtable}{p{2.5cm}p{11cm}r}\n kind & values & digits \\\\ \\hline\n" + "\n".join(rows)
            + "\n\\end{longtable}\n")


def theory_document(model, params, *, dps: int = 20) -> str:
    """Derivation, equations and special points of one theory as a LaTeX document."""
    theory = model.theory(params)
    derivation = model.derivation(params)
    body = [f"\\title{{{escape(model.name)}: {escape(theory.title)}}}", "\\author{efftheory}", "\\maketitle",
            f"\\textbf{{Paper:}} {escape(model.paper)}\\\\", f"{escape(model.description)}",
            "\\section*{Action and equations}", theory.latex(),
            derivation.to_latex(), "\\section*{Special points (verified digits)}",
            special_points_table(model, params, dps=dps)]
    return PREAMBLE + "\\begin{document}\n" + "\n".join(body) + "\n\\end{document}\n"
