"""A paper in the registry: its citation (written once), its models, and the
modules that hold its claims and figures.

A paper is a subpackage of :mod:`efftheory.theories` whose ``__init__.py``
declares ``PAPER = Paper(...)``.  Its models never import their claims or
figures: :meth:`Paper.model` attaches them, so the data flows one way
(model -> claims -> figures -> report).
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field, replace
from typing import Mapping

__all__ = ["Paper"]


@dataclass(frozen=True)
class Paper:
    """One paper and the theories efftheory derives from it.

    Parameters
    ----------
    key : str
        Short key, also the subpackage name (``rubin``); ``efftheory reproduce KEY`` runs its claims.
    citation : str
        The citation, written once (``Rubin, Seroussi & Ringel, ICLR 2024``).
    short : str
        The citation in claims and tables (``Rubin et al. 2024``).
    package : str
        The subpackage (``__name__`` of the paper's ``__init__.py``).
    models : mapping theory name -> module
        Each registered theory and the module (relative to ``package``) whose ``MODEL`` it is.
    arxiv : str or None
        arXiv identifier.
    labels : mapping theory name -> str
        How the paper calls each model (``model A``), appended to the citation.
    claims, figures : str or None
        Modules (relative to ``package``) holding ``CLAIMS`` and ``FIGURES``: mappings from
        theory name to ``claims()`` -> tuple of :class:`~efftheory.claims.Claim` and to
        ``figures(outdir, quick)`` -> list of written paths.
    """

    key: str
    citation: str
    short: str
    package: str
    models: Mapping[str, str]
    arxiv: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)
    claims: str | None = "claims"
    figures: str | None = None

    @property
    def reference(self) -> str:
        """The citation with its arXiv identifier (``... (arXiv:2310.03789)``)."""
        return self.citation + (f" (arXiv:{self.arxiv})" if self.arxiv else "")

    def theory_names(self) -> tuple[str, ...]:
        return tuple(self.models)

    def model(self, name: str):
        """The registered :class:`~efftheory.theories.base.Model` ``name``, with its citation,
        claims and figures attached."""
        key = (self.package, name)
        if key not in _MODELS:
            bare = importlib.import_module(f"{self.package}.{self.models[name]}").MODEL
            label = self.labels.get(name)
            _MODELS[key] = replace(bare, paper=self.reference + (f", {label}" if label else ""),
                                   claims=self._claims_of(name), figures=self._figures_of(name))
        return _MODELS[key]

    def _table(self, module: str, table: str):
        """``module.table`` of this paper, imported when first needed."""
        return getattr(importlib.import_module(f"{self.package}.{module}"), table)

    def _claims_of(self, name):
        """``claims()`` of model ``name``: its entry of the paper's ``CLAIMS``, loaded when first run."""
        if self.claims is None:
            return lambda: ()
        return lambda: (self._table(self.claims, "CLAIMS").get(name) or (lambda: ()))()

    def _figures_of(self, name):
        """``figures(outdir, quick)`` of model ``name``, or None if the paper has no figures module."""
        if self.figures is None:
            return None
        return _LazyFigures(lambda: self._table(self.figures, "FIGURES").get(name))


class _LazyFigures:
    """``figures(outdir, quick)`` of a model, imported when first called."""

    def __init__(self, load):
        self._load = load

    def __call__(self, outdir, quick):
        make = self._load()
        return [] if make is None else make(outdir, quick)

    def __repr__(self) -> str:
        return "<figures>"


_MODELS: dict = {}
