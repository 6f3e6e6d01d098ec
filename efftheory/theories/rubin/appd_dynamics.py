r"""App. D of Rubin et al. as training-time dynamics: an ensemble of two-layer erf networks (both
layers trained) by discretised Langevin gradient descent on one fixed training set.

The network (paper eq. 2) is ``f(x) = sum_i a_i erf(w_i . x)``, the teacher (eq. 1)
``y = He1(w*.x) + eps He3(w*.x)``, the loss the sum ``L = (1/2) sum_mu (f(x_mu) - y_mu)^2`` and the
prior ``a_i ~ N(0, sigma_a^2/N)``, ``w_i ~ N(0, sigma_w^2/d I_d)``, i.e. the per-layer weight decays
``gamma_a = N sigma^2/sigma_a^2`` and ``gamma_w = d sigma^2/sigma_w^2`` at temperature ``T = sigma^2``
(theory note §2.3).  One step of the Euler-Maruyama discretisation of eq. 6 (with the noise
``sqrt(2 T)``, note §7 item 4) is, per layer ``l``,

.. math:: \theta_l \leftarrow \theta_l - \eta_l\,(\gamma_l\theta_l + \nabla_{\theta_l} L)
          + \sqrt{2\eta_l T}\,\xi,\qquad \eta_l = h/\gamma_l,

so both layers relax to their prior at the same rate ``h`` per step (a layer-wise learning rate;
the stationary law, the posterior, does not depend on it; the paper's single learning rate, not
restated in App. D, would make the read-out ``gamma_a/gamma_w ~ 10^3`` times faster than the input
layer).  Without data and noise the weights decay exactly as ``(1 - h)^t`` (tested).

Observables along training (at log-spaced steps): train loss ``(1/n) sum (f - y)^2`` of each network;
its population test loss in closed form (arcsine kernel, note §4.2); the projections of the
ensemble's mean output on the normalised ``He1`` and ``eps He3`` (1 = fully learned) on the training
points and on the population (closed-form Gaussian projections, note §4.2); at the end the overlaps
``q = w_i . w*`` of every unit.  Everything is a function of the seed (one ``numpy.random.Generator``).

References
----------
Rubin et al. (ICLR 2024) eqs. 1, 2, 6, App. D, Figs. 4-6, App. eq. 44; theory note §2.3, §4.2, §4.10.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import erf

__all__ = ["AppDSpec", "scaled_spec", "loss_and_grad", "population", "train", "record_steps", "APP_D", "RUNS",
           "appd_run"]

_C = 2.0 / math.sqrt(math.pi)

#: App. D's parameters (paper, App. eq. 44; the widths 2800 "before", 1400 "shortly after", 700 "inside GMFL-I")
APP_D = dict(n=600, d=150, eps=-1.2, sigma2=0.05, sigma_a2=0.011, sigma_w2=0.5, widths=(2800, 1400, 700))


@dataclass(frozen=True)
class AppDSpec:
    """Sizes and hyper-parameters of one width (floats); ``sigma_a2`` is the total read-out variance."""

    N: int
    d: int
    n: int
    eps: float
    sigma2: float
    sigma_a2: float
    sigma_w2: float

    @property
    def gamma_a(self):
        """Read-out weight decay ``N sigma^2 / sigma_a^2``."""
        return self.N * self.sigma2 / self.sigma_a2

    @property
    def gamma_w(self):
        """Input-layer weight decay ``d sigma^2 / sigma_w^2``."""
        return self.d * self.sigma2 / self.sigma_w2

    @property
    def u(self):
        """The effective interaction ``n^2 sigma_a^2 / (sigma^4 d N)`` (note §4.1)."""
        return self.n ** 2 * self.sigma_a2 / (self.sigma2 ** 2 * self.d * self.N)

    @property
    def kappa(self):
        """``n sigma_a^2 / (d sigma^2)`` (note §4.1)."""
        return self.n * self.sigma_a2 / (self.d * self.sigma2)


def scaled_spec(N, beta=1.0, alpha=None):
    """App. D's network of width ``N`` (the paper's) moved along Table 1: ``N -> beta N``,
    ``d -> sqrt(beta) d``, ``sigma_a^2 -> sigma_a^2/sqrt(beta)``, ``n -> alpha n``,
    ``sigma^2 -> (alpha/beta) sigma^2`` (``alpha = beta`` by default), sizes rounded; ``u`` and
    ``kappa`` stay the paper's up to the rounding.

    >>> s = scaled_spec(700, beta=1/8, alpha=math.sqrt(1/8))
    >>> (s.N, s.d, s.n), round(s.u, 2), round(scaled_spec(700).u, 2), round(s.kappa, 3)
    ((88, 53, 212), 14.99, 15.09, 0.88)
    """
    alpha = beta if alpha is None else alpha
    p = APP_D
    return AppDSpec(N=max(1, round(beta * N)), d=max(1, round(math.sqrt(beta) * p["d"])),
                    n=max(0, round(alpha * p["n"])), eps=p["eps"], sigma2=p["sigma2"] * alpha / beta,
                    sigma_a2=p["sigma_a2"] / math.sqrt(beta), sigma_w2=p["sigma_w2"])


def loss_and_grad(a, W, X, y):
    """Loss ``L = (1/2) sum_mu (f_mu - y_mu)^2`` of each of ``K`` networks and its gradients.

    ``a`` (K, N), ``W`` (d, K, N), ``X`` (n, d), ``y`` (n,).  Returns ``(L (K,), dL/da (K, N),
    dL/dW (d, K, N), f (n, K))``.  One GEMM for the whole ensemble each way.
    """
    d, K, N = W.shape
    H = (X @ W.reshape(d, K * N)).reshape(-1, K, N)          # (n, K, N)
    F = erf(H)
    f = np.einsum("mkj,kj->mk", F, a)
    r = f - y[:, None]
    ga = np.einsum("mkj,mk->kj", F, r)
    G = (_C * np.exp(-H * H)) * (r[:, :, None] * a[None])    # dL/dH
    gW = (X.T @ G.reshape(-1, K * N)).reshape(d, K, N)
    return 0.5 * (r * r).sum(axis=0), ga, gW, f


def population(a, W, wstar, eps):
    """Closed-form population observables of each network over ``x ~ N(0, I_d)``.

    Returns ``(test_loss, proj_linear, proj_cubic)``: ``E (f - y)^2`` (arcsine kernel
    ``E erf(w.x) erf(v.x) = (2/pi) asin(2 w.v / sqrt((1+2|w|^2)(1+2|v|^2)))``), and the normalised
    projections ``E[f He1]/E[He1^2]`` and ``E[f eps He3]/E[(eps He3)^2]`` (1 = learned as the teacher),
    from ``E[erf(w.x) He1] = C q/sqrt(D)``, ``E[erf(w.x) He3] = -2 C q^3/D^{3/2}``, ``D = 1 + 2|w|^2``,
    ``C = 2/sqrt(pi)`` (note §4.2).
    """
    Wk = np.moveaxis(W, 0, 1)                                 # (K, d, N)
    G = np.swapaxes(Wk, 1, 2) @ Wk                            # (K, N, N)
    s2 = np.diagonal(G, axis1=1, axis2=2)
    D = 1 + 2 * s2
    Kx = (2 / math.pi) * np.arcsin(np.clip(2 * G / np.sqrt(D[:, :, None] * D[:, None, :]), -1, 1))
    q = np.einsum("d,dkj->kj", wstar, W)
    p1, p3 = _C * q / np.sqrt(D), -2 * _C * q ** 3 / D ** 1.5
    lin = (a * p1).sum(axis=1)
    cub = (a * p3).sum(axis=1) / (6 * eps)
    loss = np.einsum("ki,kij,kj->k", a, Kx, a) - 2 * (lin + 6 * eps * eps * cub) + 1 + 6 * eps * eps
    return loss, lin, cub


def record_steps(steps, points):
    """About ``points`` log-spaced steps in ``[0, steps]`` (0 and ``steps`` included, unique integers)."""
    if steps < 1:
        return np.array([0])
    grid = np.unique(np.round(np.geomspace(1, steps, max(2, points))).astype(int))
    return np.concatenate([[0], grid])


def train(spec: AppDSpec, *, networks, steps, h, seed, points=40, temperature=None, data_seed=None,
          progress=None):
    """Train ``networks`` independent networks of width ``spec.N`` on one training set for ``steps``
    full-batch Langevin steps of size ``h`` (module docstring).

    Parameters
    ----------
    spec : AppDSpec
    networks, steps : int
    h : float
        Relaxation per step of each layer towards its prior (``eta_l = h / gamma_l``), ``0 < h < 1``.
    seed : int
        Seed of the initialisations and the noise (``numpy.random.default_rng``).
    points : int
        About how many log-spaced steps are recorded.
    temperature : float or None
        Noise temperature (default ``sigma2``, the posterior's); ``0`` gives gradient descent.
    data_seed : int or None
        Seed of the training set and teacher direction (default ``seed``): the same data for every width.
    progress : callable or None
        Called as ``progress(done_steps)`` at each recorded step.

    Returns
    -------
    dict
        ``steps`` (T,) the recorded steps; ``train_loss``, ``test_loss`` (T, K); ``proj_train``,
        ``proj_test`` (T, K, 2) the linear and cubic projections of each network (the mean output's
        are their means over ``K``); ``q`` (K, N) the final overlaps ``w_i . w*``; ``a``, ``W`` final.

    Examples
    --------
    >>> spec = AppDSpec(N=5, d=4, n=10, eps=-1.2, sigma2=0.05, sigma_a2=0.1, sigma_w2=0.5)
    >>> out = train(spec, networks=3, steps=20, h=0.1, seed=1, points=5)
    >>> out["steps"].tolist(), out["test_loss"].shape, out["q"].shape
    ([0, 1, 2, 4, 9, 20], (6, 3), (3, 5))
    """
    T = spec.sigma2 if temperature is None else float(temperature)
    for name, value, ok, domain in (("h", h, 0 < h < 1, "0 < h < 1"), ("networks", networks, networks >= 1, ">= 1"),
                                    ("steps", steps, steps >= 0, ">= 0"), ("temperature", T, T >= 0, ">= 0")):
        if not ok:
            raise ValueError(f"{name} = {value}: must be {domain}")
    data_rng = np.random.default_rng(seed if data_seed is None else data_seed)
    X = data_rng.standard_normal((spec.n, spec.d))
    wstar = data_rng.standard_normal(spec.d)
    wstar /= np.linalg.norm(wstar)
    z = X @ wstar
    h1, h3 = z, spec.eps * (z ** 3 - 3 * z)
    y = h1 + h3
    rng = np.random.default_rng([seed, 1])
    K, N, d = networks, spec.N, spec.d
    sa, sw = math.sqrt(spec.sigma_a2 / N), math.sqrt(spec.sigma_w2 / d)
    a = sa * rng.standard_normal((K, N))
    W = sw * rng.standard_normal((d, K, N))
    eta_a, eta_w = h / spec.gamma_a, h / spec.gamma_w
    noise_a, noise_w = math.sqrt(2 * eta_a * T), math.sqrt(2 * eta_w * T)
    rec = record_steps(steps, points)
    out = {k: np.empty((len(rec), K)) for k in ("train_loss", "test_loss")}
    out["proj_train"], out["proj_test"] = np.empty((len(rec), K, 2)), np.empty((len(rec), K, 2))
    nh1, nh3 = max(float(h1 @ h1), 1e-300), max(float(h3 @ h3), 1e-300)
    r = 0
    for t in range(steps + 1):
        L, ga, gW, f = loss_and_grad(a, W, X, y)
        if t == rec[r]:
            out["train_loss"][r] = 2 * L / max(spec.n, 1)
            tl, lin, cub = population(a, W, wstar, spec.eps)
            out["test_loss"][r], out["proj_test"][r, :, 0], out["proj_test"][r, :, 1] = tl, lin, cub
            out["proj_train"][r, :, 0], out["proj_train"][r, :, 1] = h1 @ f / nh1, h3 @ f / nh3
            r += 1
            if progress is not None:
                progress(t)
        if t == steps:
            break
        a = a - eta_a * (spec.gamma_a * a + ga)
        W = W - eta_w * (spec.gamma_w * W + gW)
        if T > 0:
            a += noise_a * rng.standard_normal(a.shape)
            W += noise_w * rng.standard_normal(W.shape)
    q = np.einsum("d,dkj->kj", wstar, W)
    return {**out, "steps": rec, "q": q, "a": a, "W": W, "wstar": wstar, "X": X, "y": y, "spec": spec,
            "h": h, "seed": seed, "networks": K, "temperature": T}


#: The registered runs (seeded).  All at Table 1 with ``beta = 1/8`` (widths 350 / 175 / 88, ``d = 53``) and
#: ``alpha = sqrt(beta)`` (``n = 212``, ``sigma^2 = 0.05 sqrt(8)``), which keeps ``u``, ``kappa`` *and* the
#: paper's ``n/d = 4`` (the finite-data ratio that sets the train/test gap); ``alpha = beta`` would leave
#: ``n/d = 1.4`` (n = 75), at which no width learns the cubic mode on test data.  ``h = 0.2``: each layer
#: relaxes to its prior in ~5 steps.  ``quick`` feeds the quick report's figures, ``reduced`` the claims and
#: figures of ``reproduce``, ``full`` those of ``reproduce --full-simulation``.
RUNS = {
    "quick": dict(beta=1 / 8, networks=5, steps=60, h=0.2, seed=2024, points=16),
    "reduced": dict(beta=1 / 8, networks=6, steps=600, h=0.2, seed=2024, points=30),
    "full": dict(beta=1 / 8, networks=10, steps=3000, h=0.2, seed=2024, points=40),
}


@lru_cache(maxsize=3)
def appd_run(scale="reduced"):
    """The three widths of App. D (:data:`APP_D`, scaled as :data:`RUNS` says) trained on the same data
    (``data_seed`` shared), as ``{paper_width: train(...) result}``; cached, so claims and figures share it."""
    cfg = RUNS[scale]
    beta = cfg["beta"]
    out = {}
    for N in APP_D["widths"]:
        spec = scaled_spec(N, beta, alpha=math.sqrt(beta))
        out[N] = train(spec, networks=cfg["networks"], steps=cfg["steps"], h=cfg["h"], seed=cfg["seed"] + N,
                       data_seed=cfg["seed"], points=cfg["points"])
    return out
