"""The reduced joint training of A and B (rule30_full): gradients, determinism, training, bad input."""
import numpy as np
import pytest

from efftheory.errors import InputError, ParameterDomainError
from efftheory.theories.zunkovic.rule30_automaton import all_inputs, rule_labels
from efftheory.theories.zunkovic.rule30_full import forward, initial_tensors, loss_and_gradient, train_full
from efftheory.theories.zunkovic.rule30_network import model_output


def _numeric_gradient(f, T, h=1e-6):
    g = np.zeros_like(T)
    for idx in np.ndindex(T.shape):
        Tp, Tm = T.copy(), T.copy()
        Tp[idx] += h
        Tm[idx] -= h
        g[idx] = (f(Tp) - f(Tm)) / (2 * h)
    return g


@pytest.mark.parametrize("d, lam1, lam2", [(2, 0.0, 0.0), (3, 0.001, 0.01)])
def test_gradient_matches_central_differences(d, lam1, lam2):
    A, B = initial_tensors(d, seed=7)
    x = all_inputs(5)
    y = rule_labels(x).astype(float)
    _, gA, gB = loss_and_gradient(A, B, x, y, lambda1=lam1, lambda2=lam2)
    nA = _numeric_gradient(lambda T: loss_and_gradient(T, B, x, y, lambda1=lam1, lambda2=lam2)[0], A)
    nB = _numeric_gradient(lambda T: loss_and_gradient(A, T, x, y, lambda1=lam1, lambda2=lam2)[0], B)
    assert np.abs(gA - nA).max() <= 1e-7 * max(1.0, np.abs(nA).max())
    assert np.abs(gB - nB).max() <= 1e-7 * max(1.0, np.abs(nB).max())
    assert np.abs(gA).max() > 1e-4                       # the attention really receives a gradient


def test_forward_agrees_with_direct_contraction():
    """Fixing v = e_0 equals the network module's direct contraction with an A_0 whose leading vectors are e_0."""
    rng = np.random.default_rng(3)
    A, B = rng.standard_normal((2, 3, 3)), rng.standard_normal((2, 3, 3))
    A[0] = np.diag([3.0, 1.0, 0.5])                      # leading left/right eigenvectors of A_0: e_0
    x = all_inputs(5)
    np.testing.assert_allclose(forward(x, A, B), model_output(x, A, B), rtol=1e-10, atol=1e-12)


def test_deterministic_under_a_seed():
    a = train_full(d=3, seed=4, train_length=4, test_length=6, steps=60)
    b = train_full(d=3, seed=4, train_length=4, test_length=6, steps=60)
    c = train_full(d=3, seed=5, train_length=4, test_length=6, steps=60)
    np.testing.assert_array_equal(a.A, b.A)
    np.testing.assert_array_equal(a.loss, b.loss)
    assert not np.array_equal(a.A, c.A)


def test_tiny_run_lowers_the_loss_and_reaches_zero_training_error():
    r = train_full(d=4, seed=0, train_length=5, test_length=7, steps=600, eval_every=20)
    assert r.loss[-1] < 0.05 * r.loss[0]
    assert r.train_error[0] > 0.2 and r.train_error[-1] == 0
    assert np.isfinite(r.t_train) and r.t_train == r.times[np.flatnonzero(r.train_error == 0)[0]]
    assert r.d_eff.shape == r.times.shape                # D_eff = e^S of the left contexts lies in [1, d]
    assert np.all((r.d_eff >= 1 - 1e-12) & (r.d_eff <= 4 + 1e-9)) and np.ptp(r.d_eff) > 0


@pytest.mark.parametrize("kwargs", [{"d": 0}, {"steps": -1}, {"lr": 0}, {"lambda2": -1.0}, {"train_length": 2},
                                    {"train_length": 20}, {"d": 2.5}, {"seed": -3}])
def test_bad_input_raises_a_clear_error(kwargs):
    with pytest.raises((InputError, ParameterDomainError)):
        train_full(**{"steps": 2, **kwargs})


def test_bad_shapes_raise():
    A, B = initial_tensors(2, seed=0)
    with pytest.raises(InputError, match="same shape"):
        forward([-1, 1, 1], A, np.zeros((2, 3, 3)))
    with pytest.raises(InputError, match=r"\(2, d, d\)"):
        loss_and_gradient(np.zeros((3, 2, 2)), B, all_inputs(3), rule_labels(all_inputs(3)))
