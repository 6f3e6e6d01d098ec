"""What the reference problem states, with the recipes that recompute it."""
from __future__ import annotations

import sympy as sp

from ...claims import Claim
from . import PAPER
from .sextic import MODEL

__all__ = ["CLAIMS"]

_SOURCE = "exact closed form (derivation record)"


def _point(kind, index, key):
    def compute(dps):
        pts = [p for p in MODEL.solve(dps=dps).points if p.kind == kind]
        return {"value": pts[index].values[key], **pts[index].values}
    return compute


def _origin_unstable(dps):
    value = _point("spinodal", 0, "a")(dps)["value"]
    return {"value": value, "holds": value == 0}


def sextic_claims():
    return (
        Claim("landau-sextic/first-order", "landau-sextic", PAPER.short, "f = a m^2 - m^4 + m^6",
              "the first-order point is a = 1/4 with m^2 = 1/2", _point("first_order", 0, "a"), sp.Rational(1, 4),
              sp.Rational(1, 10**15), source=_SOURCE, printed="1/4"),
        Claim("landau-sextic/spinodal-wells", "landau-sextic", PAPER.short, "f' = f'' = 0",
              "the ordered wells appear at the spinodal a = 1/3", _point("spinodal", 1, "a"), sp.Rational(1, 3),
              sp.Rational(1, 10**15), source=_SOURCE, printed="1/3"),
        Claim("landau-sextic/spinodal-origin", "landau-sextic", PAPER.short, "f''(0) = 0",
              "the origin becomes unstable at a = 0", _origin_unstable, None, source=_SOURCE),
    )


CLAIMS = {"landau-sextic": sextic_claims}
