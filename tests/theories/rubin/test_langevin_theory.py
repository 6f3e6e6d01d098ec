"""The float64 finite-d theory of the simulation (langevin_theory) against the package's finite_d and
against closed forms; and the slow agreement test of the simulated network with it."""
from dataclasses import replace

import numpy as np
import pytest

from efftheory.theories.rubin.cubic import MODEL
from efftheory.theories.rubin.langevin import NetworkSpec
from efftheory.theories.rubin.langevin_runs import simulate
from efftheory.theories.rubin.langevin_theory import density, finite_d64, finite_d_sweep, perp_in_wells

SPEC = NetworkSpec(N=88, d=53, n=375, sigma_w2=0.5, sigma_a2=0.03232, eps=-0.3, sigma2=0.2)


def test_no_interaction_gives_the_prior_law():
    # sigma_a2 -> 0: u = 0, so q ~ N(0, sigma_w2/d) and |w_perp|^2 ~ Gamma((d-1)/2, 2 sigma_w2/d), exactly
    spec = replace(SPEC, sigma_a2=1e-12)
    qs = np.linspace(-0.5, 0.5, 11)
    gauss = np.exp(-spec.d * qs ** 2 / (2 * spec.sigma_w2)) / np.sqrt(2 * np.pi * spec.sigma_w2 / spec.d)
    for perp in ("concentrated", "integrated"):
        assert np.allclose(density(spec, 1.0, spec.eps, qs, perp=perp), gauss, rtol=1e-4)
    # in the wells (|q| > 0.6) as anywhere: E s = sigma_w2 (d - 1)/d
    assert abs(perp_in_wells(spec, 1.0, spec.eps) / (spec.sigma_w2 * (spec.d - 1) / spec.d) - 1) < 1e-3


def test_the_wells_pull_w_perp_down():
    th = finite_d64(replace(SPEC, sigma2=0.14), perp="integrated")
    assert perp_in_wells(replace(SPEC, sigma2=0.14), th["b"], th["c"]) < 0.8 * SPEC.sigma_w2


def test_continuation_reaches_the_direct_solution():
    a = finite_d_sweep(SPEC, [0.25, 0.2])[1]
    b = finite_d64(SPEC, (0.3, -0.28))
    assert abs(a["b"] - b["b"]) < 1e-9 and abs(a["c"] - b["c"]) < 1e-9


@pytest.mark.slow
def test_fixed_grid_solver_agrees_with_the_package_finite_d():
    # the same equations by tanh-sinh + Newton at 15 digits (cubic_finite_d) and by trapezoid + hybr here
    params = {"N": "88", "d": "53", "n": "375", "sigma_a2": "101/3125", "beta": "1", "sigma2": "0.14"}
    ref = MODEL.evaluate("finite_d", params, dps=15).values
    mine = finite_d_sweep(replace(SPEC, sigma_a2=101 / 3125, sigma2=0.14), [0.14])[0]
    assert abs(mine["b"] - float(ref["b"])) < 1e-8 and abs(mine["c"] - float(ref["c"])) < 1e-8


@pytest.mark.slow
def test_simulated_network_agrees_with_the_finite_d_theory_before_the_transition():
    params = MODEL.resolve({"sigma2": "0.22", "beta": "1/8"})
    res = simulate(params, networks=8, steps=300, seed=11, alpha="1/2")
    assert res["equilibration"]["equilibrated"], res["equilibration"]
    assert res["chi2_integrated"]["p_value"] >= 1e-3, res["chi2_integrated"]
    assert abs(res["z_integrated"]["linear"]) <= 3.5, res["z_integrated"]
    assert res["equilibration"]["acceptance"] > 0.5
