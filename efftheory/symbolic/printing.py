r"""Printing equations the way a theorist writes them (pure SymPy).

SymPy's own LaTeX printer writes an expression on one line, fully expanded where it was
built expanded, and splits symbol names at ``_`` and ``^``.  This module adds what a
publishable equation needs:

* symbols named as in the paper (``symbol_names`` from :attr:`Parameter.latex`), and a symbol
  whose name is already LaTeX (``\hat S(q)``, ``p(\theta \mid D)``) printed verbatim;
* a compact form: of the expression, its factored and its collected-over-a-common-denominator
  forms, the narrowest is printed (a presentation only: the three are equal);
* long sums broken across lines (rows of an ``aligned``/``align*`` block), a wide factor
  ``c (t1 + t2 + ...)`` or fraction ``(t1 + t2 + ...)/D`` opened so that its terms break too;
* matrices too wide for the page shown entry by entry;
* plain text with the paper's symbols (``σ_w²`` for ``sigma_w2``) for the terminal.

The width of a line is estimated from its LaTeX (a fraction is as wide as its wider part,
scripts count less), in units of roughly one math character.
"""
from __future__ import annotations

import re

import sympy as sp
from sympy.printing.latex import LatexPrinter

__all__ = ["Printer", "display_lines", "aligned", "expression_lines", "compact", "plain_text", "WIDTH"]

#: Default line budget (in estimated characters) of a display on an A4 page at 11 pt, 2 cm margins.
WIDTH = 60

_RAW = re.compile(r"[\\{}()|\[\]/ ,]")


class Printer(LatexPrinter):
    """SymPy's LaTeX printer with the paper's symbol names; LaTeX-named symbols verbatim."""

    def __init__(self, symbol_names=None):
        super().__init__({"symbol_names": dict(symbol_names or {})})

    def _print_Symbol(self, expr, style="plain"):
        names = self._settings["symbol_names"]
        if expr in names:
            return names[expr]
        if _RAW.search(expr.name):
            return expr.name
        return super()._print_Symbol(expr, style)


def _strip_args(tex: str, i: int) -> tuple[str, int]:
    """The balanced ``{...}`` group starting at ``tex[i]`` (its inside) and the index after it."""
    depth, j = 0, i
    while j < len(tex):
        if tex[j] == "{":
            depth += 1
        elif tex[j] == "}":
            depth -= 1
            if depth == 0:
                return tex[i + 1:j], j + 1
        j += 1
    return tex[i + 1:], len(tex)


def width(tex: str) -> float:
    """Estimated printed width of a LaTeX math string, in characters."""
    w, i = 0.0, 0
    while i < len(tex):
        c = tex[i]
        if tex.startswith("\\frac", i) or tex.startswith("\\dfrac", i):
            i = tex.index("{", i)
            a, i = _strip_args(tex, i)
            b, i = _strip_args(tex, i)
            w += max(width(a), width(b)) + 1.5
        elif c == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            name = m.group(1)
            i += len(m.group(0))
            if name in ("left", "right", "Bigl", "Bigr", "bigl", "bigr", "mathrm", "operatorname", "text",
                        "mathbf", "boldsymbol", "mathcal", "hat", "bar", "tilde", "displaystyle", "limits"):
                continue
            w += {"quad": 2, "qquad": 4, ",": 0.3, ";": 0.4, "!": 0}.get(name, 1.2 if len(name) > 1 else 0.5)
        elif c in "^_":
            i += 1
            if i < len(tex) and tex[i] == "{":
                a, i = _strip_args(tex, i)
                w += 0.7 * width(a)
            else:
                w += 0.7
                i += 1
        elif c in "{} ":
            i += 1
        elif c in "+-=<>":
            w += 2.6
            i += 1
        else:
            w += 1
            i += 1
    return w


def compact(expr):
    """The narrowest of ``expr``, its factored form and its form over one denominator (all equal)."""
    if not isinstance(expr, sp.Expr) or expr.is_Atom or sp.count_ops(expr) > 400:
        return expr
    candidates = [expr]
    many = len(expr.free_symbols) > 8         # multivariate factoring (Wang's algorithm) can take minutes
    for f in ((sp.factor,) if not many else ()) + (lambda e: sp.factor_terms(sp.together(e)),):
        try:
            candidates.append(f(expr))
        except (sp.PolynomialError, NotImplementedError, TypeError, ValueError):
            pass
    printer = Printer()
    return min(candidates, key=lambda e: width(printer.doprint(e)))


def _signed_terms(printer, expr) -> list[str]:
    """The terms of a sum, each printed with its sign (``+ t`` or ``- t``)."""
    out = []
    for t in printer._as_ordered_terms(expr):
        if t.could_extract_minus_sign():
            out.append("- " + printer._print(-t))
        else:
            out.append("+ " + printer._print(t))
    return out


def _split_wide(printer, expr, budget) -> list[str] | None:
    """Lines of ``c (sum)`` or ``sum / D`` with the sum's terms broken; None if not of that form."""
    sign = ""
    if expr.could_extract_minus_sign():
        sign, expr = "- ", -expr
    num, den = sp.fraction(sp.factor_terms(expr)) if isinstance(expr, sp.Mul) else (expr, sp.Integer(1))
    factors = sp.Mul.make_args(num)
    sums = [f for f in factors if isinstance(f, sp.Add)]
    if not sums:
        if den != 1 and isinstance(sp.expand(num), sp.Add) and len(sp.expand(num).args) > 1:
            sums, factors = [sp.expand(num)], (sp.expand(num),)
        else:
            return None
    big = max(sums, key=lambda s: len(s.args))
    rest = sp.Mul(*[f for f in factors if f is not big]) / sp.factor(den)
    head = sign + ("" if rest == 1 else printer._print(rest)) + r"\Bigl("
    if width(head) > budget / 3:
        inner = expression_lines(big, printer._settings["symbol_names"], budget=budget - 4)
        inner = [head] + inner
    else:
        inner = expression_lines(big, printer._settings["symbol_names"], budget=budget - 4 - width(head))
        inner[0] = head + inner[0]
    inner[-1] += r"\Bigr)"
    return inner


def _pack(printer, terms, budget) -> list[str]:
    lines, cur = [], ""
    for t in terms:
        if cur and width(cur) + width(t) > budget:
            lines.append(cur)
            cur = ""
        cur = (cur + " " + t).strip()
    if cur:
        lines.append(cur)
    return lines


def expression_lines(expr, names=None, *, budget: float = WIDTH) -> list[str]:
    """``expr`` printed as one or more lines (each fits ``budget`` where the terms allow it)."""
    printer = Printer(names)
    tex = printer.doprint(expr)
    if width(tex) <= budget or not isinstance(expr, sp.Expr):
        return [tex]
    if not isinstance(expr, sp.Add):
        return _split_wide(printer, expr, budget) or [tex]
    lines, cur = [], ""
    for t, term in zip(_signed_terms(printer, expr), printer._as_ordered_terms(expr)):
        opened = _split_wide(printer, -term if t.startswith("- ") else term, budget - 4) if width(t) > budget else None
        if opened:
            if cur:
                lines.append(cur)
            lines += [t[:2] + opened[0]] + opened[1:]
            cur = ""
        elif cur and width(cur) + width(t) > budget:
            lines.append(cur)
            cur = t
        else:
            cur = (cur + " " + t).strip()
    if cur:
        lines.append(cur)
    lines[0] = lines[0][2:] if lines[0].startswith("+ ") else lines[0]
    return lines


def _matrix_fits(printer, M, budget) -> bool:
    if M.cols > 20:
        return False
    cols = [max(width(printer.doprint(M[r, c])) for r in range(M.rows)) for c in range(M.cols)]
    return sum(cols) + 2 * M.cols <= budget


def display_lines(obj, names=None, *, budget: float = WIDTH) -> list[tuple[str, str]]:
    """Rows ``(left, right)`` of an alignment at ``=``: ``left &= right`` (``left`` empty on a
    continuation line, where ``right`` starts with its operator)."""
    printer = Printer(names)
    if isinstance(obj, sp.Eq) or (isinstance(obj, sp.Rel) and obj.rel_op == "=="):
        lhs, rhs = obj.lhs, obj.rhs
        if isinstance(lhs, sp.Tuple) and isinstance(rhs, sp.Tuple) and len(lhs) == len(rhs):
            return [row for a, b in zip(lhs, rhs) for row in display_lines(sp.Eq(a, b, evaluate=False), names,
                                                                           budget=budget)]
        if (isinstance(lhs, sp.MatrixBase) and isinstance(rhs, sp.MatrixBase) and lhs.shape == rhs.shape
                and not _matrix_fits(printer, lhs.row_join(rhs), budget)):
            return [row for a, b in zip(lhs, rhs) for row in display_lines(sp.Eq(a, b, evaluate=False), names,
                                                                           budget=budget)]
        if rhs == 0 and isinstance(lhs, sp.Expr) and not lhs.is_Atom:
            lhs, rhs = sp.Integer(0), lhs
        left = printer.doprint(lhs)
        if isinstance(rhs, sp.MatrixBase) and not _matrix_fits(printer, rhs, budget - width(left)):
            return _entries(printer, left, rhs, names, budget)
        rows = expression_lines(compact(rhs) if isinstance(rhs, sp.Expr) else rhs, names,
                                budget=budget - min(width(left), 20))
        if isinstance(lhs, sp.MatrixBase) and not _matrix_fits(printer, lhs, budget / 2):
            return [(r"\text{entry by entry: }", "")] + _entries(printer, "", lhs - rhs if isinstance(
                rhs, sp.MatrixBase) else lhs, names, budget, zero=True)
        if width(left) > budget * 0.6 and isinstance(lhs, sp.Expr):
            lrows = expression_lines(compact(lhs), names, budget=budget)
            rows = expression_lines(compact(rhs), names, budget=budget - 4) if len(rows) > 1 or width(
                rows[0]) > budget - 4 else rows
            return ([("", lrows[0])] + [("", r"\quad " + r) for r in lrows[1:]]
                    + [("", "= " + rows[0])] + [("", r"\quad " + r) for r in rows[1:]])
        if width(left) > budget / 2 and len(rows) > 1:
            return [(left, "")] + [("", ("= " if i == 0 else r"\quad ") + r) for i, r in enumerate(rows)]
        return [(left, "= " + rows[0])] + [("", r"\quad " + r) for r in rows[1:]]
    if isinstance(obj, sp.Tuple) and len(printer.doprint(obj)) > 2 * budget:
        return [row for x in obj for row in display_lines(x, names, budget=budget)]
    if isinstance(obj, sp.MatrixBase) and not _matrix_fits(printer, obj, budget):
        return _entries(printer, "", obj, names, budget)
    rows = expression_lines(compact(obj) if isinstance(obj, sp.Expr) else obj, names, budget=budget)
    return [("", rows[0])] + [("", r"\quad " + r) for r in rows[1:]]


def _entries(printer, left, M, names, budget, *, zero=False):
    """A matrix too wide for the page, entry by entry (nonzero entries; zeros said in words)."""
    name = left or "M"
    out, zeros = [], 0
    for r in range(M.rows):
        for c in range(M.cols):
            e = M[r, c]
            if e == 0:
                zeros += 1
                continue
            idx = f"{r + 1}" if M.cols == 1 else (f"{c + 1}" if M.rows == 1 else f"{r + 1},{c + 1}")
            rows = expression_lines(compact(e), names, budget=budget - 12)
            lhs = rf"\left({name}\right)_{{{idx}}}"
            out += [(lhs, ("= 0 \\text{ with } " if zero else "= ") + rows[0])] + [("", r"\quad " + x) for x in rows[1:]]
    if zeros:
        out.append((r"\text{other entries}" if out else rf"{name}", "= 0"))
    return out


def aligned(rows) -> str:
    """The rows as the body of an alignment (``left &= right \\\\ ...``)."""
    return " \\\\\n".join(f"{a} &{b}" for a, b in rows)


_GREEK_TEXT = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
               "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π",
               "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
               "Gamma": "Γ", "Delta": "Δ", "Sigma": "Σ", "ell": "ℓ"}
_SUP = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")


def _text_name(tex: str) -> str:
    """A parameter's LaTeX name as plain Unicode (``\\sigma_w^2`` -> ``σ_w²``)."""
    s = re.sub(r"\\(?:mathrm|rm|text|operatorname)\{([^}]*)\}", r"\1", tex)
    s = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK_TEXT.get(m.group(1), m.group(1)), s)
    s = re.sub(r"\^\{?([0-9+-]+)\}?", lambda m: m.group(1).translate(_SUP), s)
    return s.replace("{", "").replace("}", "").replace(" ", "")


def plain_text(expr, names=None) -> str:
    """``expr`` as plain text, in its compact form, with the paper's symbol names."""
    names = dict(names or {})
    if isinstance(expr, sp.Basic) and names:
        expr = expr.xreplace({s: sp.Symbol(_text_name(t), **s.assumptions0) for s, t in names.items()
                              if isinstance(s, sp.Symbol)})
    return str(compact(expr) if isinstance(expr, sp.Expr) else expr)

