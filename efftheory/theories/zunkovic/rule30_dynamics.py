r"""Žunkovič & Ilievski: training trajectories of ``B`` for fixed attention (§4.3.1, Figs. 13, 15, 17).

For a fixed attention tensor ``A`` the student is the perceptron :math:`\hat y = z\cdot B` on the TN
features (Eqs. 66-67).  ``B`` follows the gradient flow of the loss of Eq. 2 (mean squared error over
the training windows, :math:`+\lambda_1\|B\|_1 + \frac{\lambda_2}2\|B\|^2`) from :math:`B(0)` with
i.i.d. :math:`\mathcal N(0,1)` entries:

* :math:`\lambda_1 = 0`: exactly, :math:`B(t) = B^* + e^{-Gt}(B(0) - B^*)` in the eigenbasis of ``G``
  (zero modes of a singular ``G`` stay at :math:`B(0)`);
* :math:`\lambda_1 > 0`: explicit proximal-gradient (ISTA) steps of size ``dt``.

The test error is the fraction of misclassified windows of long random strings (the paper's code: random
strings, every position); :func:`trajectory_times` finds :math:`t_{\rm train}` and :math:`t_\varepsilon`
(first times of zero training and zero test error, bisection on a time grid), so
:math:`t_G = t_\varepsilon - t_{\rm train}` (§2).

**Error normalisation.** The paper's fixed-attention plots (Figs. 13, 15) show
:math:`E = \langle|y - \operatorname{sgn}\hat y|\rangle`, twice the misclassified fraction: it starts near 1
for a random ``B`` (Fig. 13's vector data start at 0.99), and one of the 8 equally likely
neighbourhoods flipping changes it by :math:`2/8 = 1/4`.  :func:`error_curves` returns the
misclassified fraction; ``scale="paper"`` doubles it.

References
----------
B. Žunkovič, E. Ilievski, JMLR 25(199) (2024), §2 (Eq. 2), Eqs. 19-21, 66-67, §4.3.1, Figs. 13, 15, 17.
"""
from __future__ import annotations

import numpy as np

from ...errors import ParameterDomainError
from .rule30_automaton import _choice, _nonneg_int, random_inputs, rule_labels
from .rule30_network import _leading_eigvecs, _levels, feature_map
from .rule30_training import _strength, _training_problem

__all__ = ["training_problem", "training_windows", "test_windows", "flow", "error_curves", "unique_windows", "trajectory_times"]


def training_problem(A, *, lambda2=0, train_length: int = 3):
    """``(G, a)`` of the loss of ``B`` over every position of all strings of length ``train_length`` (one tensor)."""
    A = np.asarray(A, dtype=float)[None]
    vL, vR, _, ok = _leading_eigvecs(A[:, 0])
    if not ok[0]:
        raise ParameterDomainError("the leading eigenvalue of A_0 is not real and unique in modulus: open-boundary "
                                   "vectors undefined")
    M = _nonneg_int(train_length, "train_length", 1)
    left, right, scale = _levels(A, vL, vR, M - 1, "context")
    G, a, _ = _training_problem(left, right, scale, M, _strength(lambda2, "lambda2"), "context")
    return G[0], a[0]


def training_windows(A, *, train_length: int = 3, steps: int = 1):
    """Features ``Z`` (n, 2d^2) and labels ``y`` of every position of all strings of length ``train_length``."""
    from .rule30_automaton import all_inputs
    x = all_inputs(train_length)
    Z = feature_map(x, A).reshape(-1, 2 * np.asarray(A).shape[1] ** 2)
    y = rule_labels(x, steps=steps).reshape(-1).astype(float)
    return Z, y


def test_windows(A, *, strings: int = 200, length: int = 200, seed: int = 0, steps: int = 1, padding: str = "light-cone"):
    """Features and labels of every position of ``strings`` random strings of length ``length`` (the test set)."""
    x = random_inputs(length, strings, seed=seed)
    Z = feature_map(x, A).reshape(-1, 2 * np.asarray(A).shape[1] ** 2)
    y = rule_labels(x, steps=steps, padding=padding).reshape(-1).astype(float)
    return Z, y


def _spectrum(G, a):
    lam, V = np.linalg.eigh(G)
    live = lam > 1e-12 * max(lam.max(), 1.0)
    alpha = V.T @ a
    star = np.where(live, alpha / np.where(live, lam, 1.0), 0.0)
    return lam, V, live, alpha, star


def flow(G, a, B0, times, *, lambda1=0, dt: float = 1e-3, spectrum=None):
    r""":math:`B(t)` at ``times`` (sorted, >= 0) for every row of ``B0`` (runs, D): shape (runs, len(times), D)."""
    times = np.asarray(times, dtype=float)
    B0 = np.atleast_2d(np.asarray(B0, dtype=float))
    l1 = _strength(lambda1, "lambda1")
    if l1 == 0:
        lam, V, live, alpha, star = spectrum if spectrum is not None else _spectrum(G, a)
        c0 = B0 @ V
        decay = np.exp(-np.outer(times, np.where(live, lam, 0.0)))            # (T, D)
        c = star[None, None, :] + (c0[:, None, :] - star[None, None, :]) * decay[None]
        c = np.where(live[None, None, :], c, c0[:, None, :] + np.outer(times, np.where(live, 0.0, alpha))[None])
        return c @ V.T
    out = np.empty((B0.shape[0], len(times), B0.shape[1]))
    B, t, k = B0.copy(), 0.0, 0
    while k < len(times):
        while t + dt <= times[k] + 1e-12:
            B = B - dt * (B @ G - a)
            B = np.sign(B) * np.maximum(np.abs(B) - dt * l1, 0.0)
            t += dt
        out[:, k] = B
        k += 1
    return out


def error_curves(Z, y, Bt, *, scale: str = "fraction", weights=None):
    """Misclassified fraction of the windows (Z, y) (optionally weighted) for each B in Bt (..., D).

    ``scale="paper"`` doubles it (see the module docstring)."""
    _choice(scale, "scale", ("fraction", "paper"))
    wrong = ((np.asarray(Bt) @ Z.T) * y <= 0)
    frac = wrong.mean(axis=-1) if weights is None else wrong @ (np.asarray(weights) / np.sum(weights))
    return 2 * frac if scale == "paper" else frac


def unique_windows(Z, y, *, decimals: int = 12):
    """Distinct windows of (Z, y) and their counts (exact attention has only 8)."""
    key = np.concatenate([np.round(Z, decimals), y[:, None]], axis=1)
    uniq, idx, counts = np.unique(key, axis=0, return_index=True, return_counts=True)
    return Z[idx], y[idx], counts


def trajectory_times(G, a, B0, Ztr, ytr, Zte, yte, *, lambda1=0, t_max: float = 50.0, grid: int = 400,
                     dt: float = 1e-3, refine: int = 30, test_weights=None):
    r"""First times of zero training error and zero test error of each run, and :math:`t_G` (NaN where not reached).

    A geometric grid on ``(0, t_max]`` locates the first zero; bisection refines it (``lambda1 = 0``; with
    ``lambda1 > 0`` the Euler grid of step ``dt`` is the resolution).
    """
    runs = np.atleast_2d(B0).shape[0]
    ts = np.concatenate([[0.0], np.geomspace(1e-4, t_max, grid)]) if lambda1 == 0 else \
        np.arange(0.0, t_max + dt / 2, dt)
    spec = _spectrum(G, a) if lambda1 == 0 else None
    Bt = flow(G, a, B0, ts, lambda1=lambda1, dt=dt, spectrum=spec)
    out = {}
    for name, Z, y in (("t_train", Ztr, ytr), ("t_eps", Zte, yte)):
        t = np.full(runs, np.nan)
        chunk = max(1, 2 * 10**6 // max(len(y), 1))
        stride = 1 if lambda1 == 0 else 25
        for r in range(runs):
            k = -1
            coarse = np.arange(0, len(ts), stride)
            for lo in range(0, len(coarse), chunk):             # zero error does not depend on positive weights
                ok = error_curves(Z, y, Bt[r, coarse[lo:lo + chunk]]) == 0
                if ok.any():
                    k = int(coarse[lo + int(ok.argmax())])
                    break
            if k > 0 and stride > 1:                            # the first zero on the fine grid before it
                fine = np.arange(max(k - stride + 1, 0), k + 1)
                ok = error_curves(Z, y, Bt[r, fine]) == 0
                k = int(fine[int(ok.argmax())])
            if k < 0:
                continue
            if k == 0 or lambda1 != 0:
                t[r] = ts[k]
                continue
            lo_t, hi_t = ts[k - 1], ts[k]
            for _ in range(refine):
                mid = (lo_t + hi_t) / 2
                bad = error_curves(Z, y, flow(G, a, B0[r:r + 1], [mid], spectrum=spec)[0, 0]) > 0
                lo_t, hi_t = (mid, hi_t) if bad else (lo_t, mid)
            t[r] = hi_t
        out[name] = t
    out["t_G"] = out["t_eps"] - out["t_train"]
    return out
