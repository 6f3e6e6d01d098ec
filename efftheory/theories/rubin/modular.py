r"""``rubin-modular``: Rubin, Seroussi & Ringel, model B (modular addition, quadratic student).

The per-mode action :math:`\mathcal S_k/P = \tfrac12(\Phi+\Psi) - A\,\Phi\Psi + \tfrac{\gamma}{6}(\Phi^3+\Psi^3)`
is derived in :mod:`.modular_symbolic` (brute-force checked on the explicit small-:math:`P` table of
:mod:`.modular_small_p`); its phases GFL -> GMFL-I -> GMFL-II are evaluated in :mod:`.modular_numeric`.

References
----------
N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024, arXiv:2310.03789: §2.2, §3.2, Fig. 3, App. B.
"""
from __future__ import annotations

from ..base import Model, Quantity
from . import modular_numeric as num
from .modular_symbolic import PARAMETERS, build_theory, derivation

__all__ = ["MODEL"]

MODEL = Model(
    name="rubin-modular",
    description="modular addition with a quadratic student: GFL -> GMFL-I -> GMFL-II as sigma^2 decreases",
    parameters=PARAMETERS,
    theory=build_theory,
    derivation=derivation,
    special_points=num.special_points,
    point_kinds=("spinodal", "gmfl1_onset", "gmfl2_onset"),
    quantities=(
        Quantity("a", "finite-P self-consistent |a| at sigma2 (two-point saddle mixture, App. eqs. 38-42), with the "
                 "occupation rho, u, A = u a^2, the saddle phi and lambda", num.discrepancy, requires=("sigma2",),
                 max_dps=2000),                          # bracketed root: ~9 s at 2000 digits, > 25 s at 10^4
        Quantity("a_limit", "|a|, occupation rho and phase at sigma2 for P -> infinity (piecewise closed form)",
                 num.discrepancy_limit, requires=("sigma2",),
                 max_dps=3000),                          # ~3 s at 2000 digits, > 25 s at 10^4
        Quantity("kinks", "one-sided slopes of |a| and rho at the GMFL-I and GMFL-II onsets and the exponents (1)",
                 num.kinks),
    ),
    phase_quantity="a_limit",
)
