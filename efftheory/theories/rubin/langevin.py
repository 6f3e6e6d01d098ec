r"""Langevin sampling of model A's posterior: an ensemble of two-layer erf networks, in NumPy.

The network (paper eqs. 1-2) is ``f(x) = sum_i a_i erf(w_i . x)`` with priors
``a_i ~ N(0, sigma_a^2/N)`` and ``w_i ~ N(0, sigma_w^2/d I_d)``, learning
``y = He1(w*.x) + eps He3(w*.x)`` from ``n`` Gaussian inputs.  Its equilibrium is the
posterior of §2.3 of the theory note (the package's derivation step 2; the paper's Eq. 6 noise
``2 sigma xi`` is a typo for ``sqrt(2) sigma xi``):

.. math:: p(a, W \mid \mathcal D) \propto
          \exp\Big[-\frac{1}{2\sigma^2}\sum_\mu (f(x_\mu) - y_\mu)^2\Big]
          \prod_i \mathcal N(a_i; 0, \sigma_a^2/N)\,\mathcal N(w_i; 0, \sigma_w^2/d\, I_d).

Given ``W`` the read-out ``a`` is Gaussian (Bayesian linear regression on the features
``Phi = erf(X W)``), so it is integrated out exactly and the Langevin dynamics runs on ``W``
alone, whose marginal posterior is ``exp(-U(W))`` times the prior with

.. math:: U(W) = \frac{y^Ty}{2\sigma^2} - \frac12 \beta^T A^{-1}\beta + \frac12\log\det A,\qquad
          A = \frac{N}{\sigma_a^2} I_N + \frac{\Phi^T\Phi}{\sigma^2},\quad \beta = \frac{\Phi^T y}{\sigma^2}

(Woodbury; constants dropped).  ``a | W ~ N(A^{-1} beta, A^{-1})`` is then drawn or averaged exactly
(Rao-Blackwell).  In whitened coordinates ``W = sqrt(sigma_w^2/d) Z`` the prior is ``N(0, I)`` and the
Langevin SDE ``dZ = -(Z + grad U) dt + sqrt(2) dB`` (the paper's dynamics with the per-layer decays,
preconditioned by the prior covariance: the same equilibrium) is stepped with its linear part
exact, ``Z' = e^{-h} Z - (1 - e^{-h}) grad U(Z) + sqrt(1 - e^{-2h}) xi``, and, by default, a
Metropolis-Hastings accept/reject per network (Metropolis-adjusted Langevin), so the chain's
equilibrium is the posterior exactly, whatever the step ``h``.

References
----------
Rubin et al. (ICLR 2024) eqs. 1, 2, 6, §2.3, App. C; theory note §2.1, §2.3, §7 item 4.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import erf

__all__ = ["NetworkSpec", "Data", "draw_data", "potential", "langevin_step", "sample", "projections",
           "population_test_loss"]

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)


@dataclass(frozen=True)
class NetworkSpec:
    """Sizes and hyper-parameters of model A (floats; the exact rationals live in the theory).

    ``sigma_a2`` is the total read-out variance (each ``a_i`` has ``sigma_a2 / N``), ``sigma2`` the
    noise / temperature of the posterior.
    """

    N: int
    d: int
    n: int
    sigma_w2: float
    sigma_a2: float
    eps: float
    sigma2: float


@dataclass(frozen=True)
class Data:
    """One training set per network: inputs ``X`` (K, n, d), unit teachers ``wstar`` (K, d), targets ``y`` (K, n)."""

    X: np.ndarray
    wstar: np.ndarray
    y: np.ndarray


def teacher(z, eps):
    """``He1(z) + eps He3(z) = z + eps (z^3 - 3 z)`` (paper eq. 1)."""
    return z + eps * (z ** 3 - 3 * z)


def draw_data(rng: np.random.Generator, spec: NetworkSpec, networks: int) -> Data:
    """Independent Gaussian inputs and a uniformly random unit teacher direction for each network."""
    X = rng.standard_normal((networks, spec.n, spec.d))
    ws = rng.standard_normal((networks, spec.d))
    ws /= np.linalg.norm(ws, axis=1, keepdims=True)
    z = (X @ ws[:, :, None])[:, :, 0]
    return Data(X, ws, teacher(z, spec.eps))


def potential(Z, data: Data, spec: NetworkSpec, *, grad=True):
    """``U(W)`` of every network (K,), its gradient in the whitened ``Z`` (K, d, N) and the read-out posterior.

    Returns ``(U, dU, mean_a, cov_a, features)`` where ``mean_a`` (K, N) and ``cov_a`` (K, N, N)
    are the mean and covariance of ``a | W`` and ``features = erf(X W)`` (K, n, N).
    """
    s2 = spec.sigma2
    scale = math.sqrt(spec.sigma_w2 / spec.d)
    H = data.X @ (scale * Z)                                 # (K, n, N) pre-activations
    F = erf(H)
    Ft = np.swapaxes(F, 1, 2)
    A = (Ft @ F) / s2
    A[:, np.arange(spec.N), np.arange(spec.N)] += spec.N / spec.sigma_a2
    L = np.linalg.cholesky(A)
    beta = (Ft @ data.y[:, :, None])[:, :, 0] / s2
    Ainv = np.linalg.inv(A)
    mu = (Ainv @ beta[:, :, None])[:, :, 0]
    logdet = 2 * np.log(np.diagonal(L, axis1=1, axis2=2)).sum(axis=1)
    U = 0.5 * ((data.y * data.y).sum(axis=1) / s2 - (beta * mu).sum(axis=1) + logdet)
    if not grad:
        return U, None, mu, Ainv, F
    resid = data.y - (F @ mu[:, :, None])[:, :, 0]
    G = (-resid[:, :, None] * mu[:, None, :] + F @ Ainv) / s2     # dU/dF (K, n, N)
    G *= _TWO_OVER_SQRT_PI * np.exp(-H * H)                      # chain rule through erf
    dU = scale * (np.swapaxes(data.X, 1, 2) @ G)                  # (K, d, N)
    return U, dU, mu, Ainv, F


def projections(q, norm2):
    """``E[erf(w.x) He1(z)]`` and ``E[erf(w.x) He3(z)]`` over Gaussian ``x`` (note §4.2; ``z = w*.x``)."""
    D = 1 + 2 * norm2
    return _TWO_OVER_SQRT_PI * q / np.sqrt(D), -2 * _TWO_OVER_SQRT_PI * q ** 3 / D ** 1.5


def population_test_loss(W, q, mu, Ainv, eps):
    """Population test loss ``E_x E_{a|W} (f(x) - y(x))^2`` of each network (closed form, no test sample).

    Uses the arcsine kernel ``E[erf(w.x) erf(v.x)] = (2/pi) asin(2 w.v / sqrt((1+2|w|^2)(1+2|v|^2)))``
    (note §4.2) and ``E[y^2] = 1 + 6 eps^2``.
    """
    G = np.swapaxes(W, 1, 2) @ W                                     # (K, N, N) w_i . w_j
    D = 1 + 2 * np.diagonal(G, axis1=1, axis2=2)
    Kx = (2 / math.pi) * np.arcsin(np.clip(2 * G / np.sqrt(D[:, :, None] * D[:, None, :]), -1, 1))
    p1, p3 = projections(q, np.diagonal(G, axis1=1, axis2=2))
    v = p1 + eps * p3
    quad = np.einsum("ki,kij,kj->k", mu, Kx, mu) + np.einsum("kij,kji->k", Kx, Ainv)
    return quad - 2 * np.einsum("ki,ki->k", mu, v) + 1 + 6 * eps * eps


def _log_q(to, frm, grad_frm, h):
    """Log density (up to a constant) of the proposal ``to | frm`` of the exponential-Euler step."""
    e = math.exp(-h)
    m = e * frm - (1 - e) * grad_frm
    return -((to - m) ** 2).sum(axis=tuple(range(1, to.ndim))) / (2 * (1 - e * e))


def langevin_step(Z, state, potential_fn, h, rng, *, metropolis=True):
    """One exponential-Euler Langevin step of ``K`` chains for the target ``exp(-|Z|^2/2 - U(Z))``.

    ``state = potential_fn(Z)`` is a tuple whose first two entries are ``U`` (K,) and ``grad U``
    (shaped like ``Z``, batch first); the other entries are carried along (selected per chain).
    The proposal ``Z' = e^{-h} Z - (1 - e^{-h}) grad U + sqrt(1 - e^{-2h}) xi`` is exact for the
    Gaussian prior; with ``metropolis`` it is accepted with the Metropolis-Hastings probability.
    Returns ``(Z, state, accepted)`` with ``accepted`` a boolean array (K,).
    """
    e = math.exp(-h)
    U, dU = state[0], state[1]
    Zp = e * Z - (1 - e) * dU + math.sqrt(1 - e * e) * rng.standard_normal(Z.shape)
    new = potential_fn(Zp)
    axes = tuple(range(1, Z.ndim))
    if metropolis:
        log_ratio = (U + 0.5 * (Z * Z).sum(axis=axes) - new[0] - 0.5 * (Zp * Zp).sum(axis=axes)
                     + _log_q(Z, Zp, new[1], h) - _log_q(Zp, Z, dU, h))
        acc = np.log(rng.random(len(U))) < np.minimum(log_ratio, 0.0)
    else:
        acc = np.ones(len(U), dtype=bool)

    def pick(a, b):
        return np.where(acc.reshape((-1,) + (1,) * (np.ndim(a) - 1)), a, b)
    return pick(Zp, Z), tuple(pick(a, b) for a, b in zip(new, state)), acc


def sample(spec: NetworkSpec, *, networks: int, steps: int, step: float, seed: int, thin: int = 1,
           metropolis: bool = True, progress=None):
    """Run ``networks`` independent chains for ``steps`` Langevin steps from the prior.

    Parameters
    ----------
    spec : NetworkSpec
    networks : int
        Ensemble size ``K``; each network has its own data draw and initialisation.
    steps : int
        Number of Langevin steps (time ``steps * step`` in units of the prior's relaxation time).
    step : float
        Step ``h`` of the exponential-Euler scheme.
    seed : int
        Seed of the ``numpy.random.Generator`` (the whole run is a function of it).
    thin : int
        Record the per-unit observables every ``thin`` steps (scalar traces are recorded every step).
    metropolis : bool
        Accept/reject each proposal (MALA: exact equilibrium); ``False`` gives the unadjusted scheme.
    progress : callable or None
        Called as ``progress(done_steps)`` every 10 steps and at the end.

    Returns
    -------
    dict
        ``q`` (T, K, N) overlaps ``w_i . w*`` and ``norm2`` (T, K, N) ``|w_i|^2`` at the recorded
        steps, ``mean_a`` (T, K, N) the read-out posterior means, ``trace`` (steps, K) per-step
        scalars ``energy`` (``U + |Z|^2/2``), ``q2`` (mean ``q^2`` over units) and ``acceptance`` (K,).
        Per-snapshot losses: ``train_loss`` (T, K) the posterior mean of ``(1/n) sum (f - y)^2``.

    Examples
    --------
    >>> spec = NetworkSpec(N=4, d=6, n=20, sigma_w2=0.5, sigma_a2=1.0, eps=-0.3, sigma2=0.5)
    >>> out = sample(spec, networks=3, steps=20, step=0.1, seed=1)
    >>> out["q"].shape, out["trace"]["energy"].shape
    ((20, 3, 4), (20, 3))
    """
    rng = np.random.default_rng(seed)
    K, N = networks, spec.N
    data = draw_data(rng, spec, K)
    Z = rng.standard_normal((K, spec.d, N))
    state = potential(Z, data, spec)
    scale = math.sqrt(spec.sigma_w2 / spec.d)
    n_rec = (steps + thin - 1) // thin
    rec = {k: np.empty((n_rec, K, N)) for k in ("q", "norm2", "mean_a")}
    rec["train_loss"], rec["test_loss"] = np.empty((n_rec, K)), np.empty((n_rec, K))
    trace = {"energy": np.empty((steps, K)), "q2": np.empty((steps, K))}
    accepted = np.zeros(K)
    for t in range(steps):
        Z, state, acc = langevin_step(Z, state, lambda x: potential(x, data, spec), step, rng, metropolis=metropolis)
        accepted += acc
        U, _, mu, Ainv, F = state
        W = scale * Z
        q = (data.wstar[:, None, :] @ W)[:, 0, :]
        trace["energy"][t] = U + 0.5 * (Z * Z).sum(axis=(1, 2))
        trace["q2"][t] = (q * q).mean(axis=1)
        if t % thin == 0:
            r = t // thin
            rec["q"][r], rec["norm2"][r], rec["mean_a"][r] = q, (W * W).sum(axis=1), mu
            resid = data.y - (F @ mu[:, :, None])[:, :, 0]
            var = ((F @ Ainv) * F).sum(axis=2)
            rec["train_loss"][r] = (resid * resid + var).mean(axis=1)
            rec["test_loss"][r] = population_test_loss(W, q, mu, Ainv, spec.eps)
        if progress is not None and ((t + 1) % 10 == 0 or t + 1 == steps):
            progress(t + 1)
    return {**rec, "trace": trace, "acceptance": accepted / steps, "spec": spec, "steps": steps, "step": step,
            "thin": thin, "seed": seed, "networks": K, "metropolis": metropolis}
