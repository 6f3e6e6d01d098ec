"""``two-layer``: Rubin et al.'s adaptive-kernel theory for any two-layer network, derived from
the declared activation and Hermite teacher (:mod:`efftheory.models`); with its defaults
(erf, He1 + eps He3) it is ``rubin-cubic``.

References
----------
N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024, arXiv:2310.03789: eqs. 7-13, Claims I-IV.
"""
from __future__ import annotations

from ...models import two_layer_numeric as num
from ...models.two_layer_derivation import derivation
from ...models.two_layer_symbolic import PARAMETERS, build_theory
from ...symbolic import Domain, Parameter, Role
from ..base import Model, Quantity

__all__ = ["MODEL"]

MODEL = Model(
    name="two-layer",
    description="any activation and Hermite teacher: spinodal, first-order point, onset of unboundedness (d -> oo)",
    parameters=PARAMETERS + (Parameter("q", Role.PARAMETER, Domain.real(), None, "q",
                                       "overlap w.w* at which the action is evaluated"),),
    theory=build_theory,
    derivation=derivation,
    special_points=num.special_points,
    point_kinds=("spinodal", "first_order", "unbounded", "window_edge"),
    quantities=(
        Quantity("gfl", "GFL state (d -> oo) at sigma2: b1, the curvature m = S_hat''(0), u, kappa", num.gfl,
                 requires=("sigma2",)),
        Quantity("action", "S_hat(q) at sigma2 with the GFL fields (-log p(q) = d S_hat(q) + const)",
                 num.action_at, requires=("sigma2", "q")),
    ),
    max_dps=1000,
)
