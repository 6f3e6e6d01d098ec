r"""Exact parallelogram combinatorics of Liu et al. (2022), addition on {0, ..., p-1}.

Everything here is integer or rational arithmetic (``int``, :class:`fractions.Fraction`);
no decision depends on a floating-point threshold.  Notation follows the theory
note ``liu2022.md`` §2-§3, §7-§8:

* ``D0``: the samples ``(i, j)`` with ``0 <= i <= j <= p-1`` listed lexicographically
  (the authors' order, ``toy/train_add.py``); ``|D0| = p(p+1)/2``.
* ``P0``: the permissible parallelograms, i.e. unordered pairs of distinct samples
  with equal sums; ``|P0| = sum_s C(n_s, 2)``.
* ``A_D``: the integer rows :math:`(\mathbf a_q)_k=\delta_{ki}+\delta_{kj}-\delta_{km}-\delta_{kn}`
  of the parallelograms of ``P0(D)``; ``M_D = A_D^T A_D``.

The probability that a random training set *determines* the linear structure
(``dim ker A_D = 2``) is computed

* exactly, by a dynamic programme over the sum classes whose state is the exact
  rational row space (an RREF over Q) -- see :func:`determining_counts`;
* by Monte Carlo with exact rank decisions -- see :func:`first_determining_sizes`.
  Ranks are computed modulo the prime ``q = 2^31 - 1``.  This is rigorous, not a
  heuristic: the row space of ``A_D`` is spanned by integer vectors of Euclidean
  norm at most sqrt(6); by Hadamard's inequality every r x r minor of such
  vectors has absolute value at most ``6^(r/2)``, and for ``r <= p-2 <= 23``
  this is below ``q``, so a minor vanishes mod ``q`` iff it vanishes over Q and
  the rank mod ``q`` equals the rank over Q.

References
----------
Liu et al., "Towards Understanding Grokking: An Effective Theory of Representation
Learning", NeurIPS 2022 (arXiv:2205.10343), §3 and App. C-D; v1 Fig. 4a.
"""
from __future__ import annotations

import math
from fractions import Fraction
from functools import lru_cache
from typing import Iterable, Sequence

import numpy as np

from ..errors import InputError, NotBuiltError, ParameterDomainError

__all__ = [
    "samples", "class_sizes", "parallelograms", "parallelogram_row", "row_matrix", "gram_matrix",
    "training_parallelograms", "exact_rank", "kernel_basis", "nullity", "implied_parallelograms",
    "completed_samples", "ideal_accuracy", "ideal_rqi", "expected_training_parallelograms",
    "determining_counts", "determining_probabilities", "first_determining_sizes", "curve_from_first_sizes",
    "critical_fraction_from_curve", "authors_training_set", "PRIME", "MAX_MODULAR_P", "realised_parallelograms",
    "rqi", "predicted_accuracy", "normalise_representation",
]

PRIME = 2**31 - 1
"""The Mersenne prime used for modular ranks (products of two residues fit in int64)."""

MAX_MODULAR_P = 25
"""Largest p for which ``6^((p-2)/2) < PRIME`` (the Hadamard certificate of the modular rank)."""


def _check_p(p: int) -> int:
    if not isinstance(p, (int, np.integer)) or isinstance(p, bool) or p < 3:
        raise ParameterDomainError(f"p = {p!r} must be an integer >= 3 (domain: integers >= 3)")
    return int(p)


# ----------------------------------------------------------------------------------------- sets
@lru_cache(maxsize=None)
def samples(p: int) -> tuple:
    """The full data set D0: ``(i, j)``, ``0 <= i <= j < p``, lexicographic (authors' order)."""
    p = _check_p(p)
    return tuple((i, j) for i in range(p) for j in range(i, p))


@lru_cache(maxsize=None)
def class_sizes(p: int) -> tuple:
    """``n_s`` = number of samples with sum ``s``, ``s = 0..2p-2`` (note §2.1)."""
    out = [0] * (2 * p - 1)
    for i, j in samples(p):
        out[i + j] += 1
    return tuple(out)


@lru_cache(maxsize=None)
def parallelograms(p: int) -> tuple:
    """P0 as pairs ``(x, y)`` of sample indices into :func:`samples`, in the code's enumeration order.

    The authors enumerate quadruples ``i < j <= m < n`` with ``i + n = j + m``,
    pairing sample ``(i, n)`` with sample ``(j, m)`` (note §3.2); this is a
    bijection onto the unordered pairs of distinct equal-sum samples.
    """
    index = {s: k for k, s in enumerate(samples(p))}
    out = []
    for i in range(p):
        for j in range(i + 1, p):
            for m in range(j, p):
                n = j + m - i
                if m <= n < p:
                    out.append((index[(i, n)], index[(j, m)]))
    return tuple(out)


def parallelogram_row(p: int, x: int, y: int) -> tuple:
    """The integer row ``h_x - h_y`` with ``h_(i,j) = e_i + e_j`` (note §3.3)."""
    s = samples(p)
    row = [0] * p
    (i, j), (m, n) = s[x], s[y]
    row[i] += 1
    row[j] += 1
    row[m] -= 1
    row[n] -= 1
    return tuple(row)


def _as_index_set(p: int, D: Iterable) -> frozenset:
    """Training set given as sample indices or as pairs ``(i, j)`` (order within the pair free)."""
    index = {s: k for k, s in enumerate(samples(p))}
    out = set()
    for x in D:
        if isinstance(x, (tuple, list)):
            i, j = sorted(int(v) for v in x)
            if (i, j) not in index:
                raise InputError(f"sample {x!r} is not in D0 for p = {p} (entries must lie in 0..{p - 1})")
            out.add(index[(i, j)])
        else:
            k = int(x)
            if not 0 <= k < len(index):
                raise InputError(f"sample index {x!r} outside 0..{len(index) - 1} (|D0| for p = {p})")
            out.add(k)
    return frozenset(out)


def training_parallelograms(p: int, D: Iterable) -> tuple:
    """P0(D): the parallelograms of P0 whose two samples both lie in the training set ``D``."""
    Dset = _as_index_set(p, D)
    return tuple(q for q in parallelograms(p) if q[0] in Dset and q[1] in Dset)


def row_matrix(p: int, D: Iterable | None = None) -> tuple:
    """A_D (or A_{D0} = the rows of all of P0 when ``D`` is None) as a tuple of integer rows."""
    qs = parallelograms(p) if D is None else training_parallelograms(p, D)
    return tuple(parallelogram_row(p, x, y) for x, y in qs)


def gram_matrix(p: int, D: Iterable | None = None) -> tuple:
    """M_D = A_D^T A_D, exact integers, as a tuple of rows."""
    A = row_matrix(p, D)
    return tuple(tuple(sum(r[a] * r[b] for r in A) for b in range(p)) for a in range(p))


def expected_training_parallelograms(p: int, n: int) -> Fraction:
    """E|P0(D)| for D uniform of size n: ``|P0| n(n-1) / (|D0|(|D0|-1))`` (note §3.2)."""
    N0 = len(samples(p))
    if not 0 <= n <= N0:
        raise ParameterDomainError(f"n = {n} must lie in 0..{N0} (= |D0| for p = {p})")
    return Fraction(len(parallelograms(p)) * n * (n - 1), N0 * (N0 - 1))


# ---------------------------------------------------------------------------------- exact algebra
def _rref(rows: Sequence[Sequence]) -> tuple:
    """Reduced row echelon form over Q (Fractions), zero rows dropped: a canonical key of the row space."""
    M = [[Fraction(v) for v in r] for r in rows]
    out, col, ncols = [], 0, len(M[0]) if M else 0
    r = 0
    for col in range(ncols):
        piv = next((k for k in range(r, len(M)) if M[k][col] != 0), None)
        if piv is None:
            continue
        M[r], M[piv] = M[piv], M[r]
        pv = M[r][col]
        M[r] = [v / pv for v in M[r]]
        for k in range(len(M)):
            if k != r and M[k][col] != 0:
                f = M[k][col]
                M[k] = [a - f * b for a, b in zip(M[k], M[r])]
        r += 1
        if r == len(M):
            break
    out = tuple(tuple(row) for row in M[:r])
    return out


def exact_rank(rows: Sequence[Sequence]) -> int:
    """Rank over Q by exact Fraction elimination."""
    return len(_rref(rows)) if rows else 0


def kernel_basis(p: int, D: Iterable | None = None) -> tuple:
    """A basis of ker A_D over Q (tuple of Fraction vectors), from the exact RREF."""
    A = row_matrix(p, D)
    R = _rref(A) if A else ()
    pivots = [next(c for c, v in enumerate(r) if v != 0) for r in R]
    free = [c for c in range(p) if c not in pivots]
    basis = []
    for f in free:
        v = [Fraction(0)] * p
        v[f] = Fraction(1)
        for r, c in zip(R, pivots):
            v[c] = -r[f]
        basis.append(tuple(v))
    return tuple(basis)


def nullity(p: int, D: Iterable | None = None) -> int:
    """dim ker A_D (the authors' "dof"); 2 means the linear structure is determined."""
    A = row_matrix(p, D)
    return p - exact_rank(A)


def implied_parallelograms(p: int, D: Iterable) -> tuple:
    """P(D): every q in P0 whose row lies in the rational row space of A_D (note §7.1).

    Decided exactly: ``a_q`` is in row(A_D) iff ``a_q . K = 0`` for a rational kernel basis K.
    """
    K = kernel_basis(p, D)
    out = []
    for x, y in parallelograms(p):
        a = parallelogram_row(p, x, y)
        if all(sum(ai * ki for ai, ki in zip(a, k)) == 0 for k in K):
            out.append((x, y))
    return tuple(out)


def completed_samples(p: int, D: Iterable, P: Iterable) -> frozenset:
    """D-bar(P) = D plus every x not in D linked to some y in D by a parallelogram of P (note §8.3)."""
    Dset = _as_index_set(p, D)
    out = set(Dset)
    for x, y in P:
        if x in Dset and y not in Dset:
            out.add(y)
        elif y in Dset and x not in Dset:
            out.add(x)
    return frozenset(out)


def ideal_accuracy(p: int, D: Iterable) -> Fraction:
    """Acc-bar = |D-bar(P(D))| / |D0| (the authors' ``acc_ideal``), exact."""
    return Fraction(len(completed_samples(p, D, implied_parallelograms(p, D))), len(samples(p)))


def ideal_rqi(p: int, D: Iterable) -> Fraction:
    """|P(D)| / |P0| (``RQI_ideal``), exact."""
    return Fraction(len(implied_parallelograms(p, D)), len(parallelograms(p)))


# ------------------------------------------------------------------------- representations (RQI)
def normalise_representation(R, *, std: str = "unbiased", center: bool = True) -> np.ndarray:
    """Per-coordinate normalisation of a (p, d) representation as in ``train_add.py`` (note §8.2)."""
    R = np.asarray(R, dtype=float)
    if R.ndim == 1:
        R = R[:, None]
    if std not in ("unbiased", "population"):
        raise InputError(f"std = {std!r} must be 'unbiased' or 'population'")
    mu = R.mean(axis=0) if center else 0.0
    sd = R.std(axis=0, ddof=1 if std == "unbiased" else 0)
    return (R - mu) / sd


def realised_parallelograms(R, *, tol: float = 0.01, include_zero: bool = True, std: str = "unbiased",
                            center: bool = True) -> tuple:
    """P(R): permissible parallelograms realised within tolerance by a representation.

    A parallelogram ``(i,n) ~ (j,m)`` counts if ``(1/d)||E_i + E_n - E_j - E_m||^2 < tol``
    on the normalised embeddings (the code's criterion, delta = sqrt(tol d)).  With
    ``include_zero=False`` parallelograms involving embedding 0 are skipped (the
    phase-diagram notebooks' variant).  This is a property of a floating-point
    representation; the tolerance is the paper's, not a numerical threshold.
    """
    E = normalise_representation(R, std=std, center=center)
    p, d = E.shape
    s = samples(p)
    out = []
    for x, y in parallelograms(p):
        (i, j), (m, n) = s[x], s[y]
        if not include_zero and 0 in (i, j, m, n):
            continue
        v = E[i] + E[j] - E[m] - E[n]
        if float(v @ v) / d < tol:
            out.append((x, y))
    return tuple(out)


def rqi(R, **options) -> Fraction:
    """RQI = |P(R)| / |P0| (with ``include_zero=False`` the base set excludes index 0), note §8.2."""
    p = np.asarray(R).shape[0]
    num = len(realised_parallelograms(R, **options))
    if options.get("include_zero", True):
        den = len(parallelograms(p))
    else:
        s = samples(p)
        den = sum(1 for x, y in parallelograms(p) if 0 not in s[x] + s[y])
    return Fraction(num, den)


def predicted_accuracy(R, D: Iterable, **options) -> Fraction:
    """A-hat = |D-bar(P(R))| / |D0| (the authors' ``pred_acc``), note §8.3."""
    p = np.asarray(R).shape[0]
    return Fraction(len(completed_samples(p, D, realised_parallelograms(R, **options))), len(samples(p)))


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
    p = _check_p(p)
    if arithmetic not in ("modular", "fraction"):
        raise InputError(f"arithmetic = {arithmetic!r} must be 'modular' or 'fraction'")
    rref = _rref_mod if arithmetic == "modular" else _rref
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
                    span_cache[key] = rref(list(space) + list(gens)) if gens else space
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
    p = _check_p(p)
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
    B, N0 = orders.shape
    target = p - 2
    first = np.full(B, N0 + 1, dtype=np.int64)
    alive = np.arange(B)                          # trials not yet determined
    basis = np.zeros((B, p, p), dtype=np.int64)   # basis[b, c] = echelon row with pivot c (or 0)
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
            for c in range(p):
                v = (v - v[:, c:c + 1] * bas[:, c, :] % PRIME) % PRIME
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
