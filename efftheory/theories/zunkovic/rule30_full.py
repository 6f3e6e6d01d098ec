r"""Žunkovič & Ilievski: a reduced joint training of the TN attention ``A`` and the classifier ``B`` (§4.3.2).

The full model of §4.3.2 (Figs. 18–27) trains the attention tensor :math:`A` and the
classification tensor :math:`B` together.  This module does that in NumPy with
hand-derived gradients (backpropagation through the normalised context recursions,
checked against finite differences in the tests), small enough to run in seconds.

Model (Eqs. 58–63, conventions of :mod:`.rule30_network`)
----------------------------------------------------------
Spins ``-1``/``+1``; ``A[j]``, ``B[j]`` are :math:`d\times d` matrices (``j = 0`` the spin ``-1``).
Left contexts :math:`\ell_0 = v`, :math:`u_i = \ell_{i-1}A(x_{i-1})`, :math:`\ell_i = u_i/\|u_i\|`;
right contexts :math:`r_{M-1} = v`, :math:`r_i = A(x_{i+1})r_{i+1}/\|\cdot\|` (normalised after every
multiplication, as the authors' code does); output :math:`o_i = \ell_i B_{x_i} r_i` and prediction
:math:`\operatorname{sgn} o_i`.  The boundary vector is fixed to :math:`v = e_0` (the authors' code; the
paper's eigenvectors of :math:`A_0` move with :math:`A` and are not differentiated here) -- a documented
difference, *transcribed* from the code, not from Eq. 61.

Loss: the squared loss after a squashing, as the paper's "sigmoid before the sign" (§4.3.2):
:math:`\mathcal L = \frac1{2N}\sum_{\rm positions}(\tanh o_i - y_i)^2
+ \frac{\lambda_2}2(\|A\|^2 + \|B\|^2) + \lambda_1(\|A\|_1 + \|B\|_1)` (``tanh(o)`` on
:math:`\pm1` labels is the sigmoid on 0/1 labels: :math:`\sigma(2o) = (1 + \tanh o)/2`).  Adam with the
paper's learning rate 0.005 and default betas; the time is :math:`t = \eta\,\cdot\,` steps (the paper does
not state its unit; its plots run to :math:`t \approx 10`).

Scaled down (the paper: :math:`d = 10, 20, 40`, about 1000 initialisations, training set all strings
of length 8 in Fig. 18): here :math:`d \le 6`, a few dozen seeds, all strings of a short length
(default 6) for training and all strings of a longer length (default 10) for testing.

References
----------
B. Žunkovič, E. Ilievski, *Grokking phase transitions in learning local rules with gradient descent*,
JMLR 25(199) (2024), §4.3.2, Eqs. 58–63, Figs. 18–23; authors' code ``tngrokking/torchmps/tdvp/tdvp.py``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...errors import ComputationError, InputError
from .rule30_automaton import _nonneg_int, _spins, all_inputs, rule_labels
from .rule30_fixed import effective_dimension
from .rule30_network import _tensor

__all__ = ["initial_tensors", "forward", "loss_and_gradient", "TrainingRun", "train_full", "full_ensemble"]


def _positive(value, name) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) or not value > 0:
        raise InputError(f"{name}={value!r} must be a number > 0")
    return float(value)


def _nonneg(value, name) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) or not value >= 0:
        raise InputError(f"{name}={value!r} must be a number >= 0")
    return float(value)


def initial_tensors(d: int, *, seed: int):
    r"""``(A, B)`` with i.i.d. :math:`\mathcal N(0, 1)` entries (§4.3.2), from ``numpy.random.default_rng(seed)``.

    >>> A, B = initial_tensors(3, seed=0)
    >>> A.shape, B.shape
    ((2, 3, 3), (2, 3, 3))
    """
    d = _nonneg_int(d, "d", 1)
    rng = np.random.default_rng(_nonneg_int(seed, "seed", 0))
    return rng.standard_normal((2, d, d)), rng.standard_normal((2, d, d))


def _contexts(s, A):
    """Normalised left/right contexts and the norms divided out; ``s`` the 0/1 spin indices (n, M)."""
    n, M = s.shape
    d = A.shape[1]
    As = A[s]
    v = np.zeros(d)
    v[0] = 1.0
    left, right = np.empty((n, M, d)), np.empty((n, M, d))
    nl, nr = np.ones((n, M)), np.ones((n, M))
    left[:, 0] = v
    right[:, M - 1] = v
    for i in range(1, M):
        u = np.einsum("nk,nkm->nm", left[:, i - 1], As[:, i - 1])
        nl[:, i] = np.linalg.norm(u, axis=-1)
        left[:, i] = u / nl[:, i, None]
    for i in range(M - 2, -1, -1):
        u = np.einsum("nkm,nm->nk", As[:, i + 1], right[:, i + 1])
        nr[:, i] = np.linalg.norm(u, axis=-1)
        right[:, i] = u / nr[:, i, None]
    if not (np.all(nl > 0) and np.all(nr > 0)):
        raise ComputationError("a context vanished (A annihilates it): the normalised contexts are undefined")
    return As, left, right, nl, nr


def forward(x, A, B) -> np.ndarray:
    r"""The outputs :math:`o_i = \ell_i B_{x_i} r_i` of every position, shape of ``x`` ((n, M) or (M,)).

    >>> A, B = initial_tensors(2, seed=1)
    >>> forward([-1, 1, 1], A, B).shape
    (3,)
    """
    A, B = _tensor(A, "A", ""), _tensor(B, "B", "")
    if A.shape != B.shape:
        raise InputError(f"A and B must have the same shape, got {A.shape} and {B.shape}")
    x = _spins(x)
    single = x.ndim == 1
    s = (np.atleast_2d(x) > 0).astype(int)
    _, left, right, _, _ = _contexts(s, A)
    o = np.einsum("nik,nikm,nim->ni", left, B[s], right)
    return o[0] if single else o


def loss_and_gradient(A, B, x, y, *, lambda1=0.0, lambda2=0.0):
    r"""The loss of the module docstring and its exact gradient ``(loss, dL/dA, dL/dB)``.

    Backpropagation: :math:`\partial\mathcal L/\partial o_i = (\tanh o_i - y_i)(1 - \tanh^2 o_i)/N`; through
    a normalisation :math:`\ell = u/\|u\|` the gradient maps as
    :math:`g_u = (g_\ell - (g_\ell\cdot\ell)\,\ell)/\|u\|`; then :math:`g_{A(x_{i-1})} \mathrel{+}=
    \ell_{i-1}^T g_u` and :math:`g_{\ell_{i-1}} \mathrel{+}= A(x_{i-1})\,g_u` (and the mirror image on the right).
    The :math:`L_1` term contributes :math:`\lambda_1\operatorname{sgn}` (a subgradient at 0).
    """
    A, B = _tensor(A, "A", ""), _tensor(B, "B", "")
    lambda1, lambda2 = _nonneg(lambda1, "lambda1"), _nonneg(lambda2, "lambda2")
    s = (_spins(x) > 0).astype(int)
    y = np.asarray(y, dtype=float)
    if s.ndim != 2 or y.shape != s.shape:
        raise InputError(f"x must have shape (n, M) and y the same shape, got {s.shape} and {y.shape}")
    n, M = s.shape
    onehot = np.eye(2)[s]                                       # (n, M, 2)
    As, left, right, nl, nr = _contexts(s, A)
    Bs = B[s]
    o = np.einsum("nik,nikm,nim->ni", left, Bs, right)
    th = np.tanh(o)
    N = o.size
    loss = 0.5 * np.sum((th - y) ** 2) / N + 0.5 * lambda2 * (np.sum(A * A) + np.sum(B * B)) \
        + lambda1 * (np.sum(np.abs(A)) + np.sum(np.abs(B)))
    g = (th - y) * (1 - th * th) / N
    gB = np.einsum("ni,nij,nik,nim->jkm", g, onehot, left, right)
    gl = g[..., None] * np.einsum("nikm,nim->nik", Bs, right)
    gr = g[..., None] * np.einsum("nik,nikm->nim", left, Bs)
    gA = np.zeros_like(A)
    for i in range(M - 1, 0, -1):                              # left chain, from the last position down
        li, gli = left[:, i], gl[:, i]
        gu = (gli - np.sum(gli * li, axis=-1, keepdims=True) * li) / nl[:, i, None]
        gA += np.einsum("nj,nk,nm->jkm", onehot[:, i - 1], left[:, i - 1], gu)
        gl[:, i - 1] += np.einsum("nkm,nm->nk", As[:, i - 1], gu)
    for i in range(0, M - 1):                                  # right chain, from the first position up
        ri, gri = right[:, i], gr[:, i]
        gu = (gri - np.sum(gri * ri, axis=-1, keepdims=True) * ri) / nr[:, i, None]
        gA += np.einsum("nj,nk,nm->jkm", onehot[:, i + 1], gu, right[:, i + 1])
        gr[:, i + 1] += np.einsum("nkm,nk->nm", As[:, i + 1], gu)
    gA += lambda2 * A + lambda1 * np.sign(A)
    gB += lambda2 * B + lambda1 * np.sign(B)
    return float(loss), gA, gB


def _error(x, y, A, B) -> float:
    """Fraction of positions with ``sgn o != y`` (``o = 0`` counts as wrong)."""
    return float(np.mean(np.sign(forward(x, A, B)) != y))


def _test_point(x, y, A, B):
    r"""The test error and :math:`D_{\rm eff}` of the left contexts over every position of ``x`` (Fig. 20)."""
    s = (x > 0).astype(int)
    _, left, right, _, _ = _contexts(s, A)
    o = np.einsum("nik,nikm,nim->ni", left, B[s], right)
    return float(np.mean(np.sign(o) != y)), effective_dimension(left.reshape(-1, left.shape[-1]))


@dataclass(frozen=True)
class TrainingRun:
    r"""One joint training: the times (``t = lr * steps``) and error/loss histories at the evaluation steps.

    ``d_eff``: the effective dimension (:func:`.rule30_fixed.effective_dimension`, pooled PCA) of the left
    contexts :math:`\ell_i` over every position of the test strings (Fig. 20).
    ``t_train`` / ``t_test``: first evaluation time with zero training / test error (``inf`` if never);
    ``t_G = t_test - t_train`` the grokking delay; ``grokked``: zero test error reached after the
    training error (strictly later, i.e. a plateau of at least one evaluation interval).
    """
    seed: int
    times: np.ndarray
    train_error: np.ndarray
    test_error: np.ndarray
    loss: np.ndarray
    d_eff: np.ndarray
    t_train: float
    t_test: float
    A: np.ndarray
    B: np.ndarray

    @property
    def t_G(self) -> float:
        return self.t_test - self.t_train if np.isfinite(self.t_test) else np.inf

    @property
    def test_error_at_t_train(self) -> float:
        """The test error when the training error first vanishes (``nan`` if it never does)."""
        hit = np.flatnonzero(self.times == self.t_train)
        return float(self.test_error[hit[0]]) if hit.size else np.nan

    @property
    def grokked(self) -> bool:
        return bool(np.isfinite(self.t_test) and self.t_test > self.t_train)


def _data(length):
    x = all_inputs(length)
    return x, rule_labels(x).astype(float)


def train_full(*, d: int = 4, seed: int = 0, train_length: int = 6, test_length: int = 10, steps: int = 2000,
               lr: float = 0.005, lambda1=0.0, lambda2=0.0, eval_every: int = 10) -> TrainingRun:
    r"""Train ``A`` and ``B`` jointly with Adam from :func:`initial_tensors` (deterministic given ``seed``).

    Training set: all :math:`2^{M}` strings of length ``train_length`` (open boundaries, rule-30 labels of
    every position); test set: all strings of length ``test_length``.

    References
    ----------
    Žunkovič & Ilievski (2024), §4.3.2 (Adam, learning rate 0.005, :math:`\mathcal N(0,1)` initialisation), Fig. 18.
    """
    train_length = _nonneg_int(train_length, "train_length", 3)
    test_length = _nonneg_int(test_length, "test_length", 3)
    if train_length > 12 or test_length > 14:
        raise InputError(f"train_length={train_length} (<= 12) / test_length={test_length} (<= 14): all 2^M strings "
                         "are enumerated, longer ones are out of this reduced model's reach")
    steps, eval_every = _nonneg_int(steps, "steps", 1), _nonneg_int(eval_every, "eval_every", 1)
    d = _nonneg_int(d, "d", 1)
    if d > 16:
        raise InputError(f"d={d} must be <= 16 in this reduced model")
    lr = _positive(lr, "lr")
    A, B = initial_tensors(d, seed=seed)
    xtr, ytr = _data(train_length)
    xte, yte = _data(test_length)
    b1, b2, eps = 0.9, 0.999, 1e-8
    m = [np.zeros_like(A), np.zeros_like(B)]
    v = [np.zeros_like(A), np.zeros_like(B)]
    times, etr, ete, losses, deff = [], [], [], [], []
    for k in range(steps + 1):
        if k % eval_every == 0 or k == steps:
            times.append(lr * k)
            etr.append(_error(xtr, ytr, A, B))
            e, de = _test_point(xte, yte, A, B)
            ete.append(e)
            deff.append(de)
        if k == steps:
            break
        loss, gA, gB = loss_and_gradient(A, B, xtr, ytr, lambda1=lambda1, lambda2=lambda2)
        if k % eval_every == 0:
            losses.append(loss)
        for p, (P, G) in enumerate(((A, gA), (B, gB))):
            m[p] = b1 * m[p] + (1 - b1) * G
            v[p] = b2 * v[p] + (1 - b2) * G * G
            P -= lr * (m[p] / (1 - b1 ** (k + 1))) / (np.sqrt(v[p] / (1 - b2 ** (k + 1))) + eps)
    times, etr, ete = np.array(times), np.array(etr), np.array(ete)

    def first_zero(e):
        hit = np.flatnonzero(e == 0)
        return float(times[hit[0]]) if hit.size else np.inf
    return TrainingRun(int(seed), times, etr, ete, np.array(losses), np.array(deff), first_zero(etr), first_zero(ete),
                       A, B)


def full_ensemble(seeds, **kwargs) -> dict:
    """Runs of :func:`train_full` for each seed, summarised (fractions as value, se via binomial counts)."""
    from ...numeric.montecarlo import proportion, sample_mean
    runs = [train_full(seed=int(s), **kwargs) for s in seeds]
    n = len(runs)
    if n == 0:
        raise InputError("seeds must not be empty")
    train_zero = sum(np.isfinite(r.t_train) for r in runs)
    test_zero = [r for r in runs if np.isfinite(r.t_test)]
    grok = sum(r.grokked for r in runs)
    out = {"runs": n, "settings": dict(kwargs), "seeds": [int(s) for s in seeds],
           "train_zero": proportion(train_zero, n)[:2], "test_zero": proportion(len(test_zero), n)[:2],
           "grokked": proportion(grok, n)[:2],
           "grokked_among_generalising": proportion(grok, len(test_zero))[:2] if test_zero else (np.nan, np.nan),
           "t_train": [r.t_train for r in runs], "t_test": [r.t_test for r in runs],
           "final_test_error": [float(r.test_error[-1]) for r in runs],
           "histories": [(r.times, r.train_error, r.test_error, r.d_eff) for r in runs],
           "d_eff_final": [float(r.d_eff[-1]) for r in runs]}
    if len(test_zero) >= 2:
        out["min_d_eff_generalised"] = sample_mean([r.d_eff.min() for r in test_zero])
        out["d_eff_at_t_eps"] = sample_mean([r.d_eff[r.times == r.t_test][0] for r in test_zero])
        out["d_eff_initial"] = sample_mean([r.d_eff[0] for r in runs])
    memorised = [r.test_error_at_t_train for r in runs if np.isfinite(r.t_train)]
    if len(memorised) >= 2:
        out["test_error_at_t_train"] = sample_mean(memorised)
    if len(test_zero) >= 2:
        out["t_G_mean"] = sample_mean([r.t_G for r in test_zero])
        out["t_eps_mean"] = sample_mean([r.t_test for r in test_zero])
    return out
