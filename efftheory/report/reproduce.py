"""``efftheory reproduce``: recompute every registered claim and write a report
(``index.md``, ``report.tex``, ``results.json``, ``figures/``, ``derivations/``)."""
from __future__ import annotations

import json
import platform
import time
from pathlib import Path

from .._version import __version__
from ..errors import ComputationError, InputError
from ..theories import PAPERS, all_models, get, get_paper, names, papers
from .latex import PREAMBLE, escape
from .outputs import atomic_dir
from .progress import Progress

__all__ = ["select_models", "reproduce"]


def select_models(keys):
    """Models for the given paper keys (landau, rubin, zunkovic, liu) or theory names; all if empty."""
    if not keys:
        return all_models()
    chosen = []
    for key in keys:
        if key in names():
            chosen.append(key)
        elif key in PAPERS:
            chosen += get_paper(key).theory_names()
        else:
            raise InputError(f"unknown paper or theory '{key}'; use one of: {', '.join(PAPERS)}, "
                             f"or a theory name ({', '.join(names())})")
    return [get(n) for n in dict.fromkeys(chosen)]


def _papers_of(models) -> list:
    """The registered papers that the chosen models come from, each once."""
    chosen = {m.name for m in models}
    return [p for p in papers() if chosen & set(p.theory_names())]


def _run_claim(claim, dps):
    t0 = time.monotonic()
    try:
        result = claim.check(dps=dps)
        row = result.to_json()
    except ComputationError as exc:
        row = {"id": claim.id, "theory": claim.theory, "paper": claim.paper, "where": claim.where,
               "statement": claim.statement, "expected": None if claim.expected is None else str(claim.expected),
               "status": "computation failed", "passed": False, "detail": str(exc), "note": claim.note,
               "source": claim.source, "value": None, "details": {}, "tolerance": str(claim.tolerance)}
    row["seconds"] = round(time.monotonic() - t0, 2)
    return row


def reproduce(models, out: Path, *, quick: bool = False, dps: int = 20, replace: bool = False) -> dict:
    """Run the claims of ``models`` and write the report into ``out``; return a summary.

    The report is written into a fresh directory beside ``out`` and renamed to ``out`` when it
    is complete: an interrupted run leaves nothing half-written, and an existing non-empty
    ``out`` is replaced only then, and only if ``replace``."""
    with atomic_dir(out, replace=replace) as tmp:
        return _reproduce(models, tmp, quick=quick, dps=dps)


def _reproduce(models, out: Path, *, quick: bool, dps: int) -> dict:
    (out / "figures").mkdir(exist_ok=True)
    (out / "derivations").mkdir(exist_ok=True)
    claims = [c for m in models for c in m.claims() if c.quick or not quick]
    rows, figures, derivations = [], {}, {}
    with Progress(len(claims) + len(models), "reproduce") as bar:
        for claim in claims:
            rows.append(_run_claim(claim, dps))
            bar.update(note=claim.id)
        for m in models:
            d = m.derivation(m.resolve({}))
            path = out / "derivations" / f"{m.name}.md"
            path.write_text(d.to_markdown())
            derivations[m.name] = (path.relative_to(out).as_posix(), d)
            if m.figures is not None:
                figures[m.name] = [p.relative_to(out).as_posix() for p in m.figures(out / "figures", quick)]
            bar.update(note=f"{m.name} figures")
    summary = {"efftheory": __version__, "python": platform.python_version(), "dps": dps, "quick": quick,
               "total": len(rows), "passed": sum(r["passed"] for r in rows), "claims": rows, "figures": figures,
               "theories": [m.name for m in models]}
    (out / "results.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    (out / "index.md").write_text(_markdown({**summary, "_papers": _papers_of(models)}, derivations))
    (out / "report.tex").write_text(_latex(summary, models, derivations, out))
    return summary


def _markdown(summary, derivations) -> str:
    lines = ["# efftheory reproduce report", "",
             f"efftheory {summary['efftheory']}, Python {summary['python']}, {summary['dps']} digits"
             f"{', quick mode' if summary['quick'] else ''}. "
             f"**{summary['passed']} of {summary['total']} claims as expected.**", "",
             "## Papers", ""]
    lines += [f"- **{p.key}**: {p.reference}; theories {', '.join(f'`{n}`' for n in p.theory_names())}"
              for p in summary["_papers"]]
    lines += ["", "## Claims", "",
              "| claim | paper, where | paper says | recomputed | status |", "|---|---|---|---|---|"]
    for r in summary["claims"]:
        exp = r["expected"] if r["expected"] is not None else "(statement)"
        lines.append(f"| `{r['id']}` | {r['paper']}, {r['where']} | {exp} | {r['value']} | {r['status']} |")
    lines.append("")
    for r in summary["claims"]:
        lines += [f"## {r['id']}", "", f"*{r['paper']}, {r['where']}:* {r['statement']}", "",
                  f"- recomputed: `{r['value']}`; {r['detail']}; status: **{r['status']}** ({r['seconds']} s)"]
        if r.get("details"):
            lines.append("- details: " + ", ".join(f"{k} = `{v}`" for k, v in r["details"].items()))
        if r.get("source"):
            lines.append(f"- source of the expected value: {r['source']}")
        if r.get("note"):
            lines.append(f"- note: {r['note']}")
        lines.append("")
    lines += ["## Derivations", ""] + [f"- [{n}]({p})" for n, (p, _) in derivations.items()] + [""]
    if summary["figures"]:
        lines += ["## Figures", ""]
        for name, paths in summary["figures"].items():
            lines += [f"### {name}", ""] + [f"![{Path(p).stem}]({p})" for p in paths] + [""]
    return "\n".join(lines)


_COLS = "".join(">{\\raggedright\\arraybackslash}p{%s}" % w for w in ("3.4cm", "6.4cm", "2.8cm", "2.6cm"))


def _breakable(text: str) -> str:
    """Typewriter text that may break after '/', '-', '_' and '.'."""
    out = escape(text)
    for ch in ("/", "-", "\\_", "."):
        out = out.replace(ch, ch + "\\allowbreak{}")
    return "\\texttt{" + out + "}"


def _latex(summary, models, derivations, out) -> str:
    body = ["\\title{efftheory: reproduction report}", f"\\author{{efftheory {summary['efftheory']}}}",
            "\\maketitle",
            f"{summary['passed']} of {summary['total']} claims as expected ({summary['dps']} digits"
            f"{', quick mode' if summary['quick'] else ''}).",
            "\\section*{Papers}", "\\begin{itemize}"]
    body += [f"\\item \\textbf{{{escape(p.key)}}}: {escape(p.reference)}" for p in _papers_of(models)]
    body += ["\\end{itemize}", "\\section*{Claims}", "{\\small\\begin{longtable}{" + _COLS + "}",
            "claim & statement & recomputed & status \\\\ \\hline \\endhead"]
    for r in summary["claims"]:
        body.append(f"{_breakable(r['id'])} & {escape(r['paper'] + ', ' + r['where'] + ': ' + r['statement'])}"
                    f" & {_breakable(str(r['value']))} & {escape(r['status'])} \\\\")
    body.append("\\end{longtable}}")
    for r in summary["claims"]:
        if r.get("note"):
            body.append(f"\\paragraph{{{escape(r['id'])}}} {escape(r['note'])}")
    for name, paths in summary["figures"].items():
        body.append(f"\\section*{{Figures: {escape(name)}}}")
        for p in paths:
            body.append(f"\\begin{{center}}\\includegraphics[width=0.75\\textwidth]{{{p}}}\\end{{center}}")
    for name, (_, d) in derivations.items():
        body.append(d.to_latex())
    return PREAMBLE + "\\begin{document}\n" + "\n".join(body) + "\n\\end{document}\n"
