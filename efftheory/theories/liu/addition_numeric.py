r"""Numbers of the liu-addition model: the determination curve, r_c and the grokking rate.

The probabilities come from :mod:`.determination` (exact enumeration for small p, Monte
Carlo with exact ranks otherwise); the rate from the spectrum of M_D (:mod:`.dynamics`)
with the Hessian prefactor derived in :mod:`.addition_symbolic`.

References
----------
Liu et al. 2022, §3 (H, grokking rate), v1 Fig. 4a (r_c = 0.4); theory note §7.
"""
from __future__ import annotations

from functools import lru_cache

import mpmath

from ...numeric import to_mpf
from . import combinatorics as comb
from . import determination as det
from . import dynamics as dyn

__all__ = ["EXACT_MAX_P", "monte_carlo_curve", "critical_fraction", "grokking_rate"]

EXACT_MAX_P = 7
"""Largest p for which the probabilities are computed by exact enumeration."""


def monte_carlo_curve(p: int, *, trials: int, seed: int):
    """Monte-Carlo curve: counts k_n of determining training sets among ``trials`` coupled draws, n = 0..|D0|.

    Memoised (read-only array): the r_c claim and the Fig. 4a figure use the same draws (issue 13)."""
    return _monte_carlo_curve(int(p), int(trials), int(seed))


@lru_cache(maxsize=16)
def _monte_carlo_curve(p: int, trials: int, seed: int):
    first = det.first_determining_sizes(p, trials, seed)
    curve = det.curve_from_first_sizes(first, len(comb.samples(p)))
    if hasattr(curve, "setflags"):
        curve.setflags(write=False)
    return curve


def critical_fraction(p: int, *, trials: int, seed: int):
    """(r_c, n_star, sigma) for p: exact (Fraction, sigma 0) for p <= EXACT_MAX_P, else Monte Carlo.

    References
    ----------
    Liu et al. 2022, v1 Fig. 4a (the 50 % point of the determination curve).
    """
    N0 = len(comb.samples(p))
    if p <= EXACT_MAX_P:
        r, n_star, _ = det.critical_fraction_from_curve(det.determining_probabilities(p), N0)
        return r, n_star, 0.0
    k = monte_carlo_curve(p, trials=trials, seed=seed)
    P = [int(v) / trials for v in k]
    return det.critical_fraction_from_curve(P, N0, trials=trials)


def grokking_rate(params, D, dps):
    """lambda3 (and mu3, n_h, dof, ...) of a training set D at working precision ``dps``.

    H = (2 w / (N_D Z0)) M_D (x) I_d with Z0 = (p-1)d (unbiased) or pd (population);
    lambda3 = 2 w mu3 / (N_D Z0) is its third-smallest eigenvalue per coordinate
    (zero exactly when dim ker A_D > 2, decided by exact rank); n_h = 1/(eta lambda3).

    References
    ----------
    Liu et al. 2022, §3 (v2); theory note §7.4.
    """
    p, d = int(params["p"]), int(params["d"])
    Duse = None if params["summation"] == "all" else D
    M = comb.gram_matrix(p, Duse)
    N_D = len(comb.parallelograms(p)) if Duse is None else len(comb.training_parallelograms(p, D))
    dof = comb.nullity(p, Duse)
    Z0 = (p - 1) * d if params["std"] == "unbiased" else p * d
    w = 1 if params["normalization"] == "paper" else N_D
    with mpmath.workdps(dps):
        ev = dyn.spectrum(M, dof, dps)
        mu3 = ev[2]
        scale = mpmath.mpf(2 * w) / (N_D * Z0) if N_D else mpmath.mpf(0)
        lam3 = scale * mu3
        out = {"lambda3": lam3, "mu3": mu3, "dof": int(dof), "parallelograms_in_D": int(N_D),
               "gap_mu": ev[dof] if dof < p else mpmath.mpf(0)}
        if lam3 > 0:
            out["n_h"] = 1 / (to_mpf(params["eta"], dps) * lam3)
        return out
