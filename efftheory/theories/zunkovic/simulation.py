r"""Seeded, vectorised NumPy simulators for the two solvable models of Žunkovič & Ilievski.

These are the independent routes against which the closed forms of
:mod:`.one_d_numeric` and :mod:`.ball_numeric`
are tested.  They work from the *raw* sampled data sets (the class densities and
the loss of the paper), never from the derived formulas:

* :func:`one_d_datasets` — samples of the 1-D exponential model (Sec. 3.1 of the paper);
* :func:`one_d_gradient_descent` — explicit Euler integration of the gradient flow of
  Eq. 4 on each sampled data set, with a proximal (soft-threshold) step for
  :math:`\lambda_1`; detects the first times of zero training and zero test error;
* :func:`ball_points` — uniform points in the unit :math:`D`-ball;
* :func:`ball_stationary` — the exact finite-:math:`N` stationary point
  :math:`w = G^{-1} a` (:math:`\lambda_1 = 0`) or the LASSO stationary point by cyclic
  coordinate descent (:math:`\lambda_1 > 0`), for many data sets at once;
* :func:`ball_grokking_mc` — the grokking indicator of Eq. 25 (+ :math:`w_1 > 0`) on them.

Every function takes a ``numpy.random.Generator`` (or a seed) and returns arrays;
the callers form means and binomial standard errors.

References
----------
B. Žunkovič, E. Ilievski, JMLR 25(199) 2024 (arXiv:2210.15435), Secs. 3.1-3.3, App. A-B.
"""
from __future__ import annotations

import numpy as np

from ...numeric.montecarlo import proportion, sample_mean

__all__ = ["one_d_datasets", "one_d_gradient_descent", "ball_points", "ball_datasets", "ball_stationary",
           "ball_grokking_mc", "binomial", "mean_stderr"]


def _rng(seed) -> np.random.Generator:
    return seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)


def binomial(hits: np.ndarray) -> tuple[float, float]:
    """Fraction of successes and its standard error (from the Wilson interval where no spread
    was observed: :func:`~efftheory.numeric.montecarlo.proportion`)."""
    hits = np.asarray(hits, dtype=bool)
    p, se, _ = proportion(int(hits.sum()), hits.size)
    return p, se


def mean_stderr(values: np.ndarray) -> tuple[float, float]:
    """Sample mean and its standard error (NaN-free input expected)."""
    return sample_mean(values)


# ----------------------------------------------------------------------------- 1-D model
def one_d_datasets(N: int, eps: float, trials: int, seed) -> tuple[np.ndarray, np.ndarray]:
    r"""``trials`` data sets of the 1-D model: inputs ``x`` (trials, 2N) and labels ``y``.

    Positives are :math:`\varepsilon + \mathrm{Exp}(1)`, negatives their mirror image
    (paper Sec. 3.1, :math:`P^\pm`).
    """
    rng = _rng(seed)
    pos = eps + rng.exponential(1.0, size=(trials, N))
    neg = -(eps + rng.exponential(1.0, size=(trials, N)))
    x = np.concatenate([pos, neg], axis=1)
    y = np.concatenate([np.ones(N), -np.ones(N)])
    return x, np.broadcast_to(y, x.shape)


def _one_d_test_error(b: np.ndarray, eps: float) -> np.ndarray:
    """Class-averaged test error of f(x) = sgn(x - b) under the exponential densities."""
    pos = np.where(b > eps, 1.0 - np.exp(-(b - eps)), 0.0)       # P+(x < b)
    neg = np.where(b < -eps, 1.0 - np.exp(-(-eps - b)), 0.0)     # P-(x > b)
    return 0.5 * (pos + neg)


def one_d_gradient_descent(N: int, eps: float, lambda1: float, lambda2: float, *, trials: int, seed,
                           b0: float = 3.0, dt: float = 0.01, t_max: float = 30.0) -> dict:
    r"""Gradient descent on the loss of Eq. 4 for ``trials`` sampled data sets.

    Euler steps of size ``dt`` on the smooth part
    :math:`\frac1{2N}\sum_i\frac12((x^i-b)-y^i)^2 + \frac{\lambda_2}2 b^2` (the gradient
    is computed from the samples themselves), followed by the proximal map of
    :math:`dt\,\lambda_1|b|` (soft thresholding).

    Returns
    -------
    dict
        ``b`` (final biases), ``groks`` (final test error zero), ``t_train`` and
        ``t_test`` (first times of zero training / test error, NaN if never),
        ``valid`` (b(0) above every training input, the paper's assumption).
    """
    x, y = one_d_datasets(N, eps, trials, seed)
    resid = (x - y).mean(axis=1)                 # (1/2N) sum (x_i - y_i); the b-gradient is b - resid
    xmin_pos = x[:, :N].min(axis=1)
    xmax_neg = x[:, N:].max(axis=1)
    b = np.full(trials, float(b0))
    t_train = np.full(trials, np.nan)
    t_test = np.full(trials, np.nan)
    steps = int(round(t_max / dt))
    for k in range(1, steps + 1):
        b = b - dt * ((b - resid) + lambda2 * b)
        b = np.sign(b) * np.maximum(np.abs(b) - dt * lambda1, 0.0)
        t = k * dt
        train_ok = (xmin_pos > b) & (xmax_neg < b)
        test_ok = _one_d_test_error(b, eps) == 0
        t_train = np.where(np.isnan(t_train) & train_ok, t, t_train)
        t_test = np.where(np.isnan(t_test) & test_ok, t, t_test)
    return {"b": b, "groks": _one_d_test_error(b, eps) == 0, "t_train": t_train, "t_test": t_test,
            "valid": b0 > xmin_pos}


# ----------------------------------------------------------------------------- ball model
def ball_points(D: int, size: tuple, rng) -> np.ndarray:
    """Uniform points in the unit D-ball: Gaussian direction times radius U**(1/D)."""
    rng = _rng(rng)
    g = rng.standard_normal(size + (D,))
    g /= np.linalg.norm(g, axis=-1, keepdims=True)
    r = rng.random(size + (1,)) ** (1.0 / D)
    return g * r


def ball_datasets(N: int, D: int, eps: float, trials: int, seed) -> tuple[np.ndarray, np.ndarray]:
    r"""``trials`` data sets: shifted inputs :math:`\tilde x` (trials, 2N, D) and labels (2N,)."""
    rng = _rng(seed)
    x = ball_points(D, (trials, 2 * N), rng)
    y = np.concatenate([np.ones(N), -np.ones(N)])
    xt = x.copy()
    xt[:, :, 0] += eps * y
    return xt, y


def ball_stationary(xt: np.ndarray, y: np.ndarray, lambda1: float, lambda2: float, *, sweeps: int = 400,
                    tol: float = 1e-12) -> np.ndarray:
    r"""The stationary point of the loss of Eq. 19 for each data set.

    :math:`\lambda_1 = 0`: :math:`w = G^{-1}a` with :math:`G = \frac1{2N}\sum\tilde x\tilde x^T + \lambda_2`,
    :math:`a = \frac1{2N}\sum y\tilde x` (least squares via ``lstsq`` when ``G`` is singular).
    :math:`\lambda_1 > 0`: cyclic coordinate descent on
    :math:`\frac12 w^TGw - a^Tw + \lambda_1\|w\|_1` (vectorised over data sets).
    """
    n2 = xt.shape[1]
    G = np.einsum("tni,tnj->tij", xt, xt) / n2 + lambda2 * np.eye(xt.shape[2])
    a = np.einsum("n,tni->ti", y, xt) / n2
    if lambda1 == 0:
        try:
            return np.linalg.solve(G, a[..., None])[..., 0]
        except np.linalg.LinAlgError:
            return np.stack([np.linalg.lstsq(g, v, rcond=None)[0] for g, v in zip(G, a)])
    D = xt.shape[2]
    w = np.zeros(a.shape)
    diag = np.einsum("tii->ti", G)
    for _ in range(sweeps):
        w_old = w.copy()
        for j in range(D):
            rho = a[:, j] - np.einsum("ti,ti->t", G[:, j, :], w) + diag[:, j] * w[:, j]
            w[:, j] = np.sign(rho) * np.maximum(np.abs(rho) - lambda1, 0.0) / diag[:, j]
        if np.max(np.abs(w - w_old)) < tol:
            break
    return w


def ball_grokking_mc(N: int, D: int, eps: float, lambda1: float, lambda2: float, *, trials: int, seed,
                     batch: int = 2000) -> tuple[float, float]:
    r"""Exact finite-N Monte Carlo of the grokking probability of the ball model.

    Success: :math:`w_1 > 0` and :math:`(\varepsilon^2-1)w_1^2 \ge \sum_{j>1} w_j^2` (Eqs. 25, 76),
    i.e. the final hyperplane leaves both unit balls on their correct sides.
    Returns the fraction and its binomial standard error.
    """
    rng = _rng(seed)
    hits = []
    done = 0
    while done < trials:
        n = min(batch, trials - done)
        xt, y = ball_datasets(N, D, eps, n, rng)
        w = ball_stationary(xt, y, lambda1, lambda2)
        w1 = w[:, 0]
        hits.append((w1 > 0) & ((eps**2 - 1) * w1**2 >= np.sum(w[:, 1:] ** 2, axis=1)))
        done += n
    return binomial(np.concatenate(hits))
