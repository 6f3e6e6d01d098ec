r"""App. D's width-driven transition of ``rubin-cubic``: the critical width ``N_c``.

At fixed ``(n, d, sigma2, sigma_a2)`` the invariant ``u = n^2 sigma_a^2/(sigma^4 d N)`` is ``1/N`` times a
constant and ``kappa = n sigma_a^2/(d sigma^2)`` does not involve ``N``, so the GFL -> GMFL-I transition
happens at ``N_c = n^2 sigma_a^2/(sigma^4 d u_c(kappa))``, with ``u_c(kappa, eps)`` the first-order point of
the phase diagram (:mod:`.cubic_phase_diagram`).

References
----------
Rubin et al. (ICLR 2024) App. D (widths 2800, 1400, 700), App. eq. 44; theory note §4.10 and §8 D4.
"""
from __future__ import annotations

import mpmath
import sympy as sp

from .cubic_numeric import variant
from .cubic_phase_diagram import first_order_at_kappa

__all__ = ["critical_width"]



def critical_width(params, dps):
    r"""App. D's critical width: the ``N_c`` at which ``u`` reaches ``u_c(kappa, eps)`` at fixed ``n, d, sigma2,
    sigma_a2`` (the width drives the transition; wider is GFL, narrower GMFL-I).

    ``kappa = n sigma_a^2/(d sigma^2)`` is exact (it does not involve ``N``); ``u_c`` is the first-order
    point at that ``kappa`` (:func:`first_order_at_kappa`), and
    :math:`N_c = n^2\sigma_a^2/(\sigma^4 d\,u_c)`.  The parameter ``N`` is not used.

    References
    ----------
    Rubin et al. (ICLR 2024) App. D (n = 600, d = 150, eps = -1.2, sigma^2 = 0.05, sigma_a^2 = 0.011:
    N = 2800 "before", 1400 "shortly after", 700 "inside GMFL-I"); theory note §8 D4.

    Examples
    --------
    >>> from efftheory import theory
    >>> app_d = {"n": 600, "d": 150, "eps": "-1.2", "sigma2": "0.05", "sigma_a2": "0.011"}
    >>> theory("rubin-cubic").evaluate("critical_width", app_d, dps=15).values["N_c"]   # doctest: +ELLIPSIS
    mpf('2540.971910205...')
    """
    n, d, s2, sa = (sp.Rational(params[k]) for k in ("n", "d", "sigma2", "sigma_a2"))
    kappa = n * sa / (d * s2)
    fo = first_order_at_kappa(kappa, params["sigma_w2"], params["eps"], dps, variant=variant(params))
    with mpmath.workdps(dps):
        scale = mpmath.mpf((n**2 * sa / (s2**2 * d)).p) / (n**2 * sa / (s2**2 * d)).q      # u N, exact
        return {"N_c": scale / fo["u_c"], "u_c": fo["u_c"], "u_times_N": scale,
                "kappa": mpmath.mpf(kappa.p) / kappa.q, "q": fo["q"], "b": fo["b"]}
