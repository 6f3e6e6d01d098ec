"""The linear-component claim on the simulated network: statistical error combined with the
equivalent-kernel theory's d/n accuracy, on planted runs (no simulation)."""
import math

import pytest

from efftheory.theories.rubin import claims_simulation as cs


def _run(s2, sim, se, th, d=53, n=1500):
    return {"sigma2_base": s2, "network": {"d": d, "n": n}, "learned": {"linear": sim, "linear_se": se},
            "theory_integrated": {"linear": th}, "z_integrated": {"linear": (sim - th) / se},
            "z": {"linear": 0.0}}


@pytest.fixture
def planted(monkeypatch):
    def plant(runs):
        monkeypatch.setattr(cs, "_runs", lambda: ("full", {}, runs))
        return cs._linear_agrees(20)
    return plant


def test_deficit_of_the_size_d_over_n_is_within_the_allowance(planted):
    # the full run's sigma^2 = 0.25: 0.5914 +- 0.0076 against 0.6183 (statistical z = -3.55)
    out = planted([_run("0.25", 0.5914, 0.0076, 0.6183)])
    assert out["largest_abs_z_statistical"] > 3.5
    assert out["value"] == pytest.approx(0.0269 / math.hypot(0.0076, 53 / 1500 * 0.6183), rel=1e-3)
    assert out["holds"]


def test_a_deficit_far_beyond_d_over_n_fails(planted):
    out = planted([_run("0.25", 0.50, 0.0076, 0.6183)])          # 0.12 below: five times the allowance
    assert not out["holds"] and out["value"] > 3.5


def test_pooled_deficit_is_the_weighted_mean(planted):
    out = planted([_run("0.14", 0.79, 0.01, 0.82), _run("0.22", 0.64, 0.02, 0.67)])
    w = [1e4, 2.5e3]
    assert out["pooled_deficit"] == pytest.approx((0.03 * w[0] + 0.03 * w[1]) / sum(w))
    assert out["pooled_deficit_se"] == pytest.approx(sum(w) ** -0.5)
