"""A diagram from start to end (``efftheory diagram`` and its Python form :func:`diagram`).

Everything the user gave is validated, and the output directory checked, before any cell is
computed; then the missing cells run (on Dask, or serially with ``workers=0``), each chunk appended
to the store as it arrives; then the table, the transition lines, the plot and the manifest.
"""
from __future__ import annotations

from pathlib import Path

import mpmath

from ..errors import ComputationError, InputError
from ..limits import MAX_DPS, MAX_SEED
from .engine import Job, run_cells
from .grid import Grid, exact_text, parse_axis
from .lines import line_control, lines_csv, trace_line
from .store import LINES, PLOT, Store

__all__ = ["diagram", "paper_point"]


def _check(model, quantity, grid, given, *, dps, seed, trials):
    """The checks ``eval`` makes, made once for the whole grid (exit 2 before anything runs)."""
    q = model.quantity(quantity)
    resolved = model.resolve(given)
    twice = sorted(set(given) & set(grid.names))
    if twice:
        raise InputError(f"--param {twice[0]} is also varied (--vary {twice[0]}=...); give it once")
    missing = [r for r in q.requires if r not in grid.names and resolved.get(r) is None]
    if missing:
        raise InputError(f"quantity '{quantity}' of '{model.name}' needs --param or --vary "
                         + ", ".join(f"{m}=VALUE ({model.parameter(m).domain})" for m in missing))
    limit = min(q.max_dps or model.max_dps, MAX_DPS)
    if not 1 <= dps <= limit:
        raise InputError(f"--dps {dps} is outside its domain for {model.name} {quantity}: integers 1 to {limit}")
    if seed is not None and not (q.randomized or q.seeded):
        raise InputError(f"quantity '{quantity}' of '{model.name}' does not depend on a seed; --seed does not apply")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise InputError(f"--seed {seed} is outside its domain: integers 0 to {MAX_SEED}")
    if trials is not None and not q.randomized:
        raise InputError(f"quantity '{quantity}' of '{model.name}' is not randomised; --trials does not apply")
    if trials is not None and not 2 <= trials <= q.max_trials:
        raise InputError(f"--trials {trials} is outside its domain for '{quantity}': integers 2 to {q.max_trials}")
    return resolved


def paper_point(model, names, given) -> dict | None:
    """The paper's point in the plane ``names``: each parameter's default, a parameter without one
    taken from the first-order (else the first) special point at the defaults; None if unavailable."""
    resolved = model.resolve(given)
    point, solved = {}, None
    for n in names:
        if resolved.get(n) is not None:
            try:
                point[n] = float(resolved[n])
            except (TypeError, ValueError):
                return None
            continue
        if solved is None:
            if model.special_points is None:
                return None
            try:
                res = model.solve(given, dps=15)
            except (ComputationError, InputError):
                return None
            pts = [p for p in res.points if p.kind == "first_order"] or list(res.points)
            if not pts:
                return None
            solved = pts[0].values
        if n not in solved:
            return None
        with mpmath.workdps(20):
            point[n] = float(solved[n])
    return point


def diagram(theory: str, vary, *, out, quantity: str | None = None, params: dict | None = None, dps: int = 30,
            seed: int | None = None, trials: int | None = None, workers: int | None = None,
            scheduler: str | None = None, chunk: int | None = None, lines=(), along: str | None = None,
            force: bool = False, retry_errors: bool = False, plot: bool = True, model_files=()) -> dict:
    """Compute (or resume) a diagram of ``theory`` over the axes ``vary`` into the directory ``out``.

    Parameters
    ----------
    theory : str
    vary : list of str
        ``NAME=START:STOP:COUNT``, ``NAME=log:START:STOP:COUNT`` or ``NAME=V1,V2,...``.
    quantity : str or None
        Default: the theory's phase labels (what ``sweep`` computes by default).
    params : dict
        Fixed parameters, name -> exact text (as ``--param``).
    workers, scheduler, chunk
        Dask: ``workers`` local processes (default: the cores; ``0``: serially in this process,
        without Dask), or an existing scheduler's address; ``chunk`` cells per task.
    lines, along
        Special-point kinds to trace as lines, and the parameter axis to step (default: the first
        varied parameter that is not the control).
    force, retry_errors
        Start afresh (see :mod:`.store` for the directory rule); recompute failed cells on a resume.

    Returns
    -------
    dict
        The summary printed by the command (``--json``): counts, files, lines.
    """
    from .engine import _model
    model = _model(theory, tuple(str(p) for p in model_files))      # a --model file's theory, loaded if need be
    given = dict(params or {})
    grid = Grid(tuple(parse_axis(model, v) for v in vary))
    quantity = quantity or model.phase_quantity
    if quantity is None:
        raise InputError(f"theory '{model.name}' has no phase labels; choose --quantity from: "
                         + ", ".join(q.name for q in model.quantities))
    resolved = _check(model, quantity, grid, given, dps=dps, seed=seed, trials=trials)
    line_axis = _line_axis(model, lines, along, grid)
    spec = {"theory": model.name, "quantity": quantity,
            "parameters": {k: exact_text(v) for k, v in resolved.items() if k not in grid.names and v is not None},
            "grid": grid.spec(), "dps": dps, "seed": seed, "trials": trials}
    store = Store.open(Path(out), spec, force=force)
    done = store.rows()
    todo = [dict(zip(grid.names, key)) for key, _ in grid.cells()
            if key not in done or (retry_errors and done[key]["status"] != "ok")]
    job = Job(model.name, quantity, given, dps, seed, trials, tuple(str(p) for p in model_files))
    stats = run_cells(job, todo, on_rows=store.append, workers=workers, scheduler=scheduler, chunk=chunk)
    df = store.write_table(grid)
    traced = []
    for kind in lines:
        traced.append(trace_line(model, kind, line_axis, {k: v for k, v in given.items() if k != line_axis.name},
                                 dps=dps))
    if traced:
        from ..report.outputs import write_text
        write_text(store.path / LINES, lines_csv(traced))
        store.manifest["lines"] = [{"kind": ln.kind, "along": line_axis.spec, "control": ln.control,
                                    "method": ln.method, "points": len(ln.ok_rows())} for ln in traced]
        store.manifest["files"]["lines"] = LINES
    column = None
    if plot and len(df):
        from .plot import plot_diagram
        mark = paper_point(model, grid.names[:2], given) if len(grid.names) >= 2 else None
        column = plot_diagram(store.path / PLOT, df, grid, theory=model.name, quantity=quantity, lines=traced,
                              mark=mark)
        store.manifest["files"]["plot"] = PLOT
        store.manifest["plot"] = {"column": column, "paper_point": mark}
    store.write_manifest()
    return {"theory": model.name, "quantity": quantity, "out": str(store.path), "cells": grid.size,
            "computed": stats["computed"], "reused": grid.size - len(todo), "failed": int((df["status"] != "ok").sum()),
            "workers": stats["workers"], "tasks": stats["tasks"], "chunk": stats["chunk"], "seconds": stats["seconds"],
            "files": dict(store.manifest["files"]),
            "lines": [{"kind": ln.kind, "method": ln.method, "points": len(ln.ok_rows()),
                       "failed": len(ln.rows) - len(ln.ok_rows())} for ln in traced]}


def _line_axis(model, lines, along, grid):
    if not lines:
        if along:
            raise InputError("--along needs --line KIND (the special point to trace)")
        return None
    for kind in lines:
        if kind not in model.point_kinds:
            raise InputError(f"--line {kind!r} is not a special point of '{model.name}'; it has: "
                             + (", ".join(model.point_kinds) or "none"))
    if along:
        return parse_axis(model, along)
    control = line_control(model)
    for a in grid.axes:
        if a.name != control and not a.categorical:
            return a
    raise InputError(f"--line: give --along NAME=START:STOP:COUNT (a parameter other than the control {control})")
