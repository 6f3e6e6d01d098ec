"""The output directory of a diagram: written as results arrive, resumable.

Files (in ``--out DIR``):

``manifest.json``
    theory, quantity, fixed parameters (every parameter's exact value), the grid (each axis's spec
    and exact values), ``dps``, ``seed``, ``trials``, the package version, ``created`` / ``updated``
    and the counts of cells done and failed.
``cells.jsonl``
    the log: one JSON object per computed cell, appended (and flushed to disk) as each chunk
    arrives, so an interrupted run loses at most the chunks in flight.  A torn last line is ignored.
``cells.csv``, ``cells.parquet``
    the table, one row per cell in grid order (the last axis fastest): the varied parameters as
    exact texts (the key), ``status`` (``ok`` / ``error``), the values as decimal strings with their
    verified ``digits``, the ``message`` of a failed cell and the ``seconds`` it took.

The rule for ``--out`` (CLI.md: an existing directory is never replaced without ``--force``):
a directory holding a diagram of the *same* spec is resumed, not replaced -- only the cells missing
from its log are computed (failed cells too with ``retry_errors``); a diagram of a different spec,
or a non-empty directory that holds no diagram, is refused (exit 2) unless ``--force``, which starts
afresh (this module's files are removed; other files are left alone).
"""
from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path

from .._version import __version__
from ..errors import InputError

__all__ = ["Store", "FORMAT", "FILES"]

FORMAT = "efftheory-diagram/1"
MANIFEST, LOG, CSV, PARQUET = "manifest.json", "cells.jsonl", "cells.csv", "cells.parquet"
PLOT, LINES = "diagram.png", "lines.csv"
FILES = (MANIFEST, LOG, CSV, PARQUET, PLOT, LINES)
#: the manifest fields that define a diagram (a rerun into the directory must match them)
SPEC_KEYS = ("theory", "quantity", "parameters", "grid", "dps", "seed", "trials")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Store:
    """A diagram's directory; :meth:`open` checks it (before any computation) against ``spec``."""

    def __init__(self, path: Path, spec: dict, manifest: dict):
        self.path, self.spec, self.manifest = Path(path), spec, manifest

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, path, spec: dict, *, force: bool = False) -> "Store":
        """Open ``path`` for ``spec`` (the :data:`SPEC_KEYS` fields): fresh, resumed or refused."""
        from ..report.outputs import check_output_dir
        path = Path(path)
        old = cls._read_manifest(path)
        if old is not None and not force:
            differ = [k for k in SPEC_KEYS if old.get(k) != spec.get(k)]
            if differ:
                raise InputError(f"--out {path} holds a diagram with a different {', '.join(differ)}; refusing to "
                                 f"replace it (use --force, or another directory)")
            return cls(path, spec, old)
        if old is None or not force:
            check_output_dir(path, option="--out", force=force)
        path.mkdir(exist_ok=True)
        for name in FILES:
            (path / name).unlink(missing_ok=True)
        manifest = {"format": FORMAT, **spec, "version": __version__, "created": _now(), "updated": _now(),
                    "cells": None, "done": 0, "failed": 0, "files": {}}
        store = cls(path, spec, manifest)
        store.write_manifest()
        return store

    @staticmethod
    def _read_manifest(path: Path):
        try:
            data = json.loads((path / MANIFEST).read_text())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("format") == FORMAT else None

    # ------------------------------------------------------------------ the log
    def rows(self) -> dict:
        """The logged rows, key (tuple of exact texts in axis order) -> row; a later row of a key wins."""
        names = [a["name"] for a in self.spec["grid"]]
        out = {}
        try:
            text = (self.path / LOG).read_text()
        except FileNotFoundError:
            return out
        for line in text.splitlines():
            try:
                row = json.loads(line)
                out[tuple(row["point"][n] for n in names)] = row
            except (ValueError, KeyError, TypeError):      # a torn last line of an interrupted run
                continue
        return out

    def append(self, rows) -> None:
        """Append rows to the log and force them to disk."""
        with open(self.path / LOG, "a", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps(r, separators=(",", ":")) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    # ------------------------------------------------------------------ the table
    def table(self, grid):
        """The table (a pandas DataFrame) of the logged cells, in grid order."""
        import pandas as pd
        logged = self.rows()
        records, value_cols = [], []
        for key, _ in grid.cells():
            row = logged.get(key)
            if row is None:
                continue
            for c in row["values"]:
                if c not in value_cols:
                    value_cols.append(c)
            records.append({**dict(zip(grid.names, key)), "status": row["status"], **row["values"],
                            "digits": row["digits"], "message": row["message"], "seconds": row["seconds"]})
        cols = [*grid.names, "status", *value_cols, "digits", "message", "seconds"]
        df = pd.DataFrame.from_records(records, columns=cols)
        for c in [*grid.names, "status", *value_cols, "message"]:
            df[c] = df[c].astype("string")
        df["digits"] = df["digits"].astype("Int64")
        df["seconds"] = df["seconds"].astype("float64")
        return df

    def write_table(self, grid):
        """``cells.csv`` and ``cells.parquet`` (atomically) and the manifest's counts; returns the table."""
        from ..report.outputs import atomic_file
        df = self.table(grid)
        with atomic_file(self.path / CSV, "w", newline="") as fh:
            df.to_csv(fh, index=False)
        with atomic_file(self.path / PARQUET, "wb") as fh:
            df.to_parquet(fh, index=False)
        ok = int((df["status"] == "ok").sum())
        self.manifest.update(cells=grid.size, done=ok, failed=int(len(df) - ok))
        self.manifest["files"].update(table_csv=CSV, table_parquet=PARQUET, log=LOG)
        self.write_manifest()
        return df

    def write_manifest(self) -> None:
        from ..report.outputs import write_text
        self.manifest["updated"] = _now()
        self.manifest["version"] = __version__
        write_text(self.path / MANIFEST, json.dumps(self.manifest, indent=1) + "\n")
