"""App. D in training time (efftheory.theories.rubin.appd_dynamics): determinism, the gradient against finite
differences, the data-free zero-temperature decay (closed form), the closed-form population observables against
a Monte-Carlo test sample, the claims' helpers and bad input."""
import math

import numpy as np
import pytest

from efftheory.theories.rubin.claims_appd import appd_claims, drop_times, mean_se, well_fraction
from efftheory.theories.rubin.appd_dynamics import (APP_D, AppDSpec, loss_and_grad, population, scaled_spec,
                                                    train)
from efftheory.theories.rubin.figures_appd import neg_log_p

SMALL = AppDSpec(N=6, d=5, n=12, eps=-1.2, sigma2=0.05, sigma_a2=0.1, sigma_w2=0.5)


def test_same_seed_same_run_other_seed_other_run():
    a = train(SMALL, networks=3, steps=15, h=0.2, seed=7, points=6)
    b = train(SMALL, networks=3, steps=15, h=0.2, seed=7, points=6)
    c = train(SMALL, networks=3, steps=15, h=0.2, seed=8, points=6)
    for key in ("train_loss", "test_loss", "proj_test", "proj_train", "q"):
        np.testing.assert_array_equal(a[key], b[key])
    assert not np.allclose(a["q"], c["q"])


def test_data_seed_shares_the_training_set():
    a = train(SMALL, networks=2, steps=3, h=0.2, seed=1, data_seed=5, points=3)
    b = train(SMALL, networks=2, steps=3, h=0.2, seed=2, data_seed=5, points=3)
    np.testing.assert_array_equal(a["X"], b["X"])
    assert not np.allclose(a["a"], b["a"])


def test_gradient_against_central_differences():
    rng = np.random.default_rng(3)
    K, N, d, n = 2, 4, 3, 7
    a, W = rng.standard_normal((K, N)), 0.5 * rng.standard_normal((d, K, N))
    X, y = rng.standard_normal((n, d)), rng.standard_normal(n)
    L, ga, gW, _ = loss_and_grad(a, W, X, y)
    e = 1e-6
    for idx in [(0, 1), (1, 3)]:
        ap, am = a.copy(), a.copy()
        ap[idx] += e
        am[idx] -= e
        num = (loss_and_grad(ap, W, X, y)[0] - loss_and_grad(am, W, X, y)[0]) / (2 * e)
        assert num[idx[0]] == pytest.approx(ga[idx], rel=1e-6, abs=1e-8)
    for idx in [(0, 0, 2), (2, 1, 1), (1, 1, 0)]:
        Wp, Wm = W.copy(), W.copy()
        Wp[idx] += e
        Wm[idx] -= e
        num = (loss_and_grad(a, Wp, X, y)[0] - loss_and_grad(a, Wm, X, y)[0]) / (2 * e)
        assert num[idx[1]] == pytest.approx(gW[idx], rel=1e-6, abs=1e-8)


def test_no_data_zero_temperature_decays_at_the_prior_rate():
    """Without data and noise each step multiplies every weight by 1 - eta_l gamma_l = 1 - h (both layers)."""
    spec = AppDSpec(N=5, d=4, n=0, eps=-1.2, sigma2=0.05, sigma_a2=0.1, sigma_w2=0.5)
    h, steps = 0.15, 30
    start = train(spec, networks=2, steps=0, h=h, seed=4, temperature=0)
    end = train(spec, networks=2, steps=steps, h=h, seed=4, temperature=0)
    np.testing.assert_allclose(end["a"], (1 - h) ** steps * start["a"], rtol=1e-12)
    np.testing.assert_allclose(end["W"], (1 - h) ** steps * start["W"], rtol=1e-12)
    # with noise, the prior is stationary: <a^2> N / sigma_a^2 and <w^2> d / sigma_w^2 stay ~ 1
    hot = train(AppDSpec(N=40, d=30, n=0, eps=-1.2, sigma2=0.05, sigma_a2=0.1, sigma_w2=0.5), networks=20,
                steps=60, h=0.05, seed=4)
    assert (hot["a"] ** 2).mean() * 40 / 0.1 == pytest.approx(1, abs=0.08)
    assert (hot["W"] ** 2).mean() * 30 / 0.5 == pytest.approx(1, abs=0.03)


def test_population_observables_against_a_test_sample():
    """Closed forms (arcsine kernel, Gaussian projections) against 400 000 Gaussian test points."""
    rng = np.random.default_rng(11)
    K, N, d, eps = 2, 5, 4, -1.2
    a, W = rng.standard_normal((K, N)), 0.6 * rng.standard_normal((d, K, N))
    ws = rng.standard_normal(d)
    ws /= np.linalg.norm(ws)
    loss, lin, cub = population(a, W, ws, eps)
    X = rng.standard_normal((400_000, d))
    z = X @ ws
    h3 = eps * (z ** 3 - 3 * z)
    _, _, _, f = loss_and_grad(a, W, X, z + h3)
    r = f - (z + h3)[:, None]
    for k in range(K):
        m, s = (r[:, k] ** 2).mean(), (r[:, k] ** 2).std() / math.sqrt(len(z))
        assert abs(loss[k] - m) < 5 * s
        pl = f[:, k] * z
        assert abs(lin[k] - pl.mean()) < 5 * pl.std() / math.sqrt(len(z))
        pc = f[:, k] * h3 / (6 * eps * eps)
        assert abs(cub[k] - pc.mean()) < 5 * pc.std() / math.sqrt(len(z))


def test_projections_are_linear_in_the_readout():
    """Doubling the read-out doubles both projections (the mean output's projection is the networks' mean)."""
    rng = np.random.default_rng(2)
    a, W = rng.standard_normal((1, 3)), rng.standard_normal((4, 1, 3))
    ws = np.eye(4)[0]
    _, l1, c1 = population(a, W, ws, -1.2)
    _, l2, c2 = population(2 * a, W, ws, -1.2)
    np.testing.assert_allclose([l2, c2], [2 * l1, 2 * c1])


def test_table1_scaling_keeps_u_and_kappa():
    base = scaled_spec(700)
    assert (base.N, base.d, base.n) == (700, 150, 600)
    assert base.u * 700 == pytest.approx(600 ** 2 * 0.011 / (0.05 ** 2 * 150))
    for beta in (1 / 8, 1 / 2):
        s = scaled_spec(700, beta, alpha=math.sqrt(beta))
        assert s.u == pytest.approx(base.u, rel=0.02) and s.kappa == pytest.approx(base.kappa, rel=0.02)
        assert s.n / s.d == pytest.approx(4, rel=0.02)
    assert APP_D["widths"] == (2800, 1400, 700)


def test_claim_helpers():
    steps = np.array([0, 1, 2, 4, 8, 16])
    curves = np.array([[10, 8, 5, 1, 1, 1], [10, 10, 10, 10, 2, 2]], dtype=float)
    assert drop_times(steps, curves).tolist() == [4, 8]
    assert mean_se([1.0, 3.0]) == (2.0, 1.0)
    assert well_fraction([[0.1, 0.9, -0.7, 0.2]]).tolist() == [0.5]
    mids, nlp, err = neg_log_p(np.random.default_rng(0).normal(0, 0.3, (5, 200)), np.linspace(-1, 1, 11))
    assert len(mids) == 10 and np.nanmin(nlp) < 0 and np.all(np.isfinite(err[np.isfinite(nlp)]))


def test_claims_registered_not_quick():
    claims = appd_claims()
    ids = {c.id for c in claims}
    assert {"rubin-cubic/appd-cubic-order", "rubin-cubic/appd-wells", "rubin-cubic/appd-delayed",
            "rubin-cubic/appd-cubic-learned"} <= ids
    assert not any(c.quick for c in claims)
    from efftheory.theories.rubin.claims import CLAIMS
    assert ids <= {c.id for c in CLAIMS["rubin-cubic"]()}


@pytest.mark.parametrize("kw, match", [(dict(h=0.0), "h"), (dict(h=1.5), "h"), (dict(networks=0), "networks"),
                                       (dict(steps=-1), "steps"), (dict(temperature=-1.0), "temperature")])
def test_bad_input(kw, match):
    args = dict(networks=2, steps=3, h=0.2, seed=1)
    args.update(kw)
    with pytest.raises(ValueError, match=match):
        train(SMALL, **args)


def test_claims_compute_on_the_quick_run(monkeypatch):
    """Each claim's recipe runs on the (tiny) quick run and reports its numbers with standard errors."""
    from efftheory.theories.rubin import claims_appd
    from efftheory.theories.rubin.appd_dynamics import appd_run
    quick = appd_run("quick")
    assert sorted(quick) == [700, 1400, 2800] and [quick[N]["spec"].N for N in (2800, 1400, 700)] == [350, 175, 88]
    monkeypatch.setattr(claims_appd, "appd_run", lambda scale: quick)
    by_id = {c.id: c for c in appd_claims()}
    wells = by_id["rubin-cubic/appd-wells"].compute(15)
    assert 0 <= wells["fraction_N2800"] <= 1 and wells["stderr"] > 0
    delayed = by_id["rubin-cubic/appd-delayed"].compute(15)
    assert delayed["train_saturation_step"] >= 1 and delayed["test_loss_at_zero_output"] == pytest.approx(9.64)
    learned = by_id["rubin-cubic/appd-cubic-learned"].compute(15)
    assert learned["value"] == pytest.approx(quick[700]["proj_test"][-1, :, 1].mean())
