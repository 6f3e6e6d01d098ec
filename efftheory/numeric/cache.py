"""A disk cache of symbolic work shared between processes (derivatives, Jacobians, kernel source).

SymPy's differentiation, simplification and common-subexpression elimination are the slow part
of a fresh process; their results are pure functions of the expressions they start from.  This
module keeps them in the user's cache directory (``platformdirs.user_cache_dir("efftheory")/symbolic``,
e.g. ``~/.cache/efftheory/symbolic``; the same place without platformdirs),
one small pickle per result, under a key made of

* the efftheory, SymPy and Python versions (a new release never reads an old entry), and
* a SHA-256 hash of what the work starts from (the expressions, serialised exactly, and the
  name of the operation),

so an entry can only ever hold the result of the very same computation.  The cache is safe to
delete at any time (``efftheory`` rebuilds what it needs); an entry that cannot be read or
unpickled is ignored, removed and rebuilt; a directory that cannot be written is skipped
silently.  ``EFFTHEORY_CACHE=0`` (or ``off``, ``no``, ``false``) turns it off;
``EFFTHEORY_CACHE_DIR`` puts it elsewhere.

Compiled functions are not pickled (lambdified functions are not picklable): the generated
Python *source* is, and is compiled again with ``exec`` (:mod:`~efftheory.numeric.compile`).

Examples
--------
>>> import sympy as sp
>>> x, y = sp.symbols("x y")
>>> jacobian((x**2 * y, x + y), (x, y))
(2*x*y, x**2, 1, 1)
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable

import sympy as sp

__all__ = ["enabled", "directory", "cached", "jacobian", "derivative", "clear"]

_MISSING = object()


def enabled() -> bool:
    """Whether the disk cache is on (``EFFTHEORY_CACHE`` not set to ``0``/``off``/``no``/``false``)."""
    return os.environ.get("EFFTHEORY_CACHE", "1").strip().lower() not in ("0", "off", "no", "false")


@lru_cache(maxsize=None)
def _versions() -> str:
    from .._version import __version__
    return f"efftheory {__version__}; sympy {sp.__version__}; python {sys.version_info[:3]}"


def directory() -> Path:
    """The cache directory (not created until something is stored)."""
    where = os.environ.get("EFFTHEORY_CACHE_DIR")
    if where:
        return Path(where)
    try:
        import platformdirs
        base = Path(platformdirs.user_cache_dir("efftheory", appauthor=False))
    except ImportError:                    # the same places, without platformdirs
        if sys.platform == "win32":
            base = Path(os.environ.get("LOCALAPPDATA", Path.home())) / "efftheory" / "Cache"
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Caches" / "efftheory"
        else:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "efftheory"
    return base / "symbolic"


def _key(namespace: str, parts) -> str:
    """SHA-256 of the versions, the namespace and the parts.  SymPy objects enter through their
    pickle (an exact serialisation of the expression tree, like ``srepr``, but some thirty times
    faster to produce, which matters when the key is computed on every cold start), or through
    ``srepr`` if they cannot be pickled."""
    h = hashlib.sha256(_versions().encode())
    h.update(b"\0" + namespace.encode())
    for p in parts:
        if isinstance(p, str):
            data = p.encode()
        else:
            try:
                data = pickle.dumps(p, protocol=4)
            except Exception:
                data = sp.srepr(p).encode()
        h.update(b"\0" + data)
    return h.hexdigest()


def _path(namespace: str, key: str) -> Path:
    return directory() / f"{namespace}-{key[:40]}.pickle"


def _load(path: Path):
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        return _MISSING
    except Exception:                      # a corrupt or foreign entry: ignored, removed, rebuilt
        try:
            path.unlink()
        except OSError:
            pass
        return _MISSING


def _store(path: Path, value) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)          # atomic: a reader sees the old entry or the whole new one
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except Exception:                      # read-only or full disk, unpicklable value: no cache
        pass


def recall(name: str, default=None):
    """A small value kept between runs under ``name`` (:func:`remember`), or ``default``."""
    if not enabled():
        return default
    value = _load(_path("note", name))
    return default if value is _MISSING else value


def remember(name: str, value) -> None:
    """Keep ``value`` under ``name`` for later runs (nothing when the cache is off or not writable)."""
    if enabled():
        _store(_path("note", name), value)


def cached(namespace: str, parts, build: Callable[[], object], *, check: Callable[[object], bool] | None = None):
    """``build()``, or its result stored earlier under ``(namespace, parts)``.

    ``parts`` are strings or SymPy objects (hashed through ``srepr``) that determine the result
    completely.  ``check(value)`` (optional) must accept a loaded value, else it is rebuilt.
    """
    if not enabled():
        return build()
    path = _path(namespace, _key(namespace, parts))
    value = _load(path)
    if value is not _MISSING and (check is None or _accepts(check, value)):
        return value
    value = build()
    _store(path, value)
    return value


def _accepts(check, value) -> bool:
    try:
        return bool(check(value))
    except Exception:
        return False


def _tuple_of_exprs(n):
    return lambda v: isinstance(v, tuple) and len(v) == n and all(isinstance(e, sp.Basic) for e in v)


def jacobian(equations, unknowns) -> tuple:
    """The Jacobian of ``equations`` in ``unknowns``, row-major, as a tuple (cached in memory and on disk)."""
    return _jacobian(tuple(sp.sympify(e) for e in equations), tuple(unknowns))


@lru_cache(maxsize=512)
def _jacobian(equations: tuple, unknowns: tuple) -> tuple:
    def build():
        return tuple(sp.diff(e, u) for e in equations for u in unknowns)
    return cached("jacobian", [*equations, "|", *unknowns], build,
                  check=_tuple_of_exprs(len(equations) * len(unknowns)))


@lru_cache(maxsize=512)
def derivative(expr, *symbols) -> sp.Expr:
    """``sp.diff(expr, *symbols)`` (cached in memory and on disk)."""
    return cached("diff", [expr, "|", *symbols], lambda: sp.diff(expr, *symbols),
                  check=lambda v: isinstance(v, sp.Basic))


def clear() -> int:
    """Delete every entry of the disk cache; returns how many files were removed."""
    removed = 0
    d = directory()
    if d.is_dir():
        for p in d.glob("*.pickle"):
            try:
                p.unlink()
                removed += 1
            except OSError:
                pass
    return removed
