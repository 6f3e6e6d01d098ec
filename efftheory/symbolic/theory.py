"""The immutable :class:`Theory`: parameters, an action built from named
contributions, its stationarity equations and Hessian, and self-consistency
equations.  Derived objects are computed lazily and cached; nothing has to be
"formed" before a property works.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Mapping

import sympy as sp

from ..errors import UnknownParameterError
from .parameters import Parameter, Role

__all__ = ["Contribution", "Theory"]


@dataclass(frozen=True)
class Contribution:
    """One named term of an action (e.g. "prior", "data term")."""

    name: str
    expr: sp.Expr
    reference: str = ""


@dataclass(frozen=True)
class Theory:
    """A theory: parameters, an action (or effective loss) and its equations.

    Parameters
    ----------
    name : str
        Registry name (``landau-sextic``).
    title : str
        Human title.
    parameters : tuple of Parameter
        All parameters, the control parameter(s) and the order parameter(s) and
        self-consistent fields, each with its :class:`Role`.
    contributions : tuple of Contribution
        The action is their sum, in this order.
    self_consistency : tuple of Eq
        Equations fixing the self-consistent fields.
    action_name : str
        LaTeX name of the action (``\\hat{\\mathcal S}``).
    reference : str
        The paper and equation of the action.

    Examples
    --------
    >>> from efftheory.theories.landau.sextic_symbolic import build_theory
    >>> t = build_theory()
    >>> t.action
    a*m**2 + m**6 - m**4
    """

    name: str
    title: str
    parameters: tuple[Parameter, ...]
    contributions: tuple[Contribution, ...]
    self_consistency: tuple[sp.Eq, ...] = ()
    action_name: str = r"\mathcal{S}"
    reference: str = ""
    values: Mapping = field(default_factory=dict)

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise UnknownParameterError(f"theory '{self.name}' has no parameter '{name}'; "
                                    f"it has: {', '.join(p.name for p in self.parameters)}")

    def symbol(self, name: str) -> sp.Symbol:
        return self.parameter(name).symbol

    def _with_role(self, role: Role) -> tuple[sp.Symbol, ...]:
        return tuple(p.symbol for p in self.parameters if p.role is role)

    @property
    def order_parameters(self) -> tuple[sp.Symbol, ...]:
        return self._with_role(Role.ORDER)

    @property
    def control_parameters(self) -> tuple[sp.Symbol, ...]:
        return self._with_role(Role.CONTROL)

    @property
    def fields(self) -> tuple[sp.Symbol, ...]:
        return self._with_role(Role.FIELD)

    @cached_property
    def symbol_names(self) -> dict:
        return {p.symbol: p.latex for p in self.parameters if p.latex}

    @cached_property
    def action(self) -> sp.Expr:
        """The sum of the contributions (with fixed values substituted)."""
        return sp.Add(*(c.expr for c in self.contributions)).subs(self._subs)

    @cached_property
    def _subs(self) -> dict:
        return {self.symbol(k): v for k, v in self.values.items()}

    @cached_property
    def stationarity(self) -> tuple[sp.Eq, ...]:
        """dS/dm = 0 for each order parameter m."""
        return tuple(sp.Eq(sp.diff(self.action, m), 0) for m in self.order_parameters)

    @cached_property
    def hessian(self) -> sp.Matrix:
        """The Hessian of the action in the order parameters."""
        return sp.hessian(self.action, self.order_parameters)

    def subs(self, values: Mapping[str, object]) -> "Theory":
        """A new theory with some parameters fixed to exact values."""
        merged = dict(self.values)
        for k, v in values.items():
            merged[k] = self.parameter(k).parse(v) if not isinstance(v, sp.Basic) else v
        return Theory(self.name, self.title, self.parameters, self.contributions,
                      tuple(eq.subs({self.symbol(k): v for k, v in merged.items()}) for eq in self.self_consistency),
                      self.action_name, self.reference, merged)

    def latex(self) -> str:
        """The action (term by term) and its equations as a LaTeX ``align*`` body.

        Each equation is printed in its compact form (factored or over one denominator where
        that is narrower), with the paper's symbol names, broken across lines where it is wider
        than the page; a contribution with a leading minus sign is written ``- \\underbrace{...}``.
        """
        from .printing import Printer, aligned, compact, display_lines, expression_lines, width
        names = self.symbol_names
        L = Printer(names).doprint
        args = ", ".join(L(m) for m in self.order_parameters)
        rows, cur = [], ""
        for i, c in enumerate(self.contributions):
            expr = c.expr.subs(self._subs)
            sign, body = ("" if i == 0 else "+ "), compact(expr)
            if expr.could_extract_minus_sign():          # unless SymPy prints the negation with a minus again
                neg = compact(-expr)
                if not L(neg).lstrip().startswith("-"):
                    sign, body = "- ", neg
            parts = expression_lines(body, names, budget=54)
            if len(parts) == 1:
                term = sign + r"\underbrace{" + parts[0] + r"}_{\text{" + c.name + "}}"
            else:
                term = sign + r"\underbrace{" + r"\begin{aligned}[t]&" + " \\\\ &\\quad ".join(parts) \
                    + r"\end{aligned}}_{\text{" + c.name + "}}"
            if cur and (width(cur) + width(term) > 60 or len(parts) > 1):
                rows.append(cur)
                cur = term
            else:
                cur = (cur + " " + term).strip()
        rows.append(cur)
        left = rf"{self.action_name}({args})"
        lines = [(left, "= " + rows[0])] if width(left) < 20 else [(left, ""), ("", "= " + rows[0])]
        lines += [("", r"\quad " + r) for r in rows[1:]]
        for eq in self.stationarity:
            lines += display_lines(sp.Eq(eq.lhs, 0, evaluate=False), names)
        for eq in self.self_consistency:
            lines += display_lines(sp.Eq(eq.lhs, eq.rhs, evaluate=False), names)
        return "\\begin{align*}\n" + aligned(lines) + "\n\\end{align*}"

    def _repr_latex_(self) -> str:
        return "$\\displaystyle " + self.latex().replace("\\begin{align*}", "\\begin{aligned}").replace(
            "\\end{align*}", "\\end{aligned}") + "$"

    def __str__(self) -> str:
        from .printing import plain_text
        T = lambda e: plain_text(e, self.symbol_names)  # noqa: E731
        lines = [f"{self.title}", f"  action: {T(self.action)}"]
        lines += [f"  {c.name}: {T(c.expr.subs(self._subs))}" for c in self.contributions]
        lines += [f"  stationarity: {T(eq.lhs)} = 0" for eq in self.stationarity]
        lines += [f"  self-consistency: {T(eq.lhs)} = {T(eq.rhs)}" for eq in self.self_consistency]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"Theory({self.name!r}, order parameters {self.order_parameters}, {len(self.contributions)} contributions)"
