"""Cells of a diagram computed on Dask (``dask.distributed``), or serially in this process.

A cell is evaluated exactly as ``efftheory eval THEORY QUANTITY --param ...`` evaluates it
(:meth:`~efftheory.theories.base.Model.evaluate` with the parameters as the same exact texts), so
a cell of the table equals ``eval`` at its parameters digit for digit.

Tasks are chunks of consecutive cells (the last axis fastest, so cells that share a cached
special point run together), sized to amortise the per-task overhead: by default about four
chunks per worker, at most :data:`MAX_CHUNK` cells each.  Kernels are compiled once per worker
process: the theories cache their compiled systems (``functools.lru_cache``) and a worker keeps
them from one chunk to the next.

Failures stay in their cell: a :class:`~efftheory.errors.ComputationError` (no convergence, too
few verified digits) or any other exception of one cell is recorded in that cell's row (status
``error`` and the one-line message).  A chunk whose worker dies is split and its cells are
resubmitted one per task; a single cell whose task still fails (a dying worker also fails the
tasks queued on it) runs once more alone at the end, so only the cell that kills a worker is lost,
and recorded as ``worker failed``.
"""
from __future__ import annotations

import contextlib
import logging
import math
import os
import time
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import ComputationError, EffTheoryError, InputError
from ..results import flat_items

__all__ = ["Job", "compute_cell", "compute_chunk", "run_cells", "cluster", "chunk_size", "MAX_CHUNK"]

MAX_CHUNK = 32
#: how often a task may lose its worker on a LocalCluster before it is declared failed
ALLOWED_FAILURES = 1


@dataclass(frozen=True)
class Job:
    """What every task needs, picklable: the theory, quantity, fixed parameters (exact texts),
    precision, seed and trials, and the ``--model`` files that register the theory (loaded in each
    worker that does not know it)."""

    theory: str
    quantity: str
    fixed: dict = field(default_factory=dict)
    dps: int = 30
    seed: int | None = None
    trials: int | None = None
    model_files: tuple = ()


@lru_cache(maxsize=None)
def _model(theory: str, model_files: tuple):
    from ..theories import get, load_entry_points, load_file, names
    if theory not in names():
        load_entry_points()
        for path in model_files:
            if theory not in names():
                load_file(path)
    return get(theory)


def compute_cell(job: Job, point: dict) -> dict:
    """One cell: ``point`` (name -> exact text) evaluated; a row with ``status`` ``ok`` or ``error``."""
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        model = _model(job.theory, tuple(job.model_files))
        res = model.evaluate(job.quantity, {**job.fixed, **point}, dps=job.dps, seed=job.seed, trials=job.trials)
        js = res.to_json()
        values = dict(flat_items(js["values"]))
        for k, v in flat_items(js.get("stderr", {})):
            values[f"{k}_stderr"] = v
        row = {"status": "ok", "values": values, "digits": res.digits, "message": ""}
    except (EffTheoryError, ArithmeticError, ValueError) as exc:
        kind = "computation" if isinstance(exc, (ComputationError, ArithmeticError)) else "input"
        row = {"status": "error", "values": {}, "digits": None, "message": f"{kind}: {_one_line(exc)}"}
    except Exception as exc:  # a bug of a theory must not lose the other cells
        row = {"status": "error", "values": {}, "digits": None,
               "message": f"internal error: {type(exc).__name__}: {_one_line(exc)}"}
    row.update(point=dict(point), seconds=round(time.perf_counter() - t0, 4),
               cpu_seconds=round(time.process_time() - c0, 4), worker=os.getpid())
    return row


def compute_chunk(job: Job, points: list) -> list:
    """The rows of a chunk of cells (one task)."""
    return [compute_cell(job, p) for p in points]


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


def chunk_size(cells: int, workers: int) -> int:
    """About four tasks per worker, at most :data:`MAX_CHUNK` cells each."""
    return max(1, min(MAX_CHUNK, math.ceil(cells / (4 * max(1, workers)))))


@contextlib.contextmanager
def cluster(*, workers: int | None = None, scheduler: str | None = None):
    """A ``distributed.Client``: on ``scheduler`` (or ``$DASK_SCHEDULER_ADDRESS``) if given, otherwise on
    a fresh ``LocalCluster`` of ``workers`` processes (default: the machine's cores) with one thread
    each (mpmath holds the GIL, so threads would not overlap)."""
    import dask
    from distributed import Client, LocalCluster
    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
    if address:
        try:
            client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise InputError(f"--scheduler {address}: cannot reach a Dask scheduler there ({_one_line(exc)})") \
                from None
        try:
            yield client
        finally:
            client.close()
        return
    n = workers or os.cpu_count() or 1
    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES,
                          "distributed.worker.daemon": False}):
        # no dashboard, and the scheduler's HTTP endpoint on a free port (its default 8787 may be taken)
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                          scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}, silence_logs=logging.CRITICAL) \
                as lc, Client(lc) as client:
            yield client


def run_cells(job: Job, points: list, *, on_rows, workers: int | None = None, scheduler: str | None = None,
              chunk: int | None = None, label: str = "diagram") -> dict:
    """Compute ``points`` (each name -> exact text); ``on_rows(rows)`` receives each chunk's rows as it
    arrives.  ``workers=0`` (and no scheduler) computes serially in this process, without Dask.

    Returns counts: ``computed``, ``failed``, ``tasks``, ``workers`` and ``seconds``.
    """
    from ..report.progress import Progress
    t0 = time.perf_counter()
    stats = {"computed": 0, "failed": 0, "tasks": 0, "workers": 0, "chunk": 0}

    def take(rows, bar):
        on_rows(rows)
        stats["computed"] += len(rows)
        stats["failed"] += sum(r["status"] != "ok" for r in rows)
        bar.update(len(rows))
    with Progress(len(points), f"{job.theory} {job.quantity}") as bar:
        if not points:
            pass
        elif workers == 0 and not (scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")):
            stats.update(workers=1, chunk=1)
            for p in points:
                bar.working_on(", ".join(f"{k}={v}" for k, v in p.items()))
                take([compute_cell(job, p)], bar)
                stats["tasks"] += 1
        else:
            with cluster(workers=workers, scheduler=scheduler) as client:
                _distributed(client, job, points, chunk, stats, lambda rows: take(rows, bar))
    stats["seconds"] = round(time.perf_counter() - t0, 3)
    return stats


def _distributed(client, job, points, chunk, stats, take) -> None:
    from distributed import as_completed
    n_workers = max(1, sum(client.nthreads().values()))
    size = chunk or chunk_size(len(points), n_workers)
    stats.update(workers=n_workers, chunk=size)
    chunks = [points[i:i + size] for i in range(0, len(points), size)]
    futures = {client.submit(compute_chunk, job, c, pure=False): c for c in chunks}
    stats["tasks"] += len(futures)
    done = as_completed(list(futures))
    suspects = []
    for fut in done:
        cells = futures.pop(fut)
        if fut.status == "finished":
            take(fut.result())
        elif len(cells) > 1:         # split: only the cell that loses its worker is lost
            for c in cells:
                f = client.submit(compute_chunk, job, [c], pure=False)
                futures[f] = [c]
                done.add(f)
                stats["tasks"] += 1
        else:
            suspects.append(cells[0])
        fut.release()
    # A dying worker also fails the tasks queued on it: each suspect runs again alone, and a worker
    # that dies now died of that cell.
    for cell in suspects:
        f = client.submit(compute_chunk, job, [cell], pure=False)
        stats["tasks"] += 1
        try:
            rows = f.result()
        except Exception as exc:
            rows = [{"status": "error", "values": {}, "digits": None, "point": dict(cell), "seconds": None,
                     "worker": None, "message": f"worker failed: {type(exc).__name__}: {_one_line(exc)}"}]
        take(rows)
