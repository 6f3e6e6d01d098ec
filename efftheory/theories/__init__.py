"""The registry: one subpackage per paper, each declaring a :class:`Paper`, and the
theories users register.

To add a paper, copy ``theories/landau/`` (the template), fill its files and add
its key to :data:`PAPERS` (see ``docs/adding-a-theory.rst``).  A theory written
elsewhere is added with :func:`register` -- from Python, from a file loaded by
``efftheory --model FILE.py`` (:func:`load_file`), or by an installed package through
the entry-point group ``efftheory.theories`` (see ``docs/writing-a-theory.rst``).
Packages and entry points are loaded lazily, on first use, so that ``import efftheory``
stays cheap and has no side effects.
"""
from __future__ import annotations

import importlib
import warnings
from dataclasses import replace as _replace
from pathlib import Path

from ..errors import InputError, UnknownTheoryError
from .paper import Paper

__all__ = ["PAPERS", "ENTRY_POINT_GROUP", "EntryPointWarning", "Paper", "papers", "get_paper", "names", "get",
           "all_models", "register", "unregister", "load_file", "load_entry_points"]

#: The papers, in registration order: each is the subpackage ``efftheory.theories.<key>``.
PAPERS = (
    "landau",
    "rubin",
    "zunkovic",
    "liu",
)

#: The entry-point group through which installed packages register theories.
ENTRY_POINT_GROUP = "efftheory.theories"


class EntryPointWarning(UserWarning):
    """An entry point of the group ``efftheory.theories`` could not be loaded; its theories are
    skipped (asking for one by name raises :class:`~efftheory.errors.InputError` saying why)."""


_USER: dict = {}          # theory name -> Model registered with register(model)
_EXTRA_PAPERS: dict = {}  # paper key -> Paper registered with register(paper)
_BROKEN: dict = {}        # entry-point name -> why it failed to load
_ENTRY_POINTS = {"loaded": False}


def _builtin_papers() -> list[Paper]:
    return [importlib.import_module(f"{__name__}.{key}").PAPER for key in PAPERS]


def papers() -> list[Paper]:
    """Every registered :class:`Paper`: the built-in ones, then those registered with :func:`register`."""
    load_entry_points()
    return _builtin_papers() + list(_EXTRA_PAPERS.values())


def get_paper(key: str) -> Paper:
    """The :class:`Paper` registered as ``key``."""
    if key in PAPERS:
        return importlib.import_module(f"{__name__}.{key}").PAPER
    load_entry_points()
    if key not in _EXTRA_PAPERS:
        raise UnknownTheoryError(f"unknown paper '{key}'; known papers: {', '.join([*PAPERS, *_EXTRA_PAPERS])}")
    return _EXTRA_PAPERS[key]


def _index() -> dict:
    """Theory name -> the Paper that holds it, or the user's Model."""
    index = {name: p for p in papers() for name in p.theory_names()}
    return {**index, **_USER}


def names() -> list[str]:
    """The registered theory names, in registration order (built-in papers first)."""
    return list(_index())


def get(name: str):
    """The :class:`~efftheory.theories.base.Model` registered as ``name``."""
    index = _index()
    if name not in index:
        if name in _BROKEN:
            raise InputError(f"theory '{name}': {_BROKEN[name]}")
        raise UnknownTheoryError(f"unknown theory '{name}'; known theories: {', '.join(index)}")
    entry = index[name]
    return entry.model(name) if isinstance(entry, Paper) else entry


def all_models() -> list:
    """Every registered model, in the order of :func:`names`."""
    return [get(name) for name in names()]


# ---------------------------------------------------------------------------------------------- registering
def _builtin_names() -> set:
    return {name for p in _builtin_papers() for name in p.theory_names()}


def _check_name(name, *, replace: bool, builtin: set, kind="theory") -> None:
    if not isinstance(name, str) or not name or not name.isascii() or any(ch.isspace() for ch in name):
        raise InputError(f"a {kind} name must be non-empty ASCII without spaces (it is typed on the command line); "
                         f"got {name!r}")
    if name in builtin:
        raise InputError(f"{kind} '{name}' is built in and cannot be replaced; register yours under another name")
    taken = name in _USER or any(name in p.theory_names() for p in _EXTRA_PAPERS.values())
    if taken and not replace:
        where = _USER[name].paper if name in _USER else "a registered paper"
        raise InputError(f"{kind} '{name}' is already registered ({where}); choose another name "
                         f"or pass replace=True")


def register(model, *, replace: bool = False, source: str | None = None):
    """Add a theory to the registry, so that :func:`efftheory.theory`, ``efftheory list`` and
    every subcommand see it.

    Parameters
    ----------
    model : Model or Paper
        A :class:`~efftheory.theories.base.Model` (built with :class:`~efftheory.theories.base.Quantity`,
        :mod:`efftheory.symbolic` and :mod:`efftheory.numeric`), or a whole
        :class:`~efftheory.theories.paper.Paper` whose package is importable.
    replace : bool
        Replace a theory registered earlier under the same name (never a built-in one).
    source : str or None
        Where the theory comes from (a file, an entry point); shown as the paper of a model
        that names none (``user theory (from my_theory.py)``).

    Returns
    -------
    Model or Paper
        What was registered (a model with its ``paper`` filled in).

    Raises
    ------
    InputError
        ``model`` is neither a Model nor a Paper, its name is not a command-line name, or the
        name is taken (by a built-in theory, or by an earlier registration without ``replace``).

    Examples
    --------
    >>> import dataclasses, efftheory
    >>> from efftheory.theories import register, unregister
    >>> bare = efftheory.theory("landau-sextic")
    >>> mine = register(dataclasses.replace(bare, name="my-copy", paper=""), source="a doctest")
    >>> mine.paper, "my-copy" in efftheory.theory_names()
    ('user theory (from a doctest)', True)
    >>> unregister("my-copy")
    """
    from .base import Model       # here, not at the top: importing the registry stays cheap
    load_entry_points()
    if isinstance(model, Paper):
        return _register_paper(model, replace=replace)
    if not isinstance(model, Model):
        raise InputError(f"register() takes an efftheory.theories.base.Model or a Paper; got {type(model).__name__}")
    _check_name(model.name, replace=replace, builtin=_builtin_names())
    if not callable(model.claims):
        raise InputError(f"theory '{model.name}': claims must be a callable returning a tuple of Claims; "
                         f"got {type(model.claims).__name__}")
    quantities = {q.name for q in model.quantities}
    if model.phase_quantity is not None and model.phase_quantity not in quantities:
        raise InputError(f"theory '{model.name}': phase_quantity '{model.phase_quantity}' is not one of its "
                         f"quantities ({', '.join(sorted(quantities)) or 'none'})")
    source = source or _LOADING["file"]
    if not model.paper:
        model = _replace(model, paper=f"user theory (from {source})" if source else "user theory")
    _USER[model.name] = model
    return model


def _register_paper(paper: Paper, *, replace: bool) -> Paper:
    builtin = _builtin_names()
    if paper.key in PAPERS:
        raise InputError(f"paper '{paper.key}' is built in and cannot be replaced; register yours under another key")
    if paper.key in _EXTRA_PAPERS and not replace:
        raise InputError(f"paper '{paper.key}' is already registered; choose another key or pass replace=True")
    old = _EXTRA_PAPERS.pop(paper.key, None)
    try:
        for name in paper.theory_names():
            _check_name(name, replace=replace, builtin=builtin)
    except InputError:
        if old is not None:
            _EXTRA_PAPERS[paper.key] = old
        raise
    for name in paper.theory_names():
        _USER.pop(name, None)
    _EXTRA_PAPERS[paper.key] = paper
    return paper


def unregister(name: str) -> None:
    """Remove a theory (or a paper, by key) registered with :func:`register`; built-ins stay."""
    if name in _USER:
        del _USER[name]
    elif name in _EXTRA_PAPERS:
        del _EXTRA_PAPERS[name]
    elif name in PAPERS or name in _builtin_names():
        raise InputError(f"'{name}' is built in and cannot be unregistered")
    else:
        raise UnknownTheoryError(f"'{name}' was not registered with efftheory.register")


# ---------------------------------------------------------------------------------------------- loading
def load_file(path) -> list[str]:
    """Run a user's Python file that calls :func:`register` (``efftheory --model FILE.py``);
    return the names it registered.

    Raises
    ------
    InputError
        One line naming the file: it does not exist, it raised (the exception's type and first
        line), or it registered nothing.
    """
    import runpy
    path = Path(path)
    label = f"--model {path}"
    if not path.is_file():
        raise InputError(f"{label}: no such file" if not path.exists() else f"{label}: not a file")
    load_entry_points()
    before = (dict(_USER), dict(_EXTRA_PAPERS))
    _LOADING["file"] = path.name
    try:
        runpy.run_path(str(path), run_name=f"efftheory_user_{path.stem}")
    except (Exception, SystemExit) as exc:      # the file's own failure: undo what it registered
        for table, old in zip((_USER, _EXTRA_PAPERS), before):
            table.clear()
            table.update(old)
        raise InputError(f"{label}{_line_of(exc, path)}: {_one_line(exc)}") from None
    finally:
        _LOADING["file"] = None
    added = [n for n in _USER if _USER[n] is not before[0].get(n)]
    added += [n for k, p in _EXTRA_PAPERS.items() if p is not before[1].get(k) for n in p.theory_names()]
    if not added:
        raise InputError(f"{label}: the file registered no theory (it should call efftheory.register(model))")
    return added


_LOADING = {"file": None}   # the file load_file is running (the source of what it registers)


def _line_of(exc: BaseException, path: Path) -> str:
    """``, line N``: the innermost line of the user's file in the traceback of ``exc``."""
    import traceback
    target = path.resolve()
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).resolve() == target]
    return f", line {lines[-1]}" if lines else ""


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    if isinstance(exc, InputError):
        return text[0] if text else type(exc).__name__
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def load_entry_points() -> None:
    """Register the theories of the entry-point group ``efftheory.theories`` (once).

    Each entry point loads to a Model or a Paper, a list of them, or a callable returning
    one or a list.  One that fails is skipped with an :class:`EntryPointWarning` (one line);
    asking for its name then raises an :class:`~efftheory.errors.InputError` saying why.
    """
    if _ENTRY_POINTS["loaded"]:
        return
    _ENTRY_POINTS["loaded"] = True
    from importlib.metadata import entry_points
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            from .base import Model
            obj = ep.load()
            if callable(obj) and not isinstance(obj, (Model, Paper)):
                obj = obj()
            items = obj if isinstance(obj, (list, tuple)) else [obj]
            if not items:
                raise InputError("it provides no theory")
            for item in items:
                register(item, source=f"entry point {ep.name}")
        except Exception as exc:  # noqa: BLE001 - a broken plug-in must not break the built-in theories
            _BROKEN[ep.name] = f"entry point '{ep.name} = {ep.value}' ({ENTRY_POINT_GROUP}) failed: {_one_line(exc)}"
            warnings.warn(_BROKEN[ep.name] + "; skipped", EntryPointWarning, stacklevel=2)
