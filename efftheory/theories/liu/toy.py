"""The toy model of Liu et al. (2022) in pure NumPy: embeddings + MLP decoder, trained with Adam(W).

``(i, j) -> Dec(E_i + E_j)``; ``Dec`` is Linear(d, w) - tanh - Linear(w, w) - tanh - Linear(w, d_out).

* ``loss="mse"`` (regression, the default): fixed random targets Y_{i+j} ~ N(0, I_30), MSE
  averaged over the batch and the outputs, prediction = the nearest target;
* ``loss="ce"`` (classification, paper Fig. 6c): 2p - 1 logits, ``nn.CrossEntropyLoss``
  (mean over the batch), prediction = argmax.

Embeddings ~ U(-1/2, 1/2); decoder layers are initialised like PyTorch's ``nn.Linear``
(U(+-1/sqrt(fan_in))).  Embeddings and decoder have separate optimisers (the authors use
AdamW with weight decay 0 on the embeddings and ``weight_decay_dec`` on the decoder,
decoupled: theta <- theta (1 - lr wd) before the Adam step, exactly PyTorch's AdamW update).
Defaults follow ``toy/train_add.py`` (theory note §2.4): eta_repr = 1e-3, eta_dec = 1e-4,
width 200, batch 45.  The random streams are NumPy's, not PyTorch's, so trajectories are not
bit-identical to the authors' (note §13 item 10).  The arithmetic is float32, PyTorch's default
dtype and the authors' (``dtype=np.float64`` for checks such as finite differences).

Every step evaluates the model on all of D0 (one forward pass, reused for the gradient of
the batch), so the steps at which train and test accuracy first reach ``acc_threshold``
are exact, with the authors' convention: the accuracy of step t is that of the outputs
before the t-th update (note §12.4 item 10).  The test set is D0 minus D (empty when
D = D0: its accuracy is then the train accuracy).

References
----------
Liu et al. 2022, §2, Fig. 3 and §4 (phase diagrams); the authors' ``toy/train_add.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from ...errors import ComputationError, InputError
from . import combinatorics as comb
from .representation import predicted_accuracy, rqi

__all__ = ["ToyRun", "train_toy", "Decoder"]


@dataclass(frozen=True)
class ToyRun:
    """A finished toy-model run: the final embeddings, the logged history and the threshold steps.

    ``first_train_step`` / ``first_test_step`` are the first steps with train / test accuracy
    >= ``acc_threshold`` (None: not within the run); ``first_rqi_step`` the first logged step
    with RQI > ``rqi_threshold``; ``steps_run`` the number of updates made (smaller than the
    budget when the run stopped early).
    """

    p: int
    train_set: tuple
    embeddings: np.ndarray
    steps: tuple
    train_accuracy: tuple
    accuracy: tuple           # on all of D0 (Fig. 3 convention)
    rqi: tuple
    predicted_accuracy: tuple
    first_rqi_step: int | None = None
    first_train_step: int | None = None
    first_test_step: int | None = None
    steps_run: int = 0
    extra: dict = field(default_factory=dict)


class _Adam:
    """Adam(W) on one flat vector, in place (PyTorch's AdamW update, decoupled decay)."""

    def __init__(self, x, lr, weight_decay=0.0, betas=(0.9, 0.999), eps=1e-8):
        self.x, self.lr, self.wd, self.b1, self.b2, self.eps = x, lr, weight_decay, *betas, eps
        self.m, self.v, self.tmp = np.zeros_like(x), np.zeros_like(x), np.empty_like(x)
        self.t = 0

    def step(self, g):
        self.t += 1
        c1, c2 = 1 - self.b1**self.t, 1 - self.b2**self.t
        x, m, v, tmp = self.x, self.m, self.v, self.tmp
        if self.wd:
            x *= 1 - self.lr * self.wd
        m *= self.b1
        np.multiply(g, 1 - self.b1, out=tmp)
        m += tmp
        v *= self.b2
        np.multiply(g, g, out=tmp)
        tmp *= 1 - self.b2
        v += tmp
        np.sqrt(v, out=tmp)
        tmp *= 1 / np.sqrt(c2)
        tmp += self.eps
        np.divide(m, tmp, out=tmp)
        tmp *= self.lr / c1
        x -= tmp


class Decoder:
    """The MLP decoder with its parameters (and gradients) as views into one flat buffer."""

    def __init__(self, rng, d: int, width: int, d_out: int, dtype=np.float64):
        shapes = ((d, width), (width,), (width, width), (width,), (width, d_out), (d_out,))
        self.theta = np.empty(sum(int(np.prod(s)) for s in shapes), dtype=dtype)
        self.grad = np.empty_like(self.theta)
        self.params, self.grads, k = [], [], 0
        for s in shapes:
            n = int(np.prod(s))
            self.params.append(self.theta[k:k + n].reshape(s))
            self.grads.append(self.grad[k:k + n].reshape(s))
            k += n
        for layer, fan_in in ((0, d), (2, width), (4, width)):   # nn.Linear: U(+-1/sqrt(fan_in)), W then b
            bound = 1 / np.sqrt(fan_in)
            self.params[layer][...] = rng.uniform(-bound, bound, shapes[layer])
            self.params[layer + 1][...] = rng.uniform(-bound, bound, shapes[layer + 1])

    def forward(self, h0):
        W1, b1, W2, b2, W3, b3 = self.params
        a1 = np.tanh(h0 @ W1 + b1)
        a2 = np.tanh(a1 @ W2 + b2)
        return a1, a2, a2 @ W3 + b3

    def backward(self, h0, a1, a2, g_out):
        """Fill ``self.grad`` from d loss / d out and return d loss / d h0."""
        W1, b1, W2, b2, W3, b3 = self.params
        gW1, gb1, gW2, gb2, gW3, gb3 = self.grads
        np.matmul(a2.T, g_out, out=gW3)
        g_out.sum(0, out=gb3)
        g_a2 = g_out @ W3.T * (1 - a2**2)
        np.matmul(a1.T, g_a2, out=gW2)
        g_a2.sum(0, out=gb2)
        g_a1 = g_a2 @ W2.T * (1 - a1**2)
        np.matmul(h0.T, g_a1, out=gW1)
        g_a1.sum(0, out=gb1)
        return g_a1 @ W1.T


def output_gradient(out, target_rows, Y, loss: str):
    """d loss / d out for a batch (MSE over batch x outputs, or mean cross-entropy) and the loss."""
    B = len(out)
    if loss == "mse":
        r = out - Y[target_rows]
        return 2 * r / r.size, float((r * r).mean())
    z = out - out.max(1, keepdims=True)
    P = np.exp(z)
    P /= P.sum(1, keepdims=True)
    value = float(-np.log(P[np.arange(B), target_rows]).mean())
    P[np.arange(B), target_rows] -= 1
    return P / B, value


def _one_blas_thread(train):
    """Run ``train`` with BLAS on one thread: the toy model's matrices are tiny, and BLAS threads only
    spin (issue 13: 1000 steps took 82 s wall with two OpenBLAS threads on a busy machine, 3.4 s with one)."""
    from functools import wraps

    @wraps(train)
    def wrapped(*args, **kwargs):
        from threadpoolctl import threadpool_limits
        with threadpool_limits(1):
            return train(*args, **kwargs)
    return wrapped


@_one_blas_thread
def train_toy(p: int, train_set, *, steps: int = 3000, seed: int = 0, d: int = 1, width: int = 200,
              eta_repr: float = 1e-3, eta_dec: float = 1e-4, weight_decay_dec: float = 0.0,
              batch_size: int = 45, log_every: int = 50, rqi_threshold: float = 0.95, loss: str = "mse",
              acc_threshold: float = 0.9, stop: str | None = None, rqi_tol: float = 0.01,
              dtype=np.float32) -> ToyRun:
    """Train the toy model on ``train_set`` (sample indices into D0) and log RQI, A-hat and accuracy.

    ``stop``: None (run all ``steps``), ``"rqi"`` (stop at the first logged step with RQI >
    ``rqi_threshold``) or ``"generalised"`` (stop once train and test accuracy have both
    reached ``acc_threshold``: every threshold step is then known).
    """
    if steps < 0 or log_every < 1:
        raise InputError(f"steps = {steps} must be >= 0 and log_every = {log_every} positive")
    if loss not in ("mse", "ce"):
        raise InputError(f"loss = {loss!r} must be 'mse' (regression) or 'ce' (classification)")
    if stop not in (None, "rqi", "generalised"):
        raise InputError(f"stop = {stop!r} must be None, 'rqi' or 'generalised'")
    S = comb.samples(p)
    D = np.array(sorted(comb.as_index_set(p, train_set)), dtype=int)
    if D.size == 0:
        raise InputError("the training set is empty")
    test = np.setdiff1d(np.arange(len(S)), D)
    rng = np.random.default_rng(seed)
    Y = rng.standard_normal((2 * p - 1, 30)).astype(dtype)
    E = rng.uniform(-0.5, 0.5, (p, d)).astype(dtype)
    dec = Decoder(rng, d, width, 30 if loss == "mse" else 2 * p - 1, dtype)
    opt_e = _Adam(E.reshape(-1), eta_repr)
    opt_d = _Adam(dec.theta, eta_dec, weight_decay_dec)
    I = np.array([s[0] for s in S])
    J = np.array([s[1] for s in S])
    cls = I + J
    Ynorm = (Y * Y).sum(1)
    gE = np.zeros_like(E)
    with np.errstate(all="ignore"):    # a diverging run is stopped below, not warned about
        log_steps, tr_acc, acc, rq, ahat = [], [], [], [], []
        first = first_train = first_test = None
        step = 0
        for step in range(steps + 1):
            h0 = E[I] + E[J]
            a1, a2, out = dec.forward(h0)
            if not np.isfinite(out).all():
                raise ComputationError(f"the toy run diverged at step {step} (non-finite outputs); "
                                       f"lower the learning rates or the weight decay")
            pred = (Ynorm - 2 * out @ Y.T).argmin(1) if loss == "mse" else out.argmax(1)
            correct = pred == cls
            a_train = correct[D].mean()
            a_test = correct[test].mean() if test.size else a_train
            if first_train is None and a_train >= acc_threshold:
                first_train = step
            if first_test is None and a_test >= acc_threshold:
                first_test = step
            if step % log_every == 0 or step == steps:
                log_steps.append(step)
                tr_acc.append(float(a_train))
                acc.append(float(correct.mean()))
                r = rqi(E, tol=rqi_tol)
                rq.append(float(r))
                ahat.append(float(predicted_accuracy(E, D, tol=rqi_tol)))
                if first is None and r > Fraction(rqi_threshold):
                    first = step
            if step == steps or (stop == "rqi" and first is not None) or \
                    (stop == "generalised" and first_train is not None and first_test is not None):
                break
            batch = D if len(D) <= batch_size else rng.choice(D, batch_size, replace=False)
            g_out, _ = output_gradient(out[batch], cls[batch], Y, loss)
            g_h0 = dec.backward(h0[batch], a1[batch], a2[batch], g_out)
            gE[...] = 0
            np.add.at(gE, I[batch], g_h0)
            np.add.at(gE, J[batch], g_h0)
            opt_d.step(dec.grad)
            opt_e.step(gE.reshape(-1))
        if log_steps[-1] != step:
            log_steps.append(step)
            tr_acc.append(float(a_train))
            acc.append(float(correct.mean()))
            rq.append(float(rqi(E, tol=rqi_tol)))
            ahat.append(float(predicted_accuracy(E, D, tol=rqi_tol)))
        return ToyRun(p, tuple(int(x) for x in D), E.copy(), tuple(log_steps), tuple(tr_acc), tuple(acc), tuple(rq),
                      tuple(ahat), first, first_train, first_test, step)
