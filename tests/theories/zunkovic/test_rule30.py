"""Tests of the rule-30 / tensor-network-attention layer (Žunkovič & Ilievski 2024, §4).

Every test compares two independent routes: table vs Wolfram code vs Boolean
formula, light cone vs wide padded simulation, recursive feature map vs direct
contraction of Eqs. 59-63, extreme-ray test vs all-pairs test, sign-pattern
LASSO vs a bound-constrained smooth optimiser, exact rational certificate vs
float features of long strings, window enumeration vs explicit strings.
"""
from itertools import product

import numpy as np
import pytest
import sympy as sp
from scipy.optimize import minimize

from efftheory.errors import ComputationError, InputError, ParameterDomainError
from efftheory.theories.zunkovic import rule30_automaton as automaton
from efftheory.theories.zunkovic import rule30_certificate as certificate
from efftheory.theories.zunkovic import rule30_experiments as experiments
from efftheory.theories.zunkovic import rule30_network as network
from efftheory.theories.zunkovic import rule30_training as training


# ----------------------------------------------------------------- teacher

def test_rule30_table_matches_wolfram_code_and_boolean_formula():
    # Wolfram's numbering: bit n of 30 is the new state of neighbourhood n = 4l + 2c + r (0/1 cells)
    for l, c, r in product((0, 1), repeat=3):
        wolfram = (30 >> (4 * l + 2 * c + r)) & 1
        boolean = l ^ (c | r)                                  # x_{i-1} XOR (x_i OR x_{i+1})
        poly = (l + c + r + c * r) % 2                          # the authors' code
        spin = int(automaton.rule30(2 * l - 1, 2 * c - 1, 2 * r - 1))
        assert wolfram == boolean == poly == (spin + 1) // 2
    assert automaton.RULE30_TABLE[(-1, -1, -1)] == -1                  # quiescent background is a fixed point


def _wide_simulation(row, steps):
    """Rule 30 on a wide -1 background by plain Python (independent of rule_labels)."""
    pad = 3 * steps + 2
    cells = [-1] * pad + [int(v) for v in row] + [-1] * pad
    for _ in range(steps):
        cells = [-1] + [automaton.RULE30_TABLE[tuple(cells[i - 1:i + 2])] for i in range(1, len(cells) - 1)] + [-1]
    return cells[pad:pad + len(row)]


@pytest.mark.parametrize("steps", [1, 2, 3])
def test_open_k_local_rule_is_the_light_cone_on_a_quiescent_background(steps):
    X = automaton.all_inputs(7)
    Y = automaton.rule_labels(X, steps=steps, boundary="open")
    for row, y in zip(X, Y):
        assert list(y) == _wide_simulation(row, steps)
    if steps == 1:
        assert np.array_equal(Y, automaton.rule30_step(X, boundary="open"))


def test_periodic_k_fold_iterate_and_translation_covariance():
    X = automaton.random_inputs(9, 200, seed=3)
    Y2 = automaton.rule_labels(X, steps=2, boundary="periodic")
    manual = X
    for _ in range(2):
        manual = np.array([[automaton.RULE30_TABLE[(r[i - 1], r[i], r[(i + 1) % len(r)])] for i in range(len(r))]
                           for r in manual])
    assert np.array_equal(Y2, manual)
    assert np.array_equal(automaton.rule_labels(np.roll(X, 2, axis=1), steps=2, boundary="periodic"), np.roll(Y2, 2, axis=1))


def test_inputs_and_validation():
    X = automaton.all_inputs(4)
    assert X.shape == (16, 4) and len({tuple(r) for r in X}) == 16
    assert np.array_equal(automaton.random_inputs(5, 7, seed=1), automaton.random_inputs(5, 7, seed=1))
    with pytest.raises(InputError, match="spins"):
        automaton.rule30_step([0, 1, 1])
    with pytest.raises(ParameterDomainError, match="boundary"):
        automaton.rule30_step([1, 1], boundary="closed")
    with pytest.raises(ParameterDomainError, match="steps"):
        automaton.rule_labels([1, 1], steps=0)


# ----------------------------------------------------------------- feature map (Eqs. 58-67)

@pytest.mark.parametrize("d", [2, 3])
@pytest.mark.parametrize("boundary,normalization", [("open", "context"), ("open", "matrix"),
                                                    ("periodic", "matrix")])
def test_feature_map_reproduces_the_direct_contraction_of_eqs_59_63(d, boundary, normalization):
    rng = np.random.default_rng(10 + d)
    for _ in range(20):
        A = rng.standard_normal((2, d, d))
        try:
            network.boundary_vectors(A)
        except InputError:
            continue                                            # complex leading eigenvalue: no open boundary
        B = rng.standard_normal((2, d, d))
        for M in (1, 3, 5):
            X = automaton.all_inputs(M)
            feats = network.feature_map(X, A, boundary=boundary, normalization=normalization)
            assert feats.shape == (2**M, M, 2 * d * d)
            direct = network.model_output(X, A, B, boundary=boundary, normalization=normalization)
            assert np.allclose(feats @ B.ravel(), direct, rtol=1e-11, atol=1e-12)
            if normalization == "context":
                assert np.allclose(np.linalg.norm(feats, axis=-1), 1.0)
        return
    pytest.fail("no tensor with a real leading eigenvalue drawn")


def test_eigenvector_boundary_equals_padding_with_minus_one():
    rng = np.random.default_rng(5)
    while True:
        A = rng.standard_normal((2, 2, 2))
        try:
            _, _, lam = network.boundary_vectors(A)
        except InputError:
            continue
        if lam > 0:
            break
    X = automaton.random_inputs(6, 30, seed=2)
    pad = -np.ones((30, 40), dtype=np.int8)                    # 40 cells of -1: A_0^40 projects on the eigenvectors
    Xp = np.concatenate([pad, X, pad], axis=1)
    f = network.feature_map(X, A)
    fp = network.feature_map(Xp, A)[:, 40:46]
    assert np.allclose(f, fp, atol=1e-9)


# ----------------------------------------------------------------- exact attention (Eq. 68)

def test_exact_attention_certificate_in_rational_arithmetic():
    cert = certificate.exact_attention_certificate(max_length=7)
    assert cert["holds"] and cert["errors"] == 0 and cert["rank"] == 8
    assert cert["eigenvalue"] == 1
    assert cert["vL"] == sp.Matrix([1, 1, 0, 0]) and cert["vR"] == sp.Matrix([1, 0, 1, 0])
    assert cert["positions_checked"] == sum(m * 2**m for m in range(1, 8))
    assert cert["margin"] > 0


def test_exact_attention_features_are_separable_on_long_random_strings():
    # float route: features of long random strings take exactly 8 values, linearly independent
    feats = network.feature_map(automaton.random_inputs(200, 50, seed=7), certificate.EXACT_ATTENTION).reshape(-1, 32)
    distinct = np.unique(np.round(feats, 12), axis=0)
    assert len(distinct) == 8 and np.linalg.matrix_rank(distinct) == 8
    # train B on all length-3 strings with a small L2 (G is singular at lambda = 0) and test on long strings
    out = experiments.fixed_attention_outcome(certificate.EXACT_ATTENTION, lambda2=sp.Rational(1, 1000), test_depth=5)
    assert out.test_ok[0]
    Xl = automaton.random_inputs(300, 60, seed=8)
    pred = np.sign(network.feature_map(Xl, certificate.EXACT_ATTENTION) @ out.B[0])
    assert np.array_equal(pred, automaton.rule_labels(Xl))
    with pytest.raises(ComputationError, match="singular"):
        experiments.fixed_attention_outcome(certificate.EXACT_ATTENTION, test_depth=3)


# ----------------------------------------------------------------- stationary B

def _lasso_by_bounds(G, a, l1):
    """Independent route: B = P - N with P, N >= 0 (smooth, bound constrained), L-BFGS-B."""
    D = len(a)
    f = lambda v: 0.5 * (v[:D] - v[D:]) @ G @ (v[:D] - v[D:]) - a @ (v[:D] - v[D:]) + l1 * v.sum()
    g = lambda v: np.concatenate([G @ (v[:D] - v[D:]) - a + l1, -(G @ (v[:D] - v[D:]) - a) + l1])
    res = minimize(f, np.zeros(2 * D), jac=g, method="L-BFGS-B", bounds=[(0, None)] * (2 * D),
                   options={"ftol": 1e-15, "gtol": 1e-13, "maxiter": 20000})
    return res.x[:D] - res.x[D:], res.fun


@pytest.mark.parametrize("d", [2, 3])
def test_l1_stationary_point_against_a_bound_constrained_optimiser(d):
    rng = np.random.default_rng(d)
    for _ in range(5):
        Z = rng.standard_normal((24, 2 * d * d))
        Z[:, : d * d] *= rng.integers(0, 2, size=(24, 1))       # block structure like phi (x) context
        Z[:, d * d:] *= (Z[:, : d * d].any(axis=1) == 0)[:, None]
        y = rng.choice([-1.0, 1.0], 24)
        for l1 in (0.01, 0.1):
            B = training.stationary_classifier(Z, y, lambda1=l1, lambda2=sp.Rational(1, 100))
            G = Z.T @ Z / 24 + 0.01 * np.eye(2 * d * d)
            a = Z.T @ y / 24
            Bref, fref = _lasso_by_bounds(G, a, l1)
            f = 0.5 * B @ G @ B - a @ B + l1 * np.abs(B).sum()
            assert f <= fref + 1e-12                           # ours is at least as good ...
            assert np.allclose(B, Bref, atol=1e-5)             # ... and the same point (strictly convex)


def test_stationary_classifier_lambda_zero_is_eq_21():
    rng = np.random.default_rng(1)
    Z, y = rng.standard_normal((30, 8)), rng.choice([-1.0, 1.0], 30)
    assert np.allclose(training.stationary_classifier(Z, y), np.linalg.lstsq(Z, y, rcond=None)[0])
    with pytest.raises(ParameterDomainError, match="lambda1"):
        training.stationary_classifier(Z, y, lambda1=-1)


# ----------------------------------------------------------------- fixed attention, P_G (Fig. 14)

def test_extreme_ray_test_equals_all_pairs_test():
    A = experiments.sample_attention_tensors(1500, seed=11)
    rays = experiments.fixed_attention_outcome(A, test_depth=7, method="rays")
    brute = experiments.fixed_attention_outcome(A, test_depth=7, method="brute")
    assert np.array_equal(rays.test_ok, brute.test_ok)
    # a positive margin is attained at extreme rays (exact); a negative one only has the right sign
    pos = brute.margin > 0
    assert np.allclose(rays.margin[pos], brute.margin[pos], rtol=1e-9, atol=1e-12)
    both = np.isfinite(brute.margin)
    assert np.array_equal(rays.margin[both] > 0, brute.margin[both] > 0)
    assert rays.test_ok.sum() > 0 and (rays.train_ok & ~rays.test_ok).sum() > 0
    deeper = experiments.fixed_attention_outcome(A, test_depth=11)
    assert not np.any(deeper.test_ok & ~rays.test_ok)          # the test set only grows with depth
    assert np.all(rays.test_ok <= rays.train_ok)


def test_window_test_agrees_with_explicit_strings():
    A = experiments.sample_attention_tensors(3000, seed=4)
    out = experiments.fixed_attention_outcome(A, test_depth=4)
    X3 = automaton.all_inputs(3)                                       # lengths 3..9 contain every window of depth 4
    Y3 = automaton.rule_labels(X3)
    acc, rej = np.nonzero(out.test_ok)[0][:4], np.nonzero(out.train_ok & ~out.test_ok)[0][:4]
    assert len(acc) and len(rej)
    for t in acc:                                               # every position of every string of length <= 5
        for M in (3, 4, 5):
            X = automaton.all_inputs(M)
            assert np.array_equal(np.sign(network.feature_map(X, A[t]) @ out.B[t]), automaton.rule_labels(X))
    for t in rej:
        assert np.array_equal(np.sign(network.feature_map(X3, A[t]) @ out.B[t]), Y3)     # trains ...
        errors = sum(int(np.sum(np.sign(network.feature_map(X, A[t]) @ out.B[t]) != automaton.rule_labels(X)))
                     for X in map(automaton.all_inputs, range(3, 10)))
        assert errors > 0                                       # ... but fails some string of length 3..9
    # a negative leading eigenvalue flips the contexts with the parity of the padding: always rejected
    neg = out.boundary_ok & (out.eigenvalue < 0)
    assert neg.any() and not np.any(out.test_ok[neg])


def test_appendix_c_tensors_pass_the_rejection_criterion():
    # App. C lists tensors accepted by the rejection sampling; Fig. 15 uses them at these strengths
    for name, kw in (("example2", {}), ("example3", {}), ("example1", {"lambda1": sp.Rational(1, 100)})):
        out = experiments.fixed_attention_outcome(certificate.APPENDIX_C_ATTENTION[name], **kw)
        assert out.test_ok[0], name
    assert certificate.APPENDIX_C_ATTENTION["example1"].shape == (2, 2, 2)


def test_grokking_probability_monte_carlo_and_l2_effect():
    T = 4000
    none = experiments.grokking_probability_fixed_attention(trials=T, seed=0)
    again = experiments.grokking_probability_fixed_attention(trials=T, seed=0)
    assert none.values == again.values
    p = none.values["grokking_probability"]
    assert isinstance(p, sp.Rational) and 0 < p < sp.Rational(1, 10)
    assert abs(float(none.stderr["grokking_probability"]) - np.sqrt(float(p) * (1 - float(p)) / T)) < 1e-12
    # paired comparison on common tensors: L2 = 0.02 lowers P_G (Fig. 14), far beyond the paired noise
    A = experiments.sample_attention_tensors(T, seed=0)
    base = experiments.fixed_attention_outcome(A).test_ok
    l2 = experiments.fixed_attention_outcome(A, lambda2=sp.Rational(2, 100)).test_ok
    gain, loss = int((l2 & ~base).sum()), int((base & ~l2).sum())
    assert base.sum() == p * T
    assert loss - gain > 4 * np.sqrt(gain + loss)


@pytest.mark.parametrize("d, method", [(2, "rays"), (2, "brute"), (3, "brute")])
def test_outcomes_of_several_strengths_at_once_equal_one_at_a_time(d, method):
    # fixed_attention_outcomes builds the contexts once for every strength; each outcome must be the one-strength one
    A = experiments.sample_attention_tensors(1200 if d == 2 else 150, d=d, seed=7)
    strengths = [(0, sp.Rational(1, 100)), (sp.Rational(1, 1000), sp.Rational(1, 1000)),
                 (sp.Rational(1, 100), sp.Rational(1, 200))] + ([(0, 0)] if d == 2 else [])   # d = 3: G singular at 0
    together = experiments.fixed_attention_outcomes(A, strengths, test_depth=7, method=method, chunk=500)
    for (l1, l2), out in zip(strengths, together):
        alone = experiments.fixed_attention_outcome(A, lambda1=l1, lambda2=l2, test_depth=7, method=method, chunk=500)
        for field in ("boundary_ok", "train_ok", "test_ok", "margin", "eigenvalue", "B"):
            assert np.array_equal(getattr(out, field), getattr(alone, field), equal_nan=True), (l1, l2, field)
    assert len({out.train_ok.sum() for out in together}) == len(together)          # the strengths differ ...
    assert d == 3 or together[-1].test_ok.sum() > together[1].test_ok.sum() > 0      # ... and some tensors pass
    if d == 3:                                 # a singular G with L1 only: a clear error, not numpy's LinAlgError
        with pytest.raises(ComputationError, match="singular"):
            experiments.fixed_attention_outcome(A, lambda1=sp.Rational(1, 100), test_depth=7)
    scans = experiments.fig14_scans(trials=300, lambda_scales=(1, sp.Rational(1, 8)))
    assert scans == [experiments.fig14_scan(trials=300),
                     experiments.fig14_scan(trials=300, lambda_scale=sp.Rational(1, 8))]
