"""Whole derivations and scans kept on disk between processes, for a fast cold start.

A fresh ``efftheory solve rubin-cubic`` spends most of its time deriving the scalar action
(SymPy ``simplify``) and scanning for float64 seeds, results that depend only on the package's
source and the arguments.  :func:`persistent` keeps such a result in the disk cache of
:mod:`efftheory.numeric.cache` (same directory, same ``EFFTHEORY_CACHE=0`` switch, safe to
delete, corrupt entries ignored and rebuilt) under a key made of

* the versions (efftheory, SymPy, Python), as for every cache entry,
* a fingerprint of the package's source: the path, size and modification time of every
  ``.py`` file of ``efftheory`` (so editing any module of an editable install invalidates every
  entry: a result is never reused across a change of the code that produced it), and
* the function's qualified name and its arguments, written canonically (mappings sorted).

Only pure functions whose results pickle (SymPy expressions, tuples of floats) may be wrapped.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache, wraps
from pathlib import Path

__all__ = ["source_fingerprint", "persistent", "canonical"]

_PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=None)
def source_fingerprint() -> str:
    """SHA-256 of (relative path, size, mtime) of every module of the package (a few ms)."""
    h = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        st = path.stat()
        h.update(f"{path.relative_to(_PACKAGE).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def canonical(value) -> str:
    """A deterministic text of an argument: mappings sorted by key, sequences in order, others by repr.

    >>> canonical({"b": (1, 2), "a": None})
    "{'a':None,'b':(1,2)}"
    """
    if isinstance(value, dict):
        return "{" + ",".join(f"{canonical(k)}:{canonical(v)}" for k, v in sorted(value.items(), key=repr)) + "}"
    if isinstance(value, (list, tuple)):
        inner = ",".join(canonical(v) for v in value)
        return f"({inner})" if isinstance(value, tuple) else f"[{inner}]"
    return f"{type(value).__name__}:{value!r}" if not isinstance(value, (str, int, type(None))) else repr(value)


def persistent(namespace: str):
    """Decorator: the function's result stored on disk under its arguments and the source fingerprint.

    Examples
    --------
    >>> @persistent("doc")
    ... def square(x):
    ...     return x * x
    >>> square(12)
    144
    """
    def decorate(fn):
        name = f"{fn.__module__}.{fn.__qualname__}"

        @wraps(fn)
        def wrapped(*args, **kwargs):
            from .cache import cached
            parts = [source_fingerprint(), name, canonical(args), canonical(kwargs)]
            return cached(namespace, parts, lambda: fn(*args, **kwargs))
        return wrapped
    return decorate
