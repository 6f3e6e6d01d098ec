"""The scale of the network simulations that claims and figures run: ``"reduced"`` by default (what
``efftheory reproduce`` runs, about a minute), ``"full"`` under ``reproduce --full-simulation``.

A context variable, so a caller chooses the scale for everything it runs without threading an
option through every claim and figure:

>>> from efftheory.theories.simulation import simulation_scale, current_scale
>>> current_scale()
'reduced'
>>> with simulation_scale("full"):
...     current_scale()
'full'
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["SCALES", "current_scale", "simulation_scale"]

SCALES = ("reduced", "full")
_SCALE: ContextVar[str] = ContextVar("efftheory_simulation_scale", default="reduced")


def current_scale() -> str:
    """The scale in force (``reduced`` or ``full``)."""
    return _SCALE.get()


@contextmanager
def simulation_scale(name: str):
    """Run the block with simulations at scale ``name`` (one of :data:`SCALES`)."""
    if name not in SCALES:
        raise ValueError(f"simulation scale {name!r}: one of {', '.join(SCALES)}")
    token = _SCALE.set(name)
    try:
        yield
    finally:
        _SCALE.reset(token)
