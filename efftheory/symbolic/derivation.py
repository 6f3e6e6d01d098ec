"""Derivation records: the ordered steps from a model's definition to its equations.

Each :class:`Step` names the rule applied, holds the resulting expression, the
paper reference and a :class:`Check`.  A check is either an exact identity
(SymPy proves ``lhs - rhs == 0``) or a numerical agreement of two expressions at
seeded random rational points to at least 30 significant digits; the left side
of a numerical check may be an unevaluated integral (quadrature by ``evalf``),
so a closed form can be checked against its definition.

Everything here is pure SymPy: evaluation uses ``evalf`` with exact rational
substitutions, never floats.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Mapping

import sympy as sp

from ..errors import DerivationCheckError

__all__ = ["Check", "Identity", "Agreement", "AllOf", "Step", "Derivation", "CheckResult"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one step's check.

    ``status`` is ``"ok"`` (checked and passed), ``"FAILED"``, ``"unchecked"`` (a definition:
    nothing to check) or ``"transcribed"`` (taken from the paper, not derived, so not checked);
    ``passed`` is false only for a failed check.
    """

    step: str
    passed: bool
    detail: str
    status: str = ""

    def __post_init__(self):
        if not self.status:
            object.__setattr__(self, "status", "ok" if self.passed else "FAILED")

    @property
    def checked(self) -> bool:
        """Whether a check ran (so ``passed`` means something)."""
        return self.status in ("ok", "FAILED")

    def __repr__(self) -> str:
        return f"CheckResult({self.step!r}, {'passed' if self.passed else self.status}: {self.detail})"


class Check:
    """Base class of step checks."""

    def run(self) -> tuple[bool, str]:  # pragma: no cover - interface
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass(frozen=True)
class Identity(Check):
    """An exact identity ``lhs == rhs``, proven by SymPy simplification.

    ``assume`` substitutions (e.g. a positive symbol for a square root) may be
    given as ``{symbol: replacement}`` and are applied to both sides first.
    """

    lhs: sp.Expr
    rhs: sp.Expr
    assume: Mapping = field(default_factory=dict)

    def run(self) -> tuple[bool, str]:
        diff = sp.sympify(self.lhs - self.rhs).subs(dict(self.assume))
        entries = list(diff) if isinstance(diff, sp.MatrixBase) else [diff]
        bad = [e for e in entries if not _is_zero(e)]
        return not bad, "exact identity proven by SymPy" if not bad else f"residual {sp.simplify(bad[0])} is not 0"

    def describe(self) -> str:
        return "exact identity"


def _is_zero(expr) -> bool:
    if sp.simplify(sp.expand(expr)) == 0 or sp.simplify(sp.factor(sp.together(expr))) == 0:
        return True
    if expr.has(sp.gamma, sp.factorial, sp.binomial) and sp.simplify(sp.gammasimp(sp.combsimp(expr))) == 0:
        return True
    return expr.equals(0) is True


@dataclass(frozen=True)
class Agreement(Check):
    """Numerical agreement of ``lhs`` and ``rhs`` at seeded random rational points.

    Parameters
    ----------
    lhs, rhs : Expr
        The two sides; either may contain unevaluated integrals.
    sample : mapping Symbol -> (lo, hi)
        Rational ranges for the free symbols.
    digits : int
        Significant digits that must agree (default 30).
    points : int
        How many random points (default 3).
    seed : int
        Seed of the point generator.
    """

    lhs: sp.Expr
    rhs: sp.Expr
    sample: Mapping = field(default_factory=dict)
    digits: int = 30
    points: int = 3
    seed: int = 20231005

    def sample_points(self):
        rng = random.Random(self.seed)
        for _ in range(self.points):
            yield {s: sp.Rational(lo) + (sp.Rational(hi) - sp.Rational(lo)) * sp.Rational(rng.randrange(1, 10**6), 10**6)
                   for s, (lo, hi) in self.sample.items()}

    def run(self) -> tuple[bool, str]:
        worst = None
        for point in self.sample_points():
            n = self.digits + 15
            a = sp.sympify(self.lhs).subs(point).evalf(n)
            b = sp.sympify(self.rhs).subs(point).evalf(n)
            if not (a.is_number and b.is_number):
                return False, f"did not evaluate to numbers at {point}: {a}, {b}"
            agree = _agreeing_digits(a, b, n)
            worst = agree if worst is None else min(worst, agree)
        ok = worst is not None and worst >= self.digits
        return ok, f"agree to {worst} digits at {self.points} random points (need {self.digits})"

    def describe(self) -> str:
        return f"numerical agreement to {self.digits} digits at {self.points} random points"


def _agreeing_digits(a: sp.Expr, b: sp.Expr, n: int) -> int:
    diff = abs(sp.N(a - b, n))
    scale = max(abs(sp.N(a, n)), abs(sp.N(b, n)))
    if diff == 0:
        return n
    if scale == 0:
        return 0
    return max(0, int(sp.floor(-sp.log(diff / scale, 10))))


@dataclass(frozen=True, init=False)
class AllOf(Check):
    """Several checks of one step that must all pass."""

    checks: tuple

    def __init__(self, *checks):
        object.__setattr__(self, "checks", tuple(checks))

    def run(self):
        out = [c.run() for c in self.checks]
        return all(ok for ok, _ in out), "; ".join(d for _, d in out)

    def describe(self):
        """The checks' descriptions, each once, with its count where it repeats."""
        parts = [c.describe() for c in self.checks]
        return " and ".join(p if parts.count(p) == 1 else f"{p} ({parts.count(p)} checks)"
                            for p in dict.fromkeys(parts))


@dataclass(frozen=True)
class Step:
    """One step of a derivation.

    Parameters
    ----------
    name : str
        Short title ("Gaussian integral over the read-out").
    rule : str
        The rule applied, in words.
    result : Expr or Eq
        The expression or equation this step produces.
    reference : str
        Where the paper has it ("Rubin et al. App. eq. 6"), or "derived".
    check : Check or None
        How the step is verified.
    note : str
        Optional remark (e.g. a corrected typo).
    display : Expr, Eq or str, optional
        A printing hint: the form in which the paper writes ``result`` (an equal expression, or
        LaTeX), printed instead of it; ``result`` is what the check verifies.
    """

    name: str
    rule: str
    result: sp.Basic
    reference: str = "derived"
    check: Check | None = None
    note: str = ""
    display: object = None


@dataclass(frozen=True)
class Derivation:
    """An ordered, immutable record of derivation steps.

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> d = Derivation("demo", (Step("square", "expand", (x + 1)**2,
    ...                  check=Identity((x + 1)**2, x**2 + 2*x + 1)),))
    >>> [r.passed for r in d.check()]
    [True]
    """

    title: str
    steps: tuple[Step, ...]
    symbol_names: Mapping = field(default_factory=dict)
    summary: str = ""

    def __getitem__(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(name)

    @property
    def final(self) -> sp.Basic:
        """The result of the last step."""
        return self.steps[-1].result

    def check(self, *, raise_on_failure: bool = False) -> list[CheckResult]:
        """Run every step's check; optionally raise on the first failure."""
        return list(self.checking(raise_on_failure=raise_on_failure))

    def checking(self, *, raise_on_failure: bool = False):
        """Check the steps one at a time, yielding each :class:`CheckResult` as soon as it is known
        (a step without a check is ``"transcribed"`` if its rule or reference says so, else
        ``"unchecked"``)."""
        for step in self.steps:
            if step.check is None:
                if _transcribed(step):
                    yield CheckResult(step.name, True, "not checked: transcribed from the paper", "transcribed")
                else:
                    yield CheckResult(step.name, True, "not checked: a definition", "unchecked")
                continue
            ok, detail = step.check.run()
            if raise_on_failure and not ok:
                raise DerivationCheckError(f"step '{step.name}' of '{self.title}' failed: {detail}")
            yield CheckResult(step.name, ok, detail)

    def latex_rows(self, expr) -> list:
        """``expr`` (or a step's LaTeX display string) as rows ``(left, right)`` of an alignment."""
        from .printing import display_lines
        if isinstance(expr, str):
            return [("", expr)]
        return display_lines(expr, dict(self.symbol_names))

    def latex_of(self, expr) -> str:
        """One display (an ``aligned`` block when the equation is broken across lines)."""
        return self._display(self.latex_rows(expr))

    def step_rows(self, i: int) -> list:
        """:meth:`latex_rows` of what step ``i`` (from 0) prints, computed once per record: the Markdown, the LaTeX
        and the notebook forms share them (choosing the narrowest form of a big expression takes seconds), and
        they travel with the record when it is pickled."""
        cache = self.__dict__.setdefault("_step_rows", {})
        if i not in cache:
            cache[i] = self.latex_rows(self.shown(self.steps[i]))
        return cache[i]

    @staticmethod
    def _display(rows) -> str:
        from .printing import aligned
        if len(rows) == 1:
            return " ".join(x for x in rows[0] if x)
        return "\\begin{aligned}\n" + aligned(rows) + "\n\\end{aligned}"

    @staticmethod
    def shown(step) -> object:
        """What a step prints: its display hint, or its result."""
        return step.result if step.display is None else step.display

    def to_markdown(self) -> str:
        """Render as Markdown with display math (formulas in the prose as inline math)."""
        lines = [f"# {self.title}", ""]
        if self.summary:
            lines += [_md_prose(self.summary), ""]
        for i, step in enumerate(self.steps, 1):
            lines += [f"## Step {i}: {_md_prose(step.name)}", "", f"*Rule:* {_md_prose(step.rule)}  ",
                      f"*Reference:* {step.reference}  "]
            if step.check is not None:
                lines.append(f"*Check:* {step.check.describe()}  ")
            if step.note:
                lines.append(f"*Note:* {_md_prose(step.note)}  ")
            lines += ["", "$$", self._display(self.step_rows(i - 1)), "$$", ""]
        return "\n".join(lines)

    def to_latex(self) -> str:
        """Render as a LaTeX fragment (a ``\\section`` with one subsection per step)."""
        from .printing import aligned
        out = [f"\\section{{{_tex_prose(self.title)}}}"]
        if self.summary:
            out.append(_tex_prose(self.summary))
        for i, step in enumerate(self.steps, 1):
            out.append(f"\\subsection*{{Step {i}: {_tex_prose(step.name)}}}")
            out.append(f"\\emph{{Rule:}} {_tex_prose(step.rule)}\\\\")
            out.append(f"\\emph{{Reference:}} {_tex_escape(step.reference)}")
            if step.check is not None:
                out.append(f"\\\\\\emph{{Check:}} {_tex_escape(step.check.describe())}")
            if step.note:
                out.append(f"\\\\\\emph{{Note:}} {_tex_prose(step.note)}")
            rows = self.step_rows(i - 1)
            if len(rows) == 1:
                out += ["\\begin{equation*}", " ".join(x for x in rows[0] if x), "\\end{equation*}"]
            else:
                out += ["\\begin{align*}", aligned(rows), "\\end{align*}"]
        return "\n".join(out)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def _repr_latex_(self) -> str:
        """The record as one display (for a notebook's MathJax): each step's title, then its equation."""
        def text(s):
            return "".join(c for c in str(s).replace("$", "") if c not in "\\{}&#%^~_")
        rows = [r"&\textbf{" + text(self.title) + "}"]
        for i, step in enumerate(self.steps, 1):
            rows += [rf"&\text{{Step {i}: {text(step.name)}}}", r"&\quad " + self._display(self.step_rows(i - 1))]
        return "$\\begin{aligned}" + " \\\\\n".join(rows) + "\\end{aligned}$"

    def __repr__(self) -> str:
        return f"Derivation({self.title!r}, {len(self.steps)} steps)"


def _transcribed(step) -> bool:
    return "transcribed" in f"{step.rule} {step.reference} {step.note}".lower()


_TEX_SPECIALS = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                 "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


_GREEK = ("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho varsigma sigma tau "
          "upsilon phi chi psi omega").split()
_UNICODE_MATH = {**{chr(0x3B1 + i): "\\" + g for i, g in enumerate(_GREEK) if g not in ("omicron",)},
                 **{chr(0x391 + i): "\\" + g.capitalize() for i, g in enumerate(_GREEK)
                    if g.capitalize() in ("Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi",
                                          "Psi", "Omega")},
                 "ε": "\\varepsilon", "ϵ": "\\epsilon", "≈": "\\approx", "→": "\\to", "≤": "\\le", "≥": "\\ge",
                 "±": "\\pm", "×": "\\times", "·": "\\cdot", "−": "-", "²": "^2", "³": "^3", "√": "\\surd",
                 "∞": "\\infty", "≠": "\\ne", "∝": "\\propto", "∈": "\\in", "⊗": "\\otimes", "∑": "\\sum",
                 "∫": "\\int", "∂": "\\partial", "∇": "\\nabla", "⟨": "\\langle", "⟩": "\\rangle",
                 "ℓ": "\\ell", "₀": "_0", "₁": "_1", "₂": "_2", "₃": "_3", "ᵀ": "^T", "≡": "\\equiv", "∼": "\\sim",
                 "⊥": "\\perp", "′": "'", "̄": ""}
_UNICODE_TEXT = {"—": "---", "–": "--", "…": "\\dots{}", "“": "``", "”": "''", "’": "'", "‘": "`", "§": "\\S{}",
                 " ": " "}


def _tex_escape(text: str) -> str:
    """Escape text for LaTeX (T1, utf8), leaving ``$...$`` math untouched.

    Greek letters and mathematical symbols written in Unicode become inline math;
    any other character outside Latin-1 is dropped to ``?`` so that the document
    always compiles.
    """
    parts = str(text).split("$")
    for i in range(len(parts)):
        out = []
        for c in parts[i]:
            if c in _UNICODE_MATH:
                tex = _UNICODE_MATH[c]
                out.append(tex + " " if i % 2 or not tex else f"${tex}$")
            elif i % 2:
                out.append(c)
            elif c in _UNICODE_TEXT:
                out.append(_UNICODE_TEXT[c])
            elif ord(c) > 0x17F:
                out.append("?")
            else:
                out.append(_TEX_SPECIALS.get(c, c))
        parts[i] = "".join(out)
    return "$".join(parts)


def _tex_prose(text: str) -> str:
    """Prose for LaTeX: ASCII formulas in it (``sigma_a^2``, ``->``) set as math, the rest escaped."""
    from .prose import prose_math
    return "".join(_tex_escape(f"${piece}$" if is_math else piece) for is_math, piece in prose_math(str(text)))


def _md_prose(text: str) -> str:
    """Prose for Markdown: ASCII formulas as inline ``$...$`` math."""
    from .prose import prose_math
    return "".join(f"${piece}$" if is_math else piece for is_math, piece in prose_math(str(text)))
