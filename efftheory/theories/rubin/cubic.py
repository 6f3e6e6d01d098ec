r"""``rubin-cubic``: Rubin, Seroussi & Ringel, model A (erf student, cubic teacher).

A two-layer erf network learning ``y = H1 + eps H3`` is, in the mean-field /
equivalent-kernel scaling limit, described by the scalar action of the overlap
``q = w.w*`` (paper Eq. 13)

.. math:: \hat S(q) = \frac{q^2}{2\sigma_w^2} - \frac{2u}{\pi}\frac{q^2}{D}\Big(b - \frac{2cq^2}{D}\Big)^2,
          \qquad D = 1 + 2(\sigma_w^2 + q^2),

with the discrepancy coefficients ``(b, c)`` fixed self-consistently.  Everything is
derived in :mod:`.cubic_symbolic`; the derived equations are solved in
:mod:`.cubic_numeric` (GFL, spinodal, first-order point, NNGP), :mod:`.cubic_mixed`
(GMFL-I), :mod:`.cubic_wells` (side wells), :mod:`.cubic_finite_d` and :mod:`.cubic_phase_diagram` (``u_c(kappa)``).

References
----------
N. Rubin, I. Seroussi, Z. Ringel, ICLR 2024, arXiv:2310.03789: eqs. 1, 2, 7-13, Claims I-IV,
Fig. 2, Table 1, App. A.1-A.4, App. C.
"""
from __future__ import annotations

from functools import wraps

from ...errors import NotBuiltError
from ..base import Model, Quantity
from . import cubic_numeric as num
from .cubic_finite_d import finite_d
from .cubic_mixed import learned_components, mixed_phase, onset_slopes
from .cubic_phase_diagram import u_c
from .cubic_width import critical_width
from .cubic_saddle import build_theory, derivation
from .cubic_symbolic import PARAMETERS
from .cubic_wells import side_well

__all__ = ["MODEL"]


def _eq13(name, compute):
    """A quantity solved on Eq. 13 (``|w_perp|^2`` concentrated): refused with ``perp = saddle``, never answered
    for the other action.  ``gfl`` and ``nngp`` are the same for both (derivation step "GFL unchanged")."""
    @wraps(compute)
    def guarded(params, dps, **kw):
        if params.get("perp") == "saddle":
            raise NotBuiltError(f"perp = saddle: '{name}' is solved on Eq. 13 (perp = concentrated) only; with "
                                f"perp = saddle use solve (spinodal, first-order point), gfl or nngp")
        return compute(params, dps, **kw)
    return guarded


MODEL = Model(
    name="rubin-cubic",
    description="erf student learning a cubic teacher: GFL -> GMFL-I first-order transition (Eq. 13)",
    parameters=PARAMETERS,
    theory=build_theory,
    derivation=derivation,
    special_points=num.special_points,
    point_kinds=("spinodal", "first_order"),
    quantities=(
        Quantity("gfl", "GFL state (d -> oo) at sigma2: b, c = eps, u, kappa, m = S''(0), d<q^2> = 1/m",
                 num.gfl_state, requires=("sigma2",)),
        Quantity("mixed_phase", "GMFL-I state (d -> oo) at sigma2 < sigma2_c: b, c, q = q*, r = rho d",
                 _eq13("mixed_phase", mixed_phase), requires=("sigma2",)),
        Quantity("learned_components", "equilibrium (d -> oo) learned components 1-b, eps-c, (eps-c)/eps at sigma2 "
                 "(Fig. 2c)", _eq13("learned_components", learned_components), requires=("sigma2",)),
        Quantity("finite_d", "finite-d (b, c) by quadrature of exp(-d sqrt(beta) S_hat) at sigma2 (note §4.9)",
                 _eq13("finite_d", finite_d), requires=("sigma2",)),
        Quantity("u_c", "first-order u_c, q*, b at a given kappa (phase diagram u_c(kappa, eps))", _eq13("u_c", u_c),
                 requires=("kappa",)),
        Quantity("critical_width", "App. D: the width N_c at which u = u_c(kappa, eps) at fixed n, d, sigma2, "
                 "sigma_a2 (u ~ 1/N; N > N_c is GFL)", _eq13("critical_width", critical_width), requires=("sigma2",)),
        Quantity("side_well", "deepest side minimum q > 0, S_hat(q), S_hat''(q) with the d -> oo (b, c) at sigma2: "
                 "metastable (GFL) or degenerate (GMFL-I) (Fig. 2a/b)", _eq13("side_well", side_well),
                 requires=("sigma2",)),
        Quantity("onset_slopes", "GMFL-I onset: dr/dsigma2, dc/dsigma2, ... at the first-order point (exponent 1)",
                 _eq13("onset_slopes", onset_slopes)),
        Quantity("spinodal_exponent", "exponent gamma of |q* - q_sp| ~ |sigma2 - sigma2_sp|^gamma as the side "
                 "wells appear (1/2: a fold)", _eq13("spinodal_exponent", num.spinodal_exponent)),
        Quantity("nngp", "NNGP (u = 0) cubic eigenvalue, samples to half-learn it, d-exponent, harmonic count",
                 num.nngp, requires=("sigma2",)),
    ),
    phase_quantity="learned_components",
)
