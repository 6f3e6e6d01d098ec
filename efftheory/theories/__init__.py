"""The registry: one subpackage per paper, each declaring a :class:`Paper`.

To add a paper, copy ``theories/landau/`` (the template), fill its files and add
its key to :data:`PAPERS` (see ``docs/adding-a-theory.rst``).  Packages are
imported lazily, on first use, so that ``import efftheory`` stays cheap.
"""
from __future__ import annotations

import importlib

from ..errors import UnknownTheoryError
from .paper import Paper

__all__ = ["PAPERS", "Paper", "papers", "get_paper", "names", "get", "all_models"]

#: The papers, in registration order: each is the subpackage ``efftheory.theories.<key>``.
PAPERS = (
    "landau",
    "rubin",
    "zunkovic",
    "liu",
)


def papers() -> list[Paper]:
    """Every registered :class:`Paper`."""
    return [importlib.import_module(f"{__name__}.{key}").PAPER for key in PAPERS]


def get_paper(key: str) -> Paper:
    """The :class:`Paper` registered as ``key``."""
    if key not in PAPERS:
        raise UnknownTheoryError(f"unknown paper '{key}'; known papers: {', '.join(PAPERS)}")
    return importlib.import_module(f"{__name__}.{key}").PAPER


def _index() -> dict:
    return {name: p for p in papers() for name in p.theory_names()}


def names() -> list[str]:
    """The registered theory names, in registration order."""
    return list(_index())


def get(name: str):
    """The :class:`~efftheory.theories.base.Model` registered as ``name``."""
    index = _index()
    if name not in index:
        raise UnknownTheoryError(f"unknown theory '{name}'; known theories: {', '.join(index)}")
    return index[name].model(name)


def all_models():
    return [p.model(n) for p in papers() for n in p.theory_names()]
