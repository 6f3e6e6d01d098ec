r"""Does a random training set determine the linear structure?  Exact and Monte-Carlo answers.

The probability that a uniform training set D of size n *determines* the structure of
addition on {0, ..., p-1} (``dim ker A_D = 2``, notation of :mod:`.combinatorics`) is computed

* exactly, by a dynamic programme over the sum classes whose state is the exact
  rational row space (an RREF over Q) -- see :func:`determining_counts`;
* by Monte Carlo with exact rank decisions -- see :func:`first_determining_sizes`.
  Ranks are computed modulo the prime ``q = 2^31 - 1``.  This is rigorous, not a
  heuristic: the row space of ``A_D`` is spanned by integer vectors of Euclidean
  norm at most sqrt(6); by Hadamard's inequality every r x r minor of such
  vectors has absolute value at most ``6^(r/2)``, and for ``r <= p-2 <= 23``
  this is below ``q``, so a minor vanishes mod ``q`` iff it vanishes over Q and
  the rank mod ``q`` equals the rank over Q.

The 50 % point of the resulting curve is the critical training fraction r_c
(:func:`critical_fraction_from_curve`); :func:`authors_training_set` rebuilds the
training set the authors' code draws.

References
----------
Liu et al., "Towards Understanding Grokking: An Effective Theory of Representation
Learning", NeurIPS 2022 (arXiv:2205.10343), §3 and App. C-D; v1 Fig. 4a.
"""
from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache
from typing import Sequence

import numpy as np

from ...errors import InputError, NotBuiltError, ParameterDomainError
from .combinatorics import check_p, parallelogram_row, row_matrix, rref, samples

__all__ = [
    "PRIME", "MAX_MODULAR_P", "determining_counts", "determining_probabilities", "first_determining_sizes",
    "curve_from_first_sizes", "critical_fraction_from_curve", "authors_training_set", "modular_nullity",
]

PRIME = 2**31 - 1
"""The Mersenne prime used for modular ranks (products of two residues fit in int64)."""

MAX_MODULAR_P = 25
"""Largest p for which ``6^((p-2)/2) < PRIME`` (the Hadamard certificate of the modular rank)."""


# ---------------------------------------------------------------------------- exact enumeration
def _rref_mod(rows: Sequence[Sequence]) -> tuple:
    """Reduced row echelon form modulo PRIME (Python ints), zero rows dropped.

    For row sets spanned by parallelogram rows (norm <= sqrt 6) with p <= MAX_MODULAR_P
    this is a faithful key of the rational row space: U = V over Q iff
    rank U = rank V = rank(U + V), and these ranks are the same mod PRIME (Hadamard).
    """
    M = [[v % PRIME for v in r] for r in rows]
    ncols = len(M[0]) if M else 0
    r = 0
    for col in range(ncols):
        piv = next((k for k in range(r, len(M)) if M[k][col]), None)
        if piv is None:
            continue
        M[r], M[piv] = M[piv], M[r]
        inv = pow(M[r][col], PRIME - 2, PRIME)
        M[r] = [v * inv % PRIME for v in M[r]]
        for k in range(len(M)):
            if k != r and M[k][col]:
                f = M[k][col]
                M[k] = [(a - f * b) % PRIME for a, b in zip(M[k], M[r])]
        r += 1
        if r == len(M):
            break
    return tuple(tuple(row) for row in M[:r])


def modular_nullity(p: int, D) -> int:
    """dim ker A_D from the rank modulo PRIME: exact for p <= MAX_MODULAR_P (Hadamard, module
    docstring), and faster than the Fraction elimination of :func:`~.combinatorics.nullity`."""
    p = check_p(p)
    if p > MAX_MODULAR_P:
        raise NotBuiltError(f"the modular rank is certified for p <= {MAX_MODULAR_P}; got p = {p}")
    return p - len(_rref_mod(row_matrix(p, D)))


@lru_cache(maxsize=None)
def determining_counts(p: int, *, arithmetic: str = "modular") -> tuple:
    """Exact number c_n of training sets of size n with dim ker A_D = 2, n = 0..|D0|.

    Dynamic programme over the sum classes.  The row space of A_D is the sum over
    classes s of W_s(D_s) = span{h_x - h_y : x, y in D_s}, which depends only on
    the training samples of class s.  The state is (canonical RREF of the row
    space so far, number of samples so far) -> number of partial training sets.
    ``arithmetic="fraction"`` keys the states by the RREF over Q (Fractions);
    the default ``"modular"`` by the RREF modulo PRIME, which is faithful by the
    Hadamard argument of the module docstring and about ten times faster.  The
    counts are exact integers either way.
    """
    p = check_p(p)
    if arithmetic not in ("modular", "fraction"):
        raise InputError(f"arithmetic = {arithmetic!r} must be 'modular' or 'fraction'")
    reduce = _rref_mod if arithmetic == "modular" else rref
    if p > 8:
        raise NotBuiltError(f"exact enumeration is offered for p <= 8 (got p = {p}); use the Monte Carlo")
    s_list = samples(p)
    classes: dict = {}
    for k, (i, j) in enumerate(s_list):
        classes.setdefault(i + j, []).append(k)
    states: dict = {((), 0): 1}
    span_cache: dict = {}
    for s in sorted(classes):
        members = classes[s]
        options = []                      # (size, generator rows) for every subset of the class
        for mask in range(1 << len(members)):
            chosen = [members[t] for t in range(len(members)) if mask >> t & 1]
            gens = tuple(parallelogram_row(p, x, chosen[0]) for x in chosen[1:])
            options.append((len(chosen), gens))
        new: dict = {}
        for (space, size), count in states.items():
            for k, gens in options:
                key = (space, gens)
                if key not in span_cache:
                    span_cache[key] = reduce(list(space) + list(gens)) if gens else space
                nk = (span_cache[key], size + k)
                new[nk] = new.get(nk, 0) + count
        states = new
    N0 = len(s_list)
    counts = [0] * (N0 + 1)
    for (space, size), count in states.items():
        if len(space) == p - 2:
            counts[size] += count
    return tuple(counts)


def determining_probabilities(p: int) -> tuple:
    """Exact P_p(n) = c_n / C(|D0|, n), n = 0..|D0|, as Fractions."""
    c = determining_counts(p)
    N0 = len(c) - 1
    return tuple(Fraction(c[n], math.comb(N0, n)) for n in range(N0 + 1))


# ---------------------------------------------------------------------------------- Monte Carlo
def _modinv(a: np.ndarray) -> np.ndarray:
    """Inverse modulo PRIME by Fermat's little theorem, vectorised (a != 0 mod PRIME)."""
    result = np.ones_like(a)
    base = a % PRIME
    e = PRIME - 2
    while e:
        if e & 1:
            result = result * base % PRIME
        base = base * base % PRIME
        e >>= 1
    return result


def _draw_orders(rng: np.random.Generator, trials: int, N0: int) -> np.ndarray:
    return np.argsort(rng.random((trials, N0)), axis=1)


def first_determining_sizes(p: int, trials: int, seed: int, *, batch: int = 100_000) -> np.ndarray:
    """For each of ``trials`` uniformly random orderings of D0, the first size n* at which
    the first n* samples determine the structure (rank A_D = p - 2).

    The first n samples of a uniform random ordering are a uniform random training set
    of size n, so ``P_p(n) = Pr[n* <= n]`` for every n at once (the estimates at
    different n are positively correlated; see :func:`critical_fraction_from_curve`).

    Ranks are exact (see the module docstring: modular elimination with a Hadamard
    certificate).  Adding a sample x of class s to a set that already holds a sample
    rep(s) of that class adds the single new row h_x - h_rep(s) to a spanning set of
    the row space; each row is reduced against an echelon basis kept per trial.
    """
    p = check_p(p)
    if p > MAX_MODULAR_P:
        raise NotBuiltError(f"Monte Carlo with certified modular rank is available for p <= {MAX_MODULAR_P} "
                            f"(6^((p-2)/2) < 2^31 - 1); got p = {p}")
    if trials < 1:
        raise InputError(f"trials = {trials} must be a positive integer")
    s_list = samples(p)
    N0 = len(s_list)
    H = np.zeros((N0, p), dtype=np.int64)
    for k, (i, j) in enumerate(s_list):
        H[k, i] += 1
        H[k, j] += 1
    cls = np.array([i + j for i, j in s_list], dtype=np.int64)
    rng = np.random.default_rng(seed)
    out = np.empty(trials, dtype=np.int64)
    done = 0
    while done < trials:
        B = min(batch, trials - done)
        orders = _draw_orders(rng, B, N0)
        out[done:done + B] = _first_sizes_batch(orders, H, cls, p)
        done += B
    return out


def _first_sizes_batch(orders: np.ndarray, H: np.ndarray, cls: np.ndarray, p: int) -> np.ndarray:
    """First sizes of each ordering at which the rows h_x - h_rep(s) reach rank p - 2.

    Columns 0 and 1 of A_D are combinations of the others (A_D 1 = A_D k = 0 gives c_1 = -sum_{c>=2} c c_c and
    c_0 = -c_1 - sum_{c>=2} c_c), so rank A_D is the rank of columns 2..p-1, and the structure is determined
    when those p - 2 columns have full rank: the elimination runs on them alone.
    """
    B, N0 = orders.shape
    H = H[:, 2:].copy()
    m = target = p - 2
    first = np.full(B, N0 + 1, dtype=np.int64)
    alive = np.arange(B)                          # trials not yet determined
    basis = np.zeros((B, m, m), dtype=np.int64)   # basis[b, c] = echelon row with pivot c (or 0)
    rank = np.zeros(B, dtype=np.int64)
    rep = np.full((B, 2 * p - 1), -1, dtype=np.int64)
    for step in range(N0):
        x = orders[alive, step]
        s = cls[x]
        r = rep[alive, s]
        new_class = r < 0
        rep[alive[new_class], s[new_class]] = x[new_class]
        has = ~new_class
        if has.any():
            idx = alive[has]
            v = (H[x[has]] - H[r[has]]) % PRIME
            bas = basis[idx]
            for c in range(m):
                # row c of the basis is zero before column c; both terms lie in [0, PRIME)
                t = v[:, c:] - v[:, c:c + 1] * bas[:, c, c:] % PRIME
                t += (t < 0) * PRIME
                v[:, c:] = t
            nz = v.any(axis=1)
            if nz.any():
                vi, ii = v[nz], idx[nz]
                c0 = np.argmax(vi != 0, axis=1)
                inv = _modinv(vi[np.arange(len(vi)), c0])
                basis[ii, c0, :] = vi * inv[:, None] % PRIME
                rank[ii] += 1
        hit = rank[alive] == target
        if hit.any():
            first[alive[hit]] = step + 1
            alive = alive[~hit]
            if alive.size == 0:
                break
    return first


def curve_from_first_sizes(first: np.ndarray, N0: int) -> np.ndarray:
    """Counts k_n = #{trials with n* <= n}, n = 0..N0 (integers)."""
    hist = np.bincount(np.minimum(first, N0 + 1), minlength=N0 + 2)
    return np.cumsum(hist)[: N0 + 1]


def critical_fraction_from_curve(P: Sequence, N0: int, *, sigma: Sequence | None = None,
                                 trials: int | None = None):
    """The 50 % point r_c of a monotone curve P(n), n = 0..N0, linearly interpolated in r = n/N0.

    With n* the last size where P(n*) < 1/2 (so P(n*+1) >= 1/2), ``a = P(n*)``,
    ``b = P(n*+1)`` and ``dr = 1/N0``: ``r_c = n*/N0 + dr (1/2 - a)/(b - a)`` (note §7.3).
    The variance is the delta method with the covariance of the coupled Monte-Carlo
    estimates (same orderings for every n, so cov(a, b) = a(1 - b)/T):
    ``var = dr^2 [(b-1/2)^2 s_a^2 + (1/2-a)^2 s_b^2 + 2 (b-1/2)(1/2-a) cov] / (b-a)^4``.

    Works with Fractions (exact) or floats.  Returns ``(r_c, n_star, sigma_rc)``;
    ``sigma_rc`` is None when ``trials`` is None.
    """
    half = Fraction(1, 2)
    n_star = None
    for n in range(N0):
        if P[n] < half <= P[n + 1]:
            n_star = n
    if n_star is None:
        raise InputError("the curve never crosses 1/2 between consecutive sizes")
    a, b = P[n_star], P[n_star + 1]
    dr = Fraction(1, N0)
    r_c = Fraction(n_star, N0) + dr * (half - a) / (b - a) if isinstance(a, Fraction) else \
        n_star / N0 + (0.5 - a) / (b - a) / N0
    if trials is None:
        return r_c, n_star, None
    a, b = float(a), float(b)
    va, vb, cov = a * (1 - a) / trials, b * (1 - b) / trials, a * (1 - b) / trials
    var = ((b - .5) ** 2 * va + (.5 - a) ** 2 * vb + 2 * (b - .5) * (.5 - a) * cov) / (b - a) ** 4 / N0 ** 2
    return r_c, n_star, math.sqrt(var)


# --------------------------------------------------------------------------- authors' training sets
def authors_training_set(p: int, n: int, seed: int) -> tuple:
    """The training set ``toy/train_add.py`` draws (note §12.1): NumPy's legacy generator seeded
    with ``seed``, a (2p-1) x 30 standard-normal target draw, then ``n`` indices of D0 without
    replacement.  Returns sorted sample indices.
    """
    N0 = len(samples(p))
    if not 0 <= n <= N0:
        raise ParameterDomainError(f"n = {n} must lie in 0..{N0} (= |D0| for p = {p})")
    state = np.random.RandomState(seed)
    state.randn(2 * p - 1, 30)
    return tuple(sorted(int(k) for k in state.choice(N0, n, replace=False)))
