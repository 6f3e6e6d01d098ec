"""Phase diagrams at scale: grids over one or more parameters on Dask, resumable, with transition
lines traced by continuation and a plot (the ``efftheory diagram`` subcommand).

:mod:`.grid` parses the axes into exact values, :mod:`.engine` computes the cells (Dask or serial),
:mod:`.store` writes them as they arrive and resumes, :mod:`.lines` traces the transition lines,
:mod:`.plot` draws the picture and :mod:`.run` ties them together (:func:`diagram`).
"""
from .grid import Axis, Grid, exact_text, parse_axis
from .lines import Line, trace_line

__all__ = ["Axis", "Grid", "Line", "exact_text", "parse_axis", "trace_line"]
