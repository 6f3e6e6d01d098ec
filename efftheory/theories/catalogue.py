"""What ``efftheory list`` prints: each theory's metadata (paper, description, parameters with
defaults and domains, quantities, special points), without deriving or computing anything.

The rows of the built-in theories are read from the models once and kept as a small JSON file in
the disk cache directory (:mod:`efftheory.numeric.cache`; ``EFFTHEORY_CACHE=0`` turns it off),
under the source fingerprint of :func:`efftheory.numeric.persist.source_fingerprint`: a fresh
process then lists them without importing a single model (no SymPy, NumPy or SciPy), and any
edit of the package's source makes the next ``list`` read the models again.  Theories registered
by the user (``--model FILE.py``, entry points, :func:`efftheory.register`) are always read from
their models.
"""
from __future__ import annotations

import json
import os

__all__ = ["row", "catalogue"]


def row(model) -> dict:
    """The ``list`` row of one :class:`~efftheory.theories.base.Model` (plain JSON types)."""
    return {"name": model.name, "paper": model.paper, "description": model.description,
            "parameters": [{"name": p.name, "default": None if p.default is None else str(p.default),
                            "domain": str(p.domain), "description": p.description} for p in model.parameters],
            "quantities": [{"name": q.name, "description": q.description, "randomized": q.randomized,
                            "requires": list(q.requires)} for q in model.quantities],
            "special_points": list(model.point_kinds)}


def _enabled() -> bool:
    return os.environ.get("EFFTHEORY_CACHE", "1").strip().lower() not in ("0", "off", "no", "false")


def _builtin_rows() -> dict:
    """Theory name -> row for every built-in theory, from the cache file or from the models."""
    from . import PAPERS, get, get_paper
    from ..numeric.persist import source_fingerprint
    names = [name for key in PAPERS for name in get_paper(key).theory_names()]
    path = None
    if _enabled():
        from .._version import __version__
        try:
            path = _directory() / f"catalogue-{__version__}-{source_fingerprint()[:32]}.json"
        except ImportError:            # no platformdirs: no cache
            path = None
    if path is not None:
        try:
            rows = json.loads(path.read_text())
            if (isinstance(rows, dict) and list(rows) == names
                    and all(isinstance(r, dict) and r.get("name") == k for k, r in rows.items())):
                return rows
        except (OSError, ValueError):
            pass
    rows = {name: row(get(name)) for name in names}
    if path is not None:
        _write(path, rows)
    return rows


def _directory():
    """The cache directory of :mod:`efftheory.numeric.cache` (computed without importing SymPy)."""
    from pathlib import Path
    where = os.environ.get("EFFTHEORY_CACHE_DIR")
    if where:
        return Path(where)
    import platformdirs
    return Path(platformdirs.user_cache_dir("efftheory", appauthor=False)) / "symbolic"


def _write(path, rows) -> None:
    import tempfile
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w") as fh:
            json.dump(rows, fh)
        os.replace(tmp, path)          # atomic: a reader sees no file or the whole file
    except OSError:                    # a read-only or full disk: no cache
        pass


def catalogue() -> list[dict]:
    """The rows of ``efftheory list``, in the order of :func:`~efftheory.theories.names`."""
    from . import _EXTRA_PAPERS, _USER, load_entry_points
    load_entry_points()
    rows = list(_builtin_rows().values())
    for paper in _EXTRA_PAPERS.values():
        rows += [row(paper.model(name)) for name in paper.theory_names()]
    rows += [row(m) for m in _USER.values()]
    return rows
