"""``efftheory reproduce``: recompute every registered claim and write a report
(``index.md``, ``report.tex``, ``results.json``, ``figures/``, ``derivations/``)."""
from __future__ import annotations

import json
import multiprocessing
import os
from decimal import Decimal, InvalidOperation
from fractions import Fraction
import platform
import time
from pathlib import Path

from .._version import __version__
from ..numeric import cache
from ..errors import ComputationError, InputError
from ..theories import all_models, get, get_paper, names, papers
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
        elif key in [p.key for p in papers()]:
            chosen += get_paper(key).theory_names()
        else:
            raise InputError(f"unknown paper or theory '{key}'; use one of: {', '.join(p.key for p in papers())}, "
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


def default_jobs(models) -> int:
    """Worker processes for ``reproduce``: one per CPU, at most one per model; 1 where processes are not forked
    (the workers inherit the registered models, ``--model`` ones included, and the simulation scale)."""
    if multiprocessing.get_start_method(allow_none=True) not in (None, "fork") or not hasattr(os, "fork"):
        return 1
    return max(1, min(len(models), len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1))


def reproduce(models, out: Path, *, quick: bool = False, dps: int = 20, replace: bool = False,
              jobs: int | None = None) -> dict:
    """Run the claims of ``models`` and write the report into ``out``; return a summary.

    The report is written into a fresh directory beside ``out`` and renamed to ``out`` when it
    is complete: an interrupted run leaves nothing half-written, and an existing non-empty
    ``out`` is replaced only then, and only if ``replace``.  ``jobs`` worker processes (default
    :func:`default_jobs`) take one model each, its claims, derivation and figures together (they
    share memoised runs); the rows come back in the models' order, so the report does not depend on
    ``jobs``."""
    from threadpoolctl import threadpool_limits
    jobs = default_jobs(models) if jobs is None else max(1, min(int(jobs), len(models)))
    with atomic_dir(out, replace=replace) as tmp, threadpool_limits(1):
        # one BLAS thread: the claims' matrices are tiny, and threads only spin (issue 13: one toy-model
        # claim took 254 s with OpenBLAS threads, 8 s without)
        return _reproduce(models, tmp, quick=quick, dps=dps, jobs=jobs)


_MODELS: list = []        # the models of the run in progress, inherited by forked workers


def _model_job(i: int, out: Path, quick: bool, dps: int, bar=None):
    """Claims, derivation and figures of model ``i``: (rows, (derivation path, record), figure paths or None)."""
    m, t0 = _MODELS[i], time.monotonic()
    rows = []
    for claim in (c for c in m.claims() if c.quick or not quick):
        if bar:
            bar.working_on(claim.id)
        rows.append(_run_claim(claim, dps))
        if bar:
            bar.update()
    if bar:
        bar.working_on(f"{m.name}: derivation and figures")
    d = m.derivation(m.resolve({}))
    path = out / "derivations" / f"{m.name}.md"
    path.write_text(d.to_markdown())
    figs = None if m.figures is None else [p.relative_to(out).as_posix() for p in m.figures(out / "figures", quick)]
    return rows, (path.relative_to(out).as_posix(), d), figs, time.monotonic() - t0


def _on_workers(jobs, tasks, counts, bar, cost) -> list:
    """:func:`_model_job` of each task on ``jobs`` forked processes, results in the tasks' order, the costliest
    task first (so that no long one starts last).  On an interrupt or an error the workers are stopped at once
    (nothing is left writing into the report)."""
    from concurrent.futures import ProcessPoolExecutor
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        first = sorted(range(len(tasks)), key=lambda i: -cost[i])
        submitted = {i: pool.submit(_model_job, *tasks[i]) for i in first}
        futures = [submitted[i] for i in range(len(tasks))]
        bar.working_on(f"{len(tasks)} theories on {jobs} processes")
        for f, n in zip(futures, counts):
            f.result()
            bar.update(n + 1)
        return [f.result() for f in futures]
    except BaseException:
        for proc in list((getattr(pool, "_processes", None) or {}).values()):     # no public way to stop them
            proc.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _reproduce(models, out: Path, *, quick: bool, dps: int, jobs: int = 1) -> dict:
    (out / "figures").mkdir(exist_ok=True)
    (out / "derivations").mkdir(exist_ok=True)
    counts = [sum(1 for c in m.claims() if c.quick or not quick) for m in models]
    rows, figures, derivations = [], {}, {}
    _MODELS[:] = models
    try:
        with Progress(sum(counts) + len(models), "reproduce") as bar:
            if jobs == 1:
                done = []
                for i in range(len(models)):
                    done.append(_model_job(i, out, quick, dps, bar))
                    bar.update()
            else:
                # the cost of a theory: its seconds in the last run like this one, else one second per claim
                seen = cache.recall(f"reproduce-seconds-quick{int(quick)}", {})
                cost = [seen.get(m.name, n) for m, n in zip(models, counts)]
                done = _on_workers(jobs, [(i, out, quick, dps) for i in range(len(models))], counts, bar, cost)
                cache.remember(f"reproduce-seconds-quick{int(quick)}",
                               {**seen, **{m.name: r[3] for m, r in zip(models, done)}})
    finally:
        _MODELS.clear()
    for m, (r, deriv, figs, _) in zip(models, done):
        rows += r
        derivations[m.name] = deriv
        if figs is not None:
            figures[m.name] = figs
    summary = {"efftheory": __version__, "python": platform.python_version(), "dps": dps, "quick": quick,
               "total": len(rows), "passed": sum(r["passed"] for r in rows),
               "headline": headline(rows), "claims": rows, "figures": figures,
               "theories": [m.name for m in models]}
    (out / "results.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    (out / "index.md").write_text(_markdown({**summary, "_papers": _papers_of(models)}, derivations, out))
    (out / "report.tex").write_text(_latex(summary, models, derivations, out))
    return summary


def _counts(rows) -> tuple[int, int, int]:
    """(reproduced, differ from the paper as documented, failed)."""
    differ = sum(1 for r in rows if r["passed"] and r["status"].startswith("differs"))
    failed = sum(1 for r in rows if not r["passed"])
    return len(rows) - differ - failed, differ, failed


def headline(rows) -> str:
    """``N reproduced · M differ from the paper (documented) · K failed``."""
    n, m, k = _counts(rows)
    return f"{n} reproduced · {m} differ from the paper (documented) · {k} failed"


def ordered(rows) -> list:
    """Failures first, then the claims that differ from the paper, then the reproduced ones."""
    rank = lambda r: 0 if not r["passed"] else (1 if r["status"].startswith("differs") else 2)  # noqa: E731
    return sorted(rows, key=rank)


def paper_says(row) -> str:
    """The paper's value as the paper prints it: ``printed`` if given, else the shortest decimal
    equal to the exact value, else (a non-terminating rational) six significant digits."""
    if row.get("printed"):
        return row["printed"]
    if row["expected"] is None:
        return "(statement)"
    q = Fraction(row["expected"])
    den = q.denominator
    for f in (2, 5):
        while den % f == 0:
            den //= f
    if den == 1:
        return _decimal(q)
    return "≈ " + f"{float(q):.6g}"


def _decimal(q: Fraction) -> str:
    if q.denominator == 1:
        return str(q.numerator)
    digits = 0
    while (q * 10**digits).denominator != 1:
        digits += 1
    return f"{Decimal(q.numerator) / Decimal(q.denominator):.{digits}f}"


def number(text) -> str:
    """A recomputed number by kind: integers as integers, decimals trimmed of padding zeros."""
    if isinstance(text, float):
        text = repr(text)
    if not isinstance(text, str):
        return str(text)
    try:
        d = Decimal(text)
    except (InvalidOperation, ValueError):
        return text
    if d == d.to_integral_value() and "e" not in text.lower() and ("." not in text or abs(d) >= 10) and abs(d) < 10**15:
        return str(int(d))
    return text


def _stderr(row):
    d = row.get("details") or {}
    for key in ("stderr", "stderr_none", "sigma"):
        if key in d and not isinstance(d[key], (dict, list)):
            return d[key]
    return None


def measures(row) -> str:
    """What "recomputed" is: the claim's ``measures`` or a description from its shape."""
    if row.get("measures"):
        return row["measures"]
    d = row.get("details") or {}
    if "max_deviation_in_tolerances" in d:
        return "largest deviation / tolerance"
    if _stderr(row) is not None:
        return "Monte Carlo estimate ± se"
    if row["expected"] is None:
        v = number(row["value"]) if row["value"] is not None else ""
        if v == "0":
            return "residual (0: holds exactly)"
        return "count" if "." not in str(row["value"]) else "value checked by the statement"
    return "value"


def recomputed(row) -> str:
    """The recomputed value formatted by kind (Monte Carlo as value ± se)."""
    if row["value"] is None:
        return "(failed)"
    v = number(row["value"])
    se = _stderr(row)
    if se is not None:
        se_num = float(se)
        return f"{float(row['value']):.4g} ± {se_num:.2g}"
    return v


def detail_text(details) -> str:
    """Details as ``name = value`` pairs, nested mappings flattened, lists joined (no reprs)."""
    out = []
    for k, v in details.items():
        if isinstance(v, dict):
            out.append(f"{k}: " + "; ".join(f"{a} = {detail_text(b) if isinstance(b, dict) else number(b)}"
                                            for a, b in v.items()))
        elif isinstance(v, list):
            out.append(f"{k} = " + ", ".join(_item(x) for x in v))
        else:
            out.append(f"{k} = {number(v)}")
    return "; ".join(out)


def _item(x) -> str:
    """One entry of a list in the details: a mapping or a row (a list) written out, not as a repr."""
    if isinstance(x, dict):
        return detail_text(x)
    if isinstance(x, (list, tuple)):
        return "(" + ", ".join(_item(y) for y in x) + ")"
    return f"{x:.12g}" if isinstance(x, float) else number(x)


def _markdown(summary, derivations, out=None) -> str:
    rows = ordered(summary["claims"])
    lines = ["# efftheory reproduce report", "",
             f"efftheory {summary['efftheory']}, Python {summary['python']}; computed at {summary['dps']} digits, "
             f"shown to 12 significant digits{', quick mode' if summary['quick'] else ''}.", "",
             f"**{headline(rows)}**", "", "## Papers", ""]
    lines += [f"- **{p.key}**: {p.reference}; theories {', '.join(f'`{n}`' for n in p.theory_names())}"
              for p in summary["_papers"]]
    lines += ["", "## Claims", "", "Claims that differ from the paper come first, with their evidence.", "",
              "| claim | paper, where | paper says | recomputed | measures | status |", "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| `{r['id']}` | {r['paper']}, {r['where']} | {paper_says(r)} | {recomputed(r)} | "
                     f"{measures(r)} | {r['status']} |")
    lines.append("")
    for r in rows:
        lines += [f"## {r['id']}", "", f"*{r['paper']}, {r['where']}:* {r['statement']}", "",
                  f"- paper says: {paper_says(r)}; recomputed ({measures(r)}): `{recomputed(r)}`; {r['detail']}; "
                  f"status: **{r['status']}** ({r['seconds']} s)"]
        if r.get("details"):
            lines.append("- details: " + detail_text(r["details"]))
        if r.get("source"):
            lines.append(f"- source of the expected value: {r['source']}")
        if r.get("note"):
            lines.append(f"- note: {r['note']}")
        lines.append("")
    lines += ["## Derivations", ""] + [f"- [{n}]({p})" for n, (p, _) in derivations.items()] + [""]
    if summary["figures"]:
        lines += ["## Figures", ""]
        k = 0
        for name, paths in summary["figures"].items():
            if not paths:
                continue
            lines += [f"### {name}", ""]
            for p in paths:
                k += 1
                caption = _caption(name, p, out)
                lines += [f'<img src="{p}" alt="Figure {k}" width="720">', "", f"*Figure {k}: {caption}*", ""]
    return "\n".join(lines)


def _caption(theory: str, path: str, out=None) -> str:
    """A figure's caption: the one its figure function stored in the file
    (:func:`efftheory.display.save_figure`), else its theory and what its file name says it shows."""
    from ..display import figure_caption
    stored = figure_caption(Path(out) / path) if out is not None else None
    if stored:
        return stored
    stem = Path(path).stem.replace("_", " ").replace("-", " ")
    return f"{theory}: {stem}"


_COLS = "".join(">{\\raggedright\\arraybackslash}p{%s}" % w for w in ("2.8cm", "3.9cm", "1.7cm", "2.3cm", "2.0cm",
                                                                       "2.0cm"))


def _soft(text: str) -> str:
    """Text that may break after '/', '-', '_', '.', '(' and '='."""
    out = escape(text)
    for ch in ("/", "-", "\\_", ".", "(", "="):
        out = out.replace(ch, ch + "\\allowbreak{}")
    return out


def _breakable(text: str) -> str:
    """Typewriter text that may break after '/', '-', '_' and '.'."""
    return "\\texttt{" + _soft(text) + "}"


def _latex(summary, models, derivations, out) -> str:
    rows = ordered(summary["claims"])
    body = ["\\title{efftheory: reproduction report}", f"\\author{{efftheory {summary['efftheory']}}}",
            "\\maketitle",
            f"\\textbf{{{escape(headline(rows))}}}\\par",
            f"Computed at {summary['dps']} digits, shown to 12 significant digits"
            f"{', quick mode' if summary['quick'] else ''}. Claims that differ from the paper come first.",
            "\\section*{Papers}", "\\begin{itemize}"]
    body += [f"\\item \\textbf{{{escape(p.key)}}}: {escape(p.reference)}" for p in _papers_of(models)]
    body += ["\\end{itemize}", "\\section*{Claims}", "{\\footnotesize\\begin{longtable}{" + _COLS + "}",
             "claim & statement & paper says & recomputed & measures & status \\\\ \\hline \\endhead"]
    for r in rows:
        body.append(f"{_breakable(r['id'])} & {escape(r['paper'] + ', ' + r['where'] + ': ' + r['statement'])}"
                    f" & {escape(paper_says(r))} & {_breakable(recomputed(r))} & {_soft(measures(r))}"
                    f" & {escape(r['status'])} \\\\")
    body.append("\\end{longtable}}")
    body.append("{\\raggedright")        # long numbers and lists: ragged lines rather than overfull ones
    for r in rows:
        if r.get("note") or r.get("details"):
            text = escape(r.get("note") or "")
            if r.get("details"):
                text += " \\emph{Details:} " + _soft(detail_text(r["details"]))
            body.append(f"\\paragraph{{{escape(r['id'])}}} {text}")
    body.append("\\par}")
    k = 0
    for name, paths in summary["figures"].items():
        if not paths:
            continue
        body.append(f"\\section*{{Figures: {escape(name)}}}")
        for p in paths:
            k += 1
            body.append("\\begin{figure}[htbp]\\centering"
                        f"\\includegraphics[width=\\textwidth,height=0.55\\textheight,keepaspectratio]{{{p}}}"
                        f"\\caption{{{escape(_caption(name, p, out))}}}\\end{{figure}}")
        body.append("\\clearpage")
    for name, (_, d) in derivations.items():
        body.append(d.to_latex())
    return PREAMBLE + "\\begin{document}\n" + "\n".join(body) + "\n\\end{document}\n"
