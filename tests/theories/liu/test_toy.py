"""The NumPy toy model (embeddings + MLP decoder, Adam) against the effective theory, small and seeded."""
import numpy as np

from efftheory.theories.liu import combinatorics as comb
from efftheory.theories.liu import toy


def test_toy_model_learns_structure_when_determined():
    """A determining training set (dof = 2) leads to RQI -> 1 and Acc -> A-hat (Fig. 3c);
    the trained accuracy never exceeds A-bar by more than 'luck'."""
    p = 6
    D = [k for k, (i, j) in enumerate(comb.samples(p)) if i + j not in (0, 10)]   # 19 of 21 samples
    assert comb.nullity(p, D) == 2
    run = toy.train_toy(p, D, steps=1200, seed=1, width=32, eta_repr=1e-2, eta_dec=3e-3, log_every=100)
    assert run.rqi[-1] > 0.95 and run.rqi[0] < 0.5
    assert abs(run.accuracy[-1] - run.predicted_accuracy[-1]) <= 0.1
    assert run.train_accuracy[-1] == 1.0
    # gradient check of the hand-written backward pass is implicit: the training loss must fall
    assert run.accuracy[-1] > run.accuracy[0]


def test_toy_gradient_matches_finite_differences():
    """The hand-written backward pass of the decoder/embeddings against central differences."""
    rng = np.random.default_rng(0)
    p, d, w = 4, 1, 5
    E = rng.uniform(-0.5, 0.5, (p, d))
    W1, W2, W3 = rng.normal(size=(d, w)), rng.normal(size=(w, w)), rng.normal(size=(w, 3))
    Y = rng.normal(size=(2 * p - 1, 3))
    S = comb.samples(p)
    I, J = np.array([s[0] for s in S]), np.array([s[1] for s in S])

    def loss(E):
        h = E[I] + E[J]
        out = np.tanh(np.tanh(h @ W1) @ W2) @ W3
        return ((out - Y[I + J]) ** 2).mean()

    h = E[I] + E[J]
    a1 = np.tanh(h @ W1)
    a2 = np.tanh(a1 @ W2)
    g = 2 * (a2 @ W3 - Y[I + J]) / (len(S) * 3)
    g = ((g @ W3.T) * (1 - a2**2)) @ W2.T * (1 - a1**2) @ W1.T
    gE = np.zeros_like(E)
    np.add.at(gE, I, g)
    np.add.at(gE, J, g)
    num = np.zeros_like(E)
    for k in range(p):
        e = np.zeros_like(E)
        e[k, 0] = 1e-6
        num[k, 0] = (loss(E + e) - loss(E - e)) / 2e-6
    assert np.allclose(gE, num, rtol=1e-5, atol=1e-9)
