"""Fixed-attention trajectories of B (Fig. 13, Figs. 15-17, Table 1) and the authors' rule-30 padding."""
import numpy as np
import pytest

from efftheory.errors import ParameterDomainError
from efftheory.theories.zunkovic import rule30_dynamics as dyn
from efftheory.theories.zunkovic import rule30_fixed as F
from efftheory.theories.zunkovic.rule30_automaton import all_inputs, random_inputs, rule_labels
from efftheory.theories.zunkovic.rule30_certificate import APPENDIX_C_ATTENTION, EXACT_ATTENTION
from efftheory.theories.zunkovic.rule30_training import _elastic_net


def test_exact_attention_features_are_orthonormal_and_the_jump_is_a_quarter():
    Z, y, counts = dyn.unique_windows(*dyn.test_windows(EXACT_ATTENTION, strings=20, length=50, seed=3))
    assert len(y) == 8 and np.allclose(Z @ Z.T, np.eye(8))
    r = F.exact_attention_transition(runs=30, seed=1)
    assert r["runs"] >= 25 and np.allclose(r["jumps"], 0.25)          # one neighbourhood of 8, doubled
    assert r["t_train_equals_t_eps"]                                    # all 8 neighbourhoods are in the training set
    assert r["mean_error"][0] == pytest.approx(0.25) and np.all(np.diff(r["mean_error"]) >= -1e-12)


def test_exact_flow_against_euler_and_the_l1_flow_against_the_stationary_point():
    A = APPENDIX_C_ATTENTION["example3"]
    G, a = dyn.training_problem(A, lambda2=0.01)
    B0 = np.random.default_rng(0).standard_normal((3, G.shape[0]))
    exact = dyn.flow(G, a, B0, [0.5, 2.0])
    B, dt = B0.copy(), 1e-4
    for k in range(1, 20001):
        B = B - dt * (B @ G - a)
        if k == 5000:
            assert np.max(np.abs(B - exact[:, 0])) < 1e-3
    assert np.max(np.abs(B - exact[:, 1])) < 1e-3
    lam1 = 0.02
    late = dyn.flow(G, a, B0, [400.0], lambda1=lam1, dt=5e-3)[:, 0]
    star = _elastic_net(G[None], a[None], lam1)[0]                       # exact KKT solution (independent route)
    assert np.max(np.abs(late - star)) < 1e-6


def test_trajectory_times_bracket_the_first_zero():
    A = APPENDIX_C_ATTENTION["example2"]
    G, a = dyn.training_problem(A)
    Ztr, ytr = dyn.training_windows(A)
    Zte, yte = dyn.test_windows(A, strings=30, length=100, seed=2)
    B0 = np.random.default_rng(5).standard_normal((4, G.shape[0]))
    tt = dyn.trajectory_times(G, a, B0, Ztr, ytr, Zte, yte, t_max=400.0)
    for r in range(4):
        te = tt["t_eps"][r]
        assert np.isfinite(te) and tt["t_G"][r] >= 0
        before, at = dyn.flow(G, a, B0[r:r + 1], [te * (1 - 1e-6), te])[0]
        assert dyn.error_curves(Zte, yte, before) > 0 and dyn.error_curves(Zte, yte, at) == 0


def test_loss_sum_is_the_mean_loss_with_strengths_and_time_over_eight():
    A = APPENDIX_C_ATTENTION["example3"]
    a = F.fixed_attention_run(A, lambda2=0.2, runs=3, loss="sum", test_strings=20, test_length=60)
    b = F.fixed_attention_run(A, lambda2=0.2 / 8, runs=3, loss="mean", test_strings=20, test_length=60)
    assert np.allclose(a["t_eps"] * 8, b["t_eps"]) and np.allclose(a["t_G"] * 8, b["t_G"])
    with pytest.raises(ParameterDomainError):
        F.fixed_attention_run(A, loss="batch", runs=1)


def test_effective_dimension_of_isotropic_data_and_table1_conventions():
    X = np.random.default_rng(0).standard_normal((200000, 5)) * [1, 1, 1, 0, 0]
    assert F.effective_dimension(X) == pytest.approx(3, abs=0.01)
    ex, xi = F.angle_exponents(APPENDIX_C_ATTENTION["example2"], strings=300, length=100, seed=1)
    assert xi == max(ex["left", c] + ex["right", c] for c in (-1, 1)) and 1.4 < xi < 2.2


@pytest.mark.parametrize("M", [3, 4, 7, 10])
def test_authors_padding_differs_only_at_the_boundary_cells(M):
    """K = 2: the authors' re-padding with 0 after every step against the light cone in a -1 background.

    Derived count: cell 1 differs iff x_1 = +1, cell M iff x_{M-1} = x_M = +1: 3 2^{M-2} of the M 2^M labels.
    The zero-padded labels are also recomputed here from the authors' 0/1 formula (x_{i-1} + x_i + x_{i+1} +
    x_i x_{i+1}) mod 2, independently of the package's rule table."""
    x = all_inputs(M)
    lc, zero = rule_labels(x, steps=2), rule_labels(x, steps=2, padding="zero")
    diff = lc != zero
    assert diff.sum() == 3 * 2 ** (M - 2) and not diff[:, 1:-1].any()
    bits = (x > 0).astype(int)
    for _ in range(2):
        p = np.pad(bits, ((0, 0), (1, 1)))
        bits = (p[:, :-2] + p[:, 1:-1] + p[:, 2:] + p[:, 1:-1] * p[:, 2:]) % 2
    assert np.array_equal(2 * bits - 1, zero)
    assert np.array_equal(rule_labels(x, padding="zero"), rule_labels(x))          # K = 1: no difference


def test_padding_on_random_strings_and_validation():
    x = random_inputs(40, 2000, seed=4)
    diff = rule_labels(x, steps=2) != rule_labels(x, steps=2, padding="zero")
    frac, se = diff[:, 0].mean(), np.sqrt(0.25 / 2000)
    assert abs(frac - 0.5) < 4 * se and abs(diff[:, -1].mean() - 0.25) < 4 * np.sqrt(0.1875 / 2000)
    with pytest.raises(ParameterDomainError):
        rule_labels(x, steps=2, padding="one")
