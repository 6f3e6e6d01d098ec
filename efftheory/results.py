"""Frozen result objects with readable reprs, JSON and LaTeX forms.

Numbers are kept as mpmath values with the count of verified significant
digits; they are printed with exactly that many digits.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

import mpmath
import sympy as sp

from .numeric.precision import format_mpf, serialized

__all__ = ["Point", "SolveResult", "EvalResult", "format_value", "format_fixed"]


def _html(text) -> str:
    import html
    return html.escape(str(text))


@serialized
def format_value(v, digits: int) -> str:
    """A value as a decimal string with ``digits`` significant digits (exact values exactly)."""
    if isinstance(v, str):
        return v
    if isinstance(v, (int, sp.Integer)) and not isinstance(v, bool):
        return str(int(v))
    if isinstance(v, sp.Rational):
        with mpmath.workdps(digits + 10):
            v = mpmath.mpf(int(v.p)) / int(v.q)
    return format_mpf(v, digits)


@serialized
def format_fixed(v, decimals: int) -> str:
    """``v`` rounded at the decimal place ``10**-decimals`` (half to even), in fixed point.

    Rounding is monotone, so a value inside an interval stays inside it when both are rounded.

    >>> format_fixed(0.43114, 4), format_fixed(21.7, -1), format_fixed(0.0000981, 6)
    ('0.4311', '20', '0.000098')
    """
    from decimal import ROUND_HALF_EVEN, Decimal
    if isinstance(v, sp.Rational):
        exact = Decimal(int(v.p)) / Decimal(int(v.q)) if v.q != 1 else Decimal(int(v.p))
    else:
        with mpmath.workdps(max(30, decimals + 30)):
            exact = Decimal(mpmath.nstr(mpmath.mpf(v), max(30, decimals + 30), min_fixed=-mpmath.inf,
                                        max_fixed=mpmath.inf))
    q = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    text = format(q, "f")
    return "0" if text.lstrip("-") in ("0", "") or set(text.lstrip("-")) <= {"0", "."} else text


def _params_json(parameters: Mapping) -> dict:
    return {k: str(v) for k, v in parameters.items() if v is not None}


@dataclass(frozen=True)
class Point:
    """A special point of a phase structure: kind, values (name -> number), verified digits.

    Printed (``repr``, ``_repr_latex_``, ``_repr_html_``) with every verified digit.
    """

    kind: str
    values: Mapping
    digits: int

    def text(self, name: str) -> str:
        """The value ``name`` as a decimal string with its verified digits."""
        return format_value(self.values[name], self.digits)

    def to_json(self) -> dict:
        return {"kind": self.kind, "values": {k: self.text(k) for k in self.values}, "digits": self.digits}

    def to_dataframe(self, *, numbers: str = "float"):
        """One row: ``kind``, the values and ``digits`` (see :func:`efftheory.display.dataframe`)."""
        from .display import dataframe
        return dataframe([{"kind": self.kind, **self.to_json()["values"], "digits": self.digits}], numbers=numbers)

    def __repr__(self) -> str:
        vals = ", ".join(f"{k}={self.text(k)}" for k in self.values)
        return f"Point({self.kind}: {vals}; {self.digits} digits)"

    def _latex_rows(self) -> list:
        from .display import tex_name, tex_number
        return [f"{tex_name(k)} &= {tex_number(self.text(k))}" for k in self.values]

    def _repr_latex_(self) -> str:
        from .display import tex_text
        head = r"&\text{" + tex_text(self.kind) + f" ({self.digits} verified digits)" + "}"
        return "$\\begin{aligned}" + r" \\ ".join([head, *self._latex_rows()]) + "\\end{aligned}$"

    def _repr_html_(self) -> str:
        from .display import html_table
        return html_table(("name", "value"), [(k, self.text(k)) for k in self.values],
                          caption=f"{self.kind} ({self.digits} verified digits)")


@dataclass(frozen=True)
class SolveResult:
    """The special points of a theory at given parameters.

    ``result[kind]`` is the point of that kind; where there are several (two spinodals), it
    raises :class:`~efftheory.errors.AmbiguousKeyError` naming them: index them as
    ``result[kind, i]`` or take all of them with :meth:`points_of`.

    >>> import efftheory
    >>> r = efftheory.theory("landau-sextic").solve(dps=20)
    >>> r["first_order"].text("a"), r["spinodal", 1].text("a"), len(r.points_of("spinodal"))
    ('0.25000000000000000000', '0.33333333333333333333', 2)
    """

    theory: str
    parameters: Mapping
    dps: int
    points: tuple[Point, ...]
    notes: tuple = ()

    def to_json(self) -> dict:
        out = {"theory": self.theory, "parameters": _params_json(self.parameters), "dps": self.dps,
               "points": [p.to_json() for p in self.points]}
        if self.notes:
            out["notes"] = list(self.notes)
        return out

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds of the points, in order (a kind repeats when there are several such points)."""
        return tuple(p.kind for p in self.points)

    def points_of(self, kind: str) -> tuple[Point, ...]:
        """Every point of this kind, in order (empty if none)."""
        return tuple(p for p in self.points if p.kind == kind)

    def __getitem__(self, key) -> Point:
        """``result[kind]`` (the one point of that kind), ``result[kind, i]`` or ``result[i]``."""
        from .errors import AmbiguousKeyError
        if isinstance(key, int) and not isinstance(key, bool):
            return self.points[key]
        kind, index = key if isinstance(key, tuple) and len(key) == 2 else (key, None)
        found = self.points_of(kind)
        if not found:
            raise KeyError(f"no point of kind {kind!r}; the points are: {', '.join(self.kinds) or 'none'}")
        if index is not None:
            try:
                return found[index]
            except (IndexError, TypeError):
                raise KeyError(f"{key!r}: there are {len(found)} points of kind {kind!r}, "
                               f"indices 0 to {len(found) - 1}") from None
        if len(found) > 1:
            first = next(iter(found[0].values), None)
            where = "; ".join(f"[{kind!r}, {i}]" + (f" at {first} = {format_value(p.values[first], 6)}"
                                                     if first else "") for i, p in enumerate(found))
            raise AmbiguousKeyError(f"{len(found)} points of kind {kind!r} ({where}): index one as "
                                    f"result[{kind!r}, i], or take all with result.points_of({kind!r})")
        return found[0]

    def __repr__(self) -> str:
        body = "\n".join(f"  {p!r}" for p in self.points)
        return f"SolveResult({self.theory}, dps={self.dps}):\n{body}"

    def _records(self) -> list:
        seen: dict = {}
        out = []
        for p in self.points:
            seen[p.kind] = seen.get(p.kind, -1) + 1
            out.append({"kind": p.kind, "index": seen[p.kind], **p.to_json()["values"], "digits": p.digits})
        return out

    def to_dataframe(self, *, numbers: str = "float"):
        """One row per point: ``kind``, ``index`` (among points of its kind), values, ``digits``.

        ``numbers``: ``"float"`` (default), ``"mpf"`` (every verified digit) or ``"str"``
        (see :func:`efftheory.display.dataframe`).
        """
        from .display import dataframe
        return dataframe(self._records(), numbers=numbers)

    def _repr_latex_(self) -> str:
        from .display import tex_text
        rows = []
        for p in self.points:
            rows.append(r"&\text{" + tex_text(p.kind) + f" ({p.digits} verified digits)" + "}")
            rows += [r"&\quad " + r.replace("&=", "=") for r in p._latex_rows()]
        rows += [r"&\text{note: " + tex_text(n) + "}" for n in self.notes]
        head = r"&\text{" + tex_text(f"{self.theory}: special points") + "}"
        return "$\\begin{aligned}" + r" \\ ".join([head, *rows]) + "\\end{aligned}$"

    def _repr_html_(self) -> str:
        from .display import html_table
        names: list = []
        for p in self.points:
            names += [k for k in p.values if k not in names]
        rows = [(p.kind, *[p.text(k) if k in p.values else "" for k in names], p.digits) for p in self.points]
        notes = "".join(f"<p>note: {_html(n)}</p>" for n in self.notes)
        return html_table(("kind", *names, "digits"), rows, caption=f"{self.theory}: special points") + notes


@dataclass(frozen=True)
class EvalResult:
    """One quantity at given parameters; randomised quantities carry stderr and a 95 % CI."""

    theory: str
    quantity: str
    parameters: Mapping
    dps: int
    values: Mapping
    digits: int
    trials: int | None = None
    seed: int | None = None
    stderr: Mapping = field(default_factory=dict)
    ci: Mapping = field(default_factory=dict)
    exact: Mapping = field(default_factory=dict)
    decimals: Mapping = field(default_factory=dict)

    def text(self, name: str) -> str:
        """The value ``name`` as printed: verified digits, or a Monte-Carlo estimate rounded at the
        decimal place of its standard error's second digit."""
        v = self.values[name]
        if name in self.decimals:
            return format_fixed(v, self.decimals[name])
        return _values_json(v, self.digits)

    def to_json(self) -> dict:
        out = {"theory": self.theory, "quantity": self.quantity, "parameters": _params_json(self.parameters),
               "dps": self.dps, "values": {k: self.text(k) for k in self.values}, "digits": self.digits}
        if self.exact:
            out["exact"] = {k: str(v) for k, v in self.exact.items()}
        if self.seed is not None:
            out["seed"] = self.seed
        if self.trials is not None:
            out.update(trials=self.trials, seed=self.seed,
                       stderr={k: format_fixed(v, self.decimals[k]) for k, v in self.stderr.items()},
                       ci={k: [format_fixed(lo, self.decimals[k]), format_fixed(hi, self.decimals[k])]
                           for k, (lo, hi) in self.ci.items()})
        return out

    def _rows(self) -> list:
        """One dict per (flattened) value: ``name``, ``value`` (as printed), and for a Monte-Carlo
        estimate ``stderr``, ``ci_low``, ``ci_high``; ``exact`` where the value is an exact rational."""
        js = self.to_json()
        rows = []
        for k, v in flat_items(js["values"]):
            row = {"name": k, "value": v}
            if k in js.get("stderr", {}):
                row.update(stderr=js["stderr"][k], ci_low=js["ci"][k][0], ci_high=js["ci"][k][1])
            if k in js.get("exact", {}) and js["exact"][k] != v:
                row["exact"] = js["exact"][k]
            rows.append(row)
        return rows

    def _about(self) -> str:
        if self.trials is not None:
            return f"Monte Carlo: {self.trials} trials, seed {self.seed}; value ± standard error, 95 % interval"
        return f"{self.digits} verified digits" + (f", seed {self.seed}" if self.seed is not None else "")

    def to_dataframe(self, *, numbers: str = "float"):
        """One row: each value in a column (nested values as ``name.key``), for a Monte-Carlo
        estimate also ``name_stderr``, ``name_ci_low``, ``name_ci_high``; then ``digits``.

        ``numbers``: ``"float"`` (default), ``"mpf"`` (every verified digit) or ``"str"``
        (see :func:`efftheory.display.dataframe`); rows of several results concatenate
        (``pandas.concat``) into a table.
        """
        from .display import dataframe
        row: dict = {}
        for r in self._rows():
            row[r["name"]] = r["value"]
            row.update({f"{r['name']}_{c}": r[c] for c in ("stderr", "ci_low", "ci_high") if c in r})
        return dataframe([{**row, "digits": self.digits}], numbers=numbers)

    def __repr__(self) -> str:
        vals = ", ".join(f"{r['name']}={r['value']}" + (f" ± {r['stderr']}" if "stderr" in r else "")
                         for r in self._rows())
        extra = f"; {self.trials} trials, seed {self.seed}" if self.trials is not None else ""
        return f"EvalResult({self.theory}.{self.quantity}: {vals}; {self.digits} digits{extra})"

    def _repr_latex_(self) -> str:
        from .display import tex_name, tex_number, tex_text
        rows = [r"&\text{" + tex_text(f"{self.theory} {self.quantity}") + f" ({tex_text(self._about())})" + "}"]
        for r in self._rows():
            name = ".".join(tex_name(part) for part in r["name"].split("."))
            if "[" in name:
                name = r"\mathrm{" + tex_text(r["name"]) + "}"
            value = tex_number(r["value"]) if isinstance(r["value"], str) and _numeric(r["value"]) \
                else r"\text{" + tex_text(r["value"]) + "}"
            if "stderr" in r:
                value += rf" \pm {tex_number(r['stderr'])} \quad [{tex_number(r['ci_low'])},\ " \
                         rf"{tex_number(r['ci_high'])}]_{{95\%}}"
            if "exact" in r:
                value = rf"{r['exact'].replace('/', '/')} = {value}"
            rows.append(rf"{name} &= {value}")
        return "$\\begin{aligned}" + r" \\ ".join(rows) + "\\end{aligned}$"

    def _repr_html_(self) -> str:
        from .display import html_table
        cols = ["name", "value"] + [c for c in ("stderr", "ci_low", "ci_high", "exact")
                                    if any(c in r for r in self._rows())]
        return html_table(cols, [[r.get(c, "") for c in cols] for r in self._rows()],
                          caption=f"{self.theory} {self.quantity} ({self._about()})")


def _numeric(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def flat_items(values: Mapping, prefix=""):
    """``(column, value)`` pairs of nested values (mappings, lists): columns ``a.b``, ``a[0]``."""
    for k, v in values.items():
        if isinstance(v, Mapping):
            yield from flat_items(v, f"{prefix}{k}.")
        elif isinstance(v, (list, tuple)):
            for i, x in enumerate(v):
                yield f"{prefix}{k}[{i}]", x
        else:
            yield f"{prefix}{k}", v


def _values_json(values, digits):
    if isinstance(values, Mapping):
        return {k: _values_json(v, digits) for k, v in values.items()}
    if isinstance(values, (list, tuple)):
        return [_values_json(v, digits) for v in values]
    return format_value(values, max(digits, 1))
