"""The toy model of Liu et al. (2022) in pure NumPy: embeddings + MLP decoder, trained with Adam.

``(i, j) -> Dec(E_i + E_j)``; ``Dec`` is Linear(d, w) - tanh - Linear(w, w) - tanh - Linear(w, 30)
regressing fixed random targets Y_{i+j} ~ N(0, I_30) with MSE averaged over the batch and
the outputs; the prediction is the nearest target.  Embeddings ~ U(-1/2, 1/2); decoder
layers are initialised like PyTorch's ``nn.Linear`` (U(+-1/sqrt(fan_in))).  Embeddings and
decoder have separate Adam optimisers (the authors use AdamW with weight decay 0 on the
embeddings and ``weight_decay_dec`` on the decoder, decoupled).  Defaults follow
``toy/train_add.py`` (theory note §2.4): eta_repr = 1e-3, eta_dec = 1e-4, width 200,
batch 45.  The random streams are NumPy's, not PyTorch's, so trajectories are not
bit-identical to the authors' (note §13 item 10).

References
----------
Liu et al. 2022, §2 and Fig. 3; the authors' ``toy/train_add.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ...errors import InputError
from . import combinatorics as comb
from .representation import predicted_accuracy, rqi

__all__ = ["ToyRun", "train_toy"]


@dataclass(frozen=True)
class ToyRun:
    """A finished toy-model run: the final embeddings and the logged history."""

    p: int
    train_set: tuple
    embeddings: np.ndarray
    steps: tuple
    train_accuracy: tuple
    accuracy: tuple           # on all of D0 (Fig. 3 convention)
    rqi: tuple
    predicted_accuracy: tuple
    first_rqi_step: int | None = None
    extra: dict = field(default_factory=dict)


class _Adam:
    def __init__(self, params, lr, weight_decay=0.0, betas=(0.9, 0.999), eps=1e-8):
        self.params, self.lr, self.wd, self.b1, self.b2, self.eps = params, lr, weight_decay, *betas, eps
        self.m = [np.zeros_like(x) for x in params]
        self.v = [np.zeros_like(x) for x in params]
        self.t = 0

    def step(self, grads):
        self.t += 1
        c1, c2 = 1 - self.b1**self.t, 1 - self.b2**self.t
        for x, g, m, v in zip(self.params, grads, self.m, self.v):
            if self.wd:
                x *= 1 - self.lr * self.wd            # decoupled weight decay (AdamW)
            m *= self.b1
            m += (1 - self.b1) * g
            v *= self.b2
            v += (1 - self.b2) * g * g
            x -= self.lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


def _linear(rng, fan_in, fan_out):
    bound = 1 / np.sqrt(fan_in)
    return rng.uniform(-bound, bound, (fan_in, fan_out)), rng.uniform(-bound, bound, fan_out)


def train_toy(p: int, train_set, *, steps: int = 3000, seed: int = 0, d: int = 1, width: int = 200,
              eta_repr: float = 1e-3, eta_dec: float = 1e-4, weight_decay_dec: float = 0.0,
              batch_size: int = 45, log_every: int = 50, rqi_threshold: float = 0.95) -> ToyRun:
    """Train the toy model on ``train_set`` (sample indices into D0) and log RQI, A-hat and accuracy."""
    if steps < 1 or log_every < 1:
        raise InputError(f"steps = {steps} and log_every = {log_every} must be positive")
    S = comb.samples(p)
    D = np.array(sorted(comb.as_index_set(p, train_set)), dtype=int)
    if D.size == 0:
        raise InputError("the training set is empty")
    rng = np.random.default_rng(seed)
    Y = rng.standard_normal((2 * p - 1, 30))
    E = rng.uniform(-0.5, 0.5, (p, d))
    W1, b1 = _linear(rng, d, width)
    W2, b2 = _linear(rng, width, width)
    W3, b3 = _linear(rng, width, 30)
    dec = [W1, b1, W2, b2, W3, b3]
    opt_e = _Adam([E], eta_repr)
    opt_d = _Adam(dec, eta_dec, weight_decay_dec)
    I = np.array([s[0] for s in S])
    J = np.array([s[1] for s in S])
    cls = I + J

    def forward(idx):
        h0 = E[I[idx]] + E[J[idx]]
        a1 = np.tanh(h0 @ W1 + b1)
        a2 = np.tanh(a1 @ W2 + b2)
        return h0, a1, a2, a2 @ W3 + b3

    def predict(idx):
        out = forward(idx)[3]
        dist = ((out[:, None, :] - Y[None, :, :]) ** 2).sum(-1)
        return dist.argmin(1)

    log_steps, tr_acc, acc, rq, ahat = [], [], [], [], []
    first = None
    all_idx = np.arange(len(S))
    for step in range(steps + 1):
        if step % log_every == 0 or step == steps:
            pred = predict(all_idx)
            correct = pred == cls
            log_steps.append(step)
            tr_acc.append(float(correct[D].mean()))
            acc.append(float(correct.mean()))
            r = rqi(E)
            rq.append(float(r))
            ahat.append(float(predicted_accuracy(E, D)))
            if first is None and r > Fraction(rqi_threshold):
                first = step
        if step == steps:
            break
        batch = D if len(D) <= batch_size else rng.choice(D, batch_size, replace=False)
        h0, a1, a2, out = forward(batch)
        B = len(batch)
        g_out = 2 * (out - Y[cls[batch]]) / (B * 30)
        gW3, gb3 = a2.T @ g_out, g_out.sum(0)
        g_a2 = g_out @ W3.T * (1 - a2**2)
        gW2, gb2 = a1.T @ g_a2, g_a2.sum(0)
        g_a1 = g_a2 @ W2.T * (1 - a1**2)
        gW1, gb1 = h0.T @ g_a1, g_a1.sum(0)
        g_h0 = g_a1 @ W1.T
        gE = np.zeros_like(E)
        np.add.at(gE, I[batch], g_h0)
        np.add.at(gE, J[batch], g_h0)
        opt_d.step([gW1, gb1, gW2, gb2, gW3, gb3])
        opt_e.step([gE])
    return ToyRun(p, tuple(int(x) for x in D), E.copy(), tuple(log_steps), tuple(tr_acc), tuple(acc), tuple(rq),
                  tuple(ahat), first)

