"""Exact parallelogram combinatorics of liu-addition, cross-checked by independent routes."""
import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp

from efftheory.errors import InputError
from efftheory.theories.liu import combinatorics as comb
from efftheory.theories.liu import determination as det
from efftheory.theories.liu import representation as rep


@pytest.mark.parametrize("p", [3, 4, 6, 10])
def test_counts_closed_forms(p):
    # |D0| = p(p+1)/2 and |P0| = sum_s C(n_s, 2) with n_s = floor(min(s, 2p-2-s)/2) + 1 (note §2.1, §3.2)
    assert len(comb.samples(p)) == p * (p + 1) // 2
    ns = [min(s, 2 * p - 2 - s) // 2 + 1 for s in range(2 * p - 1)]
    assert list(comb.class_sizes(p)) == ns
    assert len(comb.parallelograms(p)) == sum(math.comb(n, 2) for n in ns)
    # the code's enumeration is a bijection onto unordered equal-sum pairs (brute force)
    S = comb.samples(p)
    brute = {frozenset((x, y)) for x, y in itertools.combinations(range(len(S)), 2) if sum(S[x]) == sum(S[y])}
    assert {frozenset(q) for q in comb.parallelograms(p)} == brute


def test_p10_counts_and_invariants():
    assert (len(comb.samples(10)), len(comb.parallelograms(10))) == (55, 70)
    rng = np.random.default_rng(1)
    for _ in range(20):
        D = rng.choice(55, rng.integers(5, 55), replace=False)
        M = np.array(comb.gram_matrix(10, D))
        assert not (M @ np.ones(10)).any() and not (M @ np.arange(10)).any()
        # tr M = 4 N_D + 2 #(rows with a diagonal sample) (note §3.3)
        S = comb.samples(10)
        qs = comb.training_parallelograms(10, D)
        ndiag = sum(1 for x, y in qs if S[x][0] == S[x][1] or S[y][0] == S[y][1])
        assert np.trace(M) == 4 * len(qs) + 2 * ndiag


def test_exact_rank_vs_float_and_charpoly():
    """Exact rational rank = float rank (well separated) = multiplicity of the root 0 of chi_M."""
    rng = np.random.default_rng(2)
    x = sp.Symbol("x")
    for _ in range(15):
        D = rng.choice(55, rng.integers(15, 40), replace=False)
        null = comb.nullity(10, D)
        M = comb.gram_matrix(10, D)
        ev = np.linalg.eigvalsh(np.array(M, dtype=float))
        assert int((ev < 1e-8).sum()) == null
        coeffs = sp.Matrix(M).charpoly(x).all_coeffs()[::-1]
        assert next(k for k, c in enumerate(coeffs) if c != 0) == null
        assert len(comb.kernel_basis(10, D)) == null
        # reflection k -> p-1-k gives an identical spectrum
        S = comb.samples(10)
        index = {s: k for k, s in enumerate(S)}
        Dr = [index[tuple(sorted((9 - S[k][1], 9 - S[k][0])))] for k in D]
        assert np.allclose(ev, np.linalg.eigvalsh(np.array(comb.gram_matrix(10, Dr), dtype=float)))


def test_full_data_and_implied_sets():
    # full data determines the structure (rank p-2), and P(D0) = P0 (note §7.1)
    for p in (3, 5, 8):
        assert comb.nullity(p) == 2
    S = comb.samples(6)
    index = {s: k for k, s in enumerate(S)}
    # the code comment's example: E0+E3=E1+E2 and E2+E5=E3+E4 imply E0+E5=E1+E4
    D = [index[(0, 3)], index[(1, 2)], index[(2, 5)], index[(3, 4)]]
    implied = comb.implied_parallelograms(6, D)
    assert (index[(0, 5)], index[(1, 4)]) in implied or (index[(1, 4)], index[(0, 5)]) in implied
    # implied set = brute force over rows in the rational span
    for q in comb.parallelograms(6):
        row = comb.parallelogram_row(6, *q)
        in_span = comb.exact_rank(list(comb.row_matrix(6, D)) + [row]) == comb.exact_rank(comb.row_matrix(6, D))
        assert in_span == (q in implied)


def test_authors_seed58_run():
    # stored output of toy/Figure4cd.ipynb (note §11): dof = 2, ideal test accuracy 10/10
    D = det.authors_training_set(10, 45, 58)
    assert comb.nullity(10, D) == 2
    assert comb.ideal_accuracy(10, D) == 1
    assert comb.ideal_rqi(10, D) == 1


def _brute_counts(p):
    """All 2^|D0| subsets, float rank of the batched Gram matrices (an independent route)."""
    S = comb.samples(p)
    N0 = len(S)
    rows = [np.array(comb.parallelogram_row(p, *q)) for q in comb.parallelograms(p)]
    masks = np.arange(1 << N0)
    bits = (masks[:, None] >> np.arange(N0)) & 1
    M = np.zeros((len(masks), p, p))
    for (x, y), r in zip(comb.parallelograms(p), rows):
        sel = (bits[:, x] & bits[:, y]).astype(bool)
        M[sel] += np.outer(r, r)
    ranks = np.linalg.matrix_rank(M, tol=1e-6)
    sizes = bits.sum(1)
    return tuple(int(((sizes == n) & (ranks == p - 2)).sum()) for n in range(N0 + 1))


@pytest.mark.parametrize("p", [4, 5])
def test_dynamic_programme_matches_brute_force(p):
    assert det.determining_counts(p) == _brute_counts(p)


@pytest.mark.parametrize("p", [5, 6])
def test_modular_and_fraction_dp_agree(p):
    assert det.determining_counts(p) == det.determining_counts(p, arithmetic="fraction")


@pytest.mark.parametrize("p", [4, 5, 6, 7])
def test_exact_counts_properties(p):
    c = det.determining_counts(p)
    N0 = len(c) - 1
    assert all(c[n] == 0 for n in range(p))                 # |D| >= p (note §7.1)
    assert c[N0] == 1 and all(0 <= c[n] <= math.comb(N0, n) for n in range(N0 + 1))
    P = det.determining_probabilities(p)
    assert all(P[n] <= P[n + 1] for n in range(N0))            # supersets of determining sets determine


def test_bound_attained_by_two_classes():
    # all samples with sums p-2 or p-1 form a determining set of exactly p samples (p >= 4), note §7.1
    for p in (4, 5, 6, 7, 8):
        D = [k for k, (i, j) in enumerate(comb.samples(p)) if i + j in (p - 2, p - 1)]
        assert len(D) == p and comb.nullity(p, D) == 2


@pytest.mark.parametrize("p", [5, 6])
def test_monte_carlo_vs_exact(p):
    trials = 20_000
    first = det.first_determining_sizes(p, trials, seed=3)
    k = det.curve_from_first_sizes(first, len(comb.samples(p)))
    P = det.determining_probabilities(p)
    z = [(k[n] / trials - float(P[n])) / math.sqrt(float(P[n] * (1 - P[n])) / trials)
         for n in range(len(P)) if 0 < P[n] < 1]
    assert sum(abs(v) < 1.96 for v in z) >= 0.8 * len(z)
    assert sum(v * v for v in z) < len(z) + 4 * math.sqrt(2 * len(z)) + 10    # chi^2 (correlated; generous)
    assert all(k[n] == 0 for n in range(len(P)) if P[n] == 0)
    # critical fraction: exact vs Monte Carlo within 4 sigma
    rc, _, _ = det.critical_fraction_from_curve(P, len(P) - 1)
    rmc, _, sig = det.critical_fraction_from_curve([v / trials for v in k], len(P) - 1, trials=trials)
    assert abs(float(rc) - rmc) < 4 * sig


def test_monte_carlo_rank_matches_exact_rank_per_set():
    """The modular incremental rank decides exactly: compare n* with exact Fraction ranks on prefixes."""
    p = 8
    rng = np.random.default_rng(7)
    N0 = len(comb.samples(p))
    orders = np.argsort(rng.random((40, N0)), axis=1)
    H = np.zeros((N0, p), dtype=np.int64)
    for k, (i, j) in enumerate(comb.samples(p)):
        H[k, i] += 1
        H[k, j] += 1
    cls = np.array([i + j for i, j in comb.samples(p)])
    first = det._first_sizes_batch(orders, H, cls, p)
    for o, f in zip(orders, first):
        assert comb.nullity(p, o[:f]) == 2 and comb.nullity(p, o[:f - 1]) > 2


def test_expected_training_parallelograms_vs_sampling():
    p, n = 10, 30
    e = comb.expected_training_parallelograms(p, n)
    assert e == Fraction(70 * 30 * 29, 55 * 54)
    rng = np.random.default_rng(0)
    counts = [len(comb.training_parallelograms(p, rng.choice(55, n, replace=False))) for _ in range(2000)]
    assert abs(np.mean(counts) - float(e)) < 4 * np.std(counts) / math.sqrt(len(counts))


def test_rqi_and_predicted_accuracy():
    p = 10
    lin = np.arange(p, dtype=float)[:, None] * 0.7 + 3
    assert rep.rqi(lin) == 1
    D = det.authors_training_set(p, 20, 0)
    # a perfect linear representation completes every test sample whose class meets D
    S = comb.samples(p)
    classes = {sum(S[k]) for k in D}
    expect = Fraction(sum(1 for s in S if sum(s) in classes), len(S))
    assert rep.predicted_accuracy(lin, D) == expect
    assert comb.ideal_accuracy(p, D) <= expect
    rng = np.random.default_rng(0)
    assert rep.rqi(rng.standard_normal((p, 1))) < Fraction(1, 2)
    with pytest.raises(InputError):
        rep.normalise_representation(lin, std="bogus")


def test_app_c_smallest_determining_sets():
    """App. C: 8 samples of 21 can fix the structure for p = 6; exact enumeration (the DP above)
    finds the smallest determining sets, 3 of size 6 = p (from the retired derivations/liu_addition_appc.py)."""
    c = det.determining_counts(6)
    assert min(n for n, v in enumerate(c) if v) == 6 and c[6] == 3 and c[8] > 0
