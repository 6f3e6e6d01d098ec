"""The Langevin sampler of model A: a known Gaussian equilibrium, the collapsed read-out potential
against a direct Gaussian marginal, its gradient, the closed-form projections and test loss against
sampling, determinism under a seed, and the estimators (MSER, autocorrelation time)."""
import math

import numpy as np
import pytest
from scipy.special import erf
from scipy.stats import multivariate_normal

from efftheory.theories.rubin import langevin_analysis as la
from efftheory.theories.rubin.langevin import NetworkSpec, draw_data, langevin_step, potential, projections, sample, \
    population_test_loss

SMALL = NetworkSpec(N=5, d=7, n=30, sigma_w2=0.5, sigma_a2=1.0, eps=-0.3, sigma2=0.3)


@pytest.mark.parametrize("metropolis", [True, False])
def test_gaussian_target_mean_and_variance(metropolis):
    # target exp(-|z|^2/2 - U) with U = (lam/2) z^2 - g z per coordinate: N(g/(1+lam), 1/(1+lam)) exactly
    lam, g = np.array([0.5, 3.0, 8.0]), np.array([1.0, -2.0, 0.5])

    def pot(Z):
        return (0.5 * lam * Z * Z - g * Z).sum(axis=1), lam * Z - g
    rng = np.random.default_rng(5)
    K, h = 400, 0.15 if metropolis else 0.02
    Z = rng.standard_normal((K, 3))
    state = pot(Z)
    samples = []
    for t in range(700):
        Z, state, _ = langevin_step(Z, state, pot, h, rng, metropolis=metropolis)
        if t >= 200 and t % 10 == 0:
            samples.append(Z.copy())
    s = np.concatenate(samples)              # 50 snapshots of 400 independent chains
    mean, var = g / (1 + lam), 1 / (1 + lam)
    per_chain = np.stack(samples).mean(axis=0)       # chain means: independent across chains
    se = per_chain.std(axis=0, ddof=1) / math.sqrt(K)
    assert np.all(np.abs(s.mean(axis=0) - mean) < 4 * se)
    # the variance: relative se of a variance from ~ K * 50 / tau samples is well under 5 %
    assert np.all(np.abs(s.var(axis=0) / var - 1) < (0.06 if metropolis else 0.1))


def test_metropolis_rejects_a_too_large_step_but_keeps_the_law():
    lam = np.array([40.0])

    def pot(Z):
        return 0.5 * lam * (Z * Z).sum(axis=1), lam * Z
    rng = np.random.default_rng(1)
    Z = rng.standard_normal((2000, 1)) / math.sqrt(41)
    state, acc_total, snaps = pot(Z), 0, []
    for t in range(200):
        Z, state, acc = langevin_step(Z, state, pot, 0.2, rng)
        acc_total += acc.mean()
        snaps.append(Z[:, 0].var())
    assert acc_total / 200 < 0.9           # the step is too large for the unadjusted scheme ...
    assert abs(np.mean(snaps[50:]) * 41 - 1) < 0.1   # ... yet the variance stays 1/(1 + lam)


def test_collapsed_potential_is_the_gaussian_marginal():
    rng = np.random.default_rng(0)
    data = draw_data(rng, SMALL, 2)
    Z = rng.standard_normal((2, SMALL.d, SMALL.N))
    U = potential(Z, data, SMALL, grad=False)[0]
    W = math.sqrt(SMALL.sigma_w2 / SMALL.d) * Z
    direct = []
    for k in range(2):
        F = erf(data.X[k] @ W[k])
        C = SMALL.sigma2 * np.eye(SMALL.n) + SMALL.sigma_a2 / SMALL.N * F @ F.T
        direct.append(-multivariate_normal(np.zeros(SMALL.n), C).logpdf(data.y[k]))
    # U drops the constants n/2 log(2 pi sigma^2) + N/2 log(sigma_a^2/N)
    const = SMALL.n / 2 * math.log(2 * math.pi * SMALL.sigma2) + SMALL.N / 2 * math.log(SMALL.sigma_a2 / SMALL.N)
    assert np.allclose(U + const, direct, rtol=1e-10)


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(3)
    data = draw_data(rng, SMALL, 3)
    Z, V = rng.standard_normal((2, 3, SMALL.d, SMALL.N))
    _, dU, *_ = potential(Z, data, SMALL)
    h = 1e-6
    fd = (potential(Z + h * V, data, SMALL, grad=False)[0] - potential(Z - h * V, data, SMALL, grad=False)[0]) / (2 * h)
    assert np.allclose(fd, (dU * V).sum(axis=(1, 2)), rtol=1e-6)


def test_projections_and_test_loss_against_a_test_sample():
    rng = np.random.default_rng(4)
    d, N = 6, 3
    W = rng.standard_normal((1, d, N)) * 0.6
    ws = np.zeros(d)
    ws[0] = 1.0
    q = (ws @ W[0])[None]
    mu = rng.standard_normal((1, N))
    M = rng.standard_normal((N, N))
    Ainv = (M @ M.T / N)[None]
    X = rng.standard_normal((400000, d))
    z = X[:, 0]
    F = erf(X @ W[0])
    p1, p3 = projections(q, (W * W).sum(axis=1))
    assert np.allclose(p1[0], (F * z[:, None]).mean(axis=0), atol=5e-3)
    assert np.allclose(p3[0], (F * (z ** 3 - 3 * z)[:, None]).mean(axis=0), atol=1.5e-2)
    y = z + SMALL.eps * (z ** 3 - 3 * z)
    mc = ((F @ mu[0] - y) ** 2).mean() + np.einsum("ni,ij,nj->n", F, Ainv[0], F).mean()
    assert abs(population_test_loss(W, q, mu, Ainv, SMALL.eps)[0] - mc) < 0.02 * mc


def test_a_seed_fixes_the_run():
    a = sample(SMALL, networks=2, steps=15, step=0.1, seed=9, thin=3)
    b = sample(SMALL, networks=2, steps=15, step=0.1, seed=9, thin=3)
    c = sample(SMALL, networks=2, steps=15, step=0.1, seed=10, thin=3)
    assert np.array_equal(a["q"], b["q"]) and np.array_equal(a["trace"]["energy"], b["trace"]["energy"])
    assert not np.array_equal(a["q"], c["q"])
    assert a["q"].shape == (5, 2, SMALL.N)


def test_autocorrelation_time_of_an_ar1_process():
    phi, T, K = 0.8, 20000, 8
    rng = np.random.default_rng(2)
    x = np.empty((T, K))
    x[0] = rng.standard_normal(K)
    for t in range(1, T):
        x[t] = phi * x[t - 1] + math.sqrt(1 - phi * phi) * rng.standard_normal(K)
    assert abs(la.autocorrelation_time(x) / ((1 + phi) / (1 - phi)) - 1) < 0.1


def test_mser_finds_a_transient():
    rng = np.random.default_rng(6)
    x = rng.standard_normal(2000) * 0.1
    x[:300] += np.linspace(3, 0, 300)           # a relaxing start, then stationary noise
    cut = la.mser_burn_in(x)
    assert 150 <= cut <= 400
    assert la.mser_burn_in(rng.standard_normal(2000)) < 200


def test_histogram_errors_come_from_the_spread_over_networks():
    run = {"q": np.random.default_rng(8).standard_normal((50, 10, 20)) * 0.3, "thin": 1}
    h = la.q_histogram(run, 0, np.linspace(-1, 1, 11))
    assert h["density"].shape == (10,) and np.all(h["se"] > 0)
    assert abs(h["density"].sum() * 0.2 - (np.abs(run["q"]) < 1).mean()) < 1e-12
