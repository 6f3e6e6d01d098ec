"""``landau-sextic``: the registered model of the Landau sextic (quantities and special points)."""
from __future__ import annotations

from ..base import Model, Quantity
from . import sextic_numeric as num
from .sextic_symbolic import PARAMETERS, build_theory, derivation

__all__ = ["MODEL"]

MODEL = Model(
    name="landau-sextic",
    description="the simplest first-order transition: spinodals a = 0, 1/3 and first-order point a = 1/4",
    parameters=PARAMETERS[:1],
    theory=build_theory,
    derivation=derivation,
    special_points=num.special_points,
    point_kinds=("spinodal", "first_order"),
    quantities=(
        Quantity("phase", "the phase (global minimum at m = 0 or not), m >= 0 and f(m) at a given a", num.minimum,
                 requires=("a",)),
        Quantity("spinodal_exponent", "exponent of |m - m_s| ~ |a - a_s|^gamma on the metastable branch (1/2)",
                 num.spinodal_exponent),
    ),
    phase_quantity="phase",
)
